//go:build reliability

package reliability

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestCrashSafety uploads generated documents one per request, SIGKILLs
// the server part-way, restarts it on the same data dir and checks that
// every acknowledged document is there exactly once and that the index
// agrees with the store. The full form repeats the kill three times.
func TestCrashSafety(t *testing.T) {
	const total = 300
	data := t.TempDir()
	cycles := 1
	if full() {
		cycles = 3
	}
	var (
		mu    sync.Mutex
		acked = map[string]string{} // id → source
	)
	next := 0 // next document to upload; the one in flight at the kill is re-sent
	for cycle := 1; cycle <= cycles; cycle++ {
		s := startServer(t, data)
		// Kill after about a third of what is left has been acknowledged.
		killAt := len(acked) + (total-next)/3
		ctx, cancel := context.WithCancel(context.Background())
		reached := make(chan struct{})
		stopped := make(chan struct{})
		var once sync.Once
		go func() {
			defer close(stopped)
			for i := next; i < total && ctx.Err() == nil; i++ {
				src := fmt.Sprintf("崩溃测试-%03d.txt", i)
				st, resp, _, err := s.upload(ctx, upFile{src, []byte(genDoc(uint64(100000 + i)))})
				if err != nil {
					return // the kill (or cancel) cut this request: not acknowledged
				}
				mu.Lock()
				if st == http.StatusCreated || st == http.StatusOK {
					for _, r := range resp.Results {
						if r.ID != "" {
							acked[r.ID] = r.Source
						}
					}
					next = i + 1
				}
				n := len(acked)
				mu.Unlock()
				if n >= killAt {
					once.Do(func() { close(reached) })
				}
			}
			once.Do(func() { close(reached) })
		}()
		select {
		case <-reached:
		case <-time.After(10 * time.Minute):
			t.Errorf("cycle %d: uploads too slow to reach %d", cycle, killAt)
		}
		s.kill()
		cancel()
		<-stopped
		mu.Lock()
		nAcked := len(acked)
		mu.Unlock()

		// Restart on the same data: every acknowledged id must be served.
		s2 := startServer(t, data)
		repaired := strings.Contains(s2.tail(), "repairing")
		var bad []string
		for id := range acked {
			st, b, err := s2.get("/api/v1/documents/" + id)
			if err != nil || st != http.StatusOK {
				bad = append(bad, fmt.Sprintf("%s: %d %v %.100s", id, st, err, b))
			}
		}
		// Re-send the document that was in flight: created or duplicate,
		// never stored twice.
		src := fmt.Sprintf("崩溃测试-%03d.txt", next)
		st, resp, raw, err := s2.upload(context.Background(), upFile{src, []byte(genDoc(uint64(100000 + next)))})
		if err != nil || (st != http.StatusCreated && st != http.StatusOK) {
			bad = append(bad, fmt.Sprintf("re-send %s: %d %v %s", src, st, err, raw))
		} else {
			for _, r := range resp.Results {
				acked[r.ID] = r.Source
			}
			next++
		}
		l, err := s2.listAll()
		if err != nil {
			bad = append(bad, err.Error())
		}
		seen := map[string]int{}
		for _, d := range l.Documents {
			seen[fmt.Sprintf("%s#%d", d.Source, d.Part)]++
		}
		for k, n := range seen {
			if n > 1 {
				bad = append(bad, fmt.Sprintf("%s stored %d times", k, n))
			}
		}
		if l.Total != len(acked) {
			bad = append(bad, fmt.Sprintf("API total %d, acknowledged %d", l.Total, len(acked)))
		}
		s2.stop()
		storeN, indexN := checkOffline(t, "crash", data, len(acked))
		detail := fmt.Sprintf("killed after %d acknowledged; after restart: API %d, store %d, index %d; in-flight re-send %d; index repaired at start: %v",
			nAcked, l.Total, storeN, indexN, st, repaired)
		if len(bad) > 0 {
			if len(bad) > 5 {
				bad = append(bad[:5], fmt.Sprintf("… %d more", len(bad)-5))
			}
			detail += "; " + strings.Join(bad, "; ")
			t.Errorf("cycle %d: %s", cycle, detail)
		}
		record("crash", fmt.Sprintf("kill -9 cycle %d", cycle), len(bad) == 0, detail)
		if next >= total {
			break
		}
	}
}
