//go:build !linux

package reuse

import "unsafe"

// prefault is a no-op where there is no madvise to ask with.
func prefault(p unsafe.Pointer, n uintptr) {}
