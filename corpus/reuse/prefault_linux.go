package reuse

import (
	"syscall"
	"unsafe"
)

// madvPopulateWrite is MADV_POPULATE_WRITE (Linux 5.14), which the
// syscall package does not name; older kernels refuse it, harmlessly.
const madvPopulateWrite = 23

// prefault makes the n bytes at p resident in one call, on huge pages
// where the kernel backs them: memory about to be written in full
// otherwise takes a page fault every 4 KiB, and a fault costs much more
// than writing the page (microseconds in a virtual machine). Both calls
// are hints; their errors change nothing.
func prefault(p unsafe.Pointer, n uintptr) {
	const page, huge = 4 << 10, 2 << 20
	start := uintptr(p)
	lo := (start + page - 1) &^ (page - 1)
	hi := (start + n) &^ (page - 1)
	if hi <= lo {
		return
	}
	if hlo, hhi := (lo+huge-1)&^(huge-1), hi&^(huge-1); hhi > hlo {
		_ = syscall.Madvise(unsafe.Slice((*byte)(unsafe.Add(p, hlo-start)), hhi-hlo), syscall.MADV_HUGEPAGE)
	}
	_ = syscall.Madvise(unsafe.Slice((*byte)(unsafe.Add(p, lo-start)), hi-lo), madvPopulateWrite)
}
