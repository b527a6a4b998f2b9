//go:build unix

package sqlite

import "golang.org/x/sys/unix"

// FreeSpace implements corpus.FreeSpacer: the bytes an unprivileged
// writer may still use on the disk holding the data directory.
func (db *DB) FreeSpace() (int64, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(db.dir, &st); err != nil {
		return -1, err
	}
	return int64(st.Bavail) * int64(st.Bsize), nil
}
