//go:build !linux

package sqlite

import "os"

// stampOf is only implemented where ctime is read (Linux); elsewhere every
// open checks.
func stampOf(os.FileInfo) (checkStamp, bool) { return checkStamp{}, false }
