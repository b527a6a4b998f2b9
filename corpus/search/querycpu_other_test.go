//go:build !linux

package search

import "time"

// queryCPU is not measured outside Linux.
func queryCPU() time.Duration { return 0 }
