//go:build linux

package sqlite

import (
	"os"
	"syscall"
)

func stampOf(info os.FileInfo) (checkStamp, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return checkStamp{}, false
	}
	return checkStamp{
		Size:  info.Size(),
		Mtime: info.ModTime().UnixNano(),
		Ctime: int64(st.Ctim.Sec)*1e9 + int64(st.Ctim.Nsec),
		Inode: uint64(st.Ino),
	}, true
}
