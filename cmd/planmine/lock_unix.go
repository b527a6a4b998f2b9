//go:build unix

package main

import (
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// indexInUse reports whether another process (a running planmine serve)
// holds the search index of dir open: the index's bolt file is locked.
func indexInUse(dir string) bool {
	f, err := os.OpenFile(filepath.Join(dir, "index", "bleve", "store", "root.bolt"), os.O_RDWR, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		return true
	}
	unix.Flock(int(f.Fd()), unix.LOCK_UN)
	return false
}
