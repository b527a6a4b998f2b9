package syncbuf

import (
	"strings"
	"sync"
	"testing"
)

// TestConcurrentWriteRead: writers and a reader at once (run with -race);
// every write arrives whole.
func TestConcurrentWriteRead(t *testing.T) {
	var b Buffer
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				b.Write([]byte("行\n"))
				_ = b.Bytes()
			}
		}()
	}
	wg.Wait()
	if n := strings.Count(b.String(), "行\n"); n != 400 {
		t.Fatalf("%d lines, want 400", n)
	}
	if got := b.Bytes(); len(got) != len(b.String()) {
		t.Fatalf("Bytes has %d bytes, String %d", len(got), len(b.String()))
	}
}
