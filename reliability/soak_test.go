//go:build reliability

package reliability

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// soakRSSBound is the stated memory bound: after warm-up the server's RSS
// may grow by at most this much over the soak (uploads keep adding
// documents, so some growth is expected; a leak per request is not).
const soakRSSBound = 300 << 10 // KB

// soakQueries are searches a reviewer would type.
var soakQueries = []string{"党建", "发展党员", "主题党日", "医德医风", "三会一课", "意识形态", "专题培训", "志愿服务", "党风廉政", "组织生活会", "人民医院", "工作计划"}

func soakDuration(t *testing.T) time.Duration {
	if v := os.Getenv("PLANMINE_SOAK"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("PLANMINE_SOAK: %v", err)
		}
		return d
	}
	if full() {
		return 10 * time.Minute
	}
	return 30 * time.Second
}

// zipOf packs generated documents seeds[i] as members of one zip.
func zipOf(prefix string, seeds []uint64) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, sd := range seeds {
		w, _ := zw.Create(fmt.Sprintf("%s-%06d.txt", prefix, sd))
		_, _ = w.Write([]byte(genDoc(sd)))
	}
	_ = zw.Close()
	return buf.Bytes()
}

// TestSoak runs 32 clients mixing searches, list and document views and
// uploads against a preloaded server for PLANMINE_SOAK (30 s quick, 10 min
// full), requires zero errors and bounded RSS growth, and reports p50/p99
// per endpoint.
func TestSoak(t *testing.T) {
	const clients = 32
	preload := 200
	if full() {
		preload = 400
	}
	dur := soakDuration(t)
	s := startServer(t, t.TempDir())
	s.hc = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 2 * clients, MaxConnsPerHost: 2 * clients}}

	start := time.Now()
	for i := 0; i < preload; i += 20 {
		seeds := make([]uint64, 20)
		for j := range seeds {
			seeds[j] = uint64(200000 + i + j)
		}
		st, _, raw, err := s.upload(context.Background(), upFile{fmt.Sprintf("预载-%d.zip", i), zipOf("预载", seeds)})
		if err != nil || st != http.StatusCreated {
			t.Fatalf("preload: %d %v %.300s", st, err, raw)
		}
	}
	l, err := s.listAll()
	if err != nil || l.Total < preload {
		t.Fatalf("preload: total %d (%v)", l.Total, err)
	}
	ids := make([]string, 0, len(l.Documents))
	for _, d := range l.Documents {
		ids = append(ids, d.ID)
	}
	note("soak preload: %d documents in %s", l.Total, time.Since(start).Round(time.Second))

	var (
		mu       sync.Mutex
		lat      = map[string][]time.Duration{}
		errs     []string
		nErr     atomic.Int64
		shed     atomic.Int64
		uploadID atomic.Uint64
	)
	uploadID.Store(300000)
	ctx, cancel := context.WithTimeout(context.Background(), dur)
	defer cancel()
	op := func(r *rand.Rand) (string, func() (int, error)) {
		get := func(p string) func() (int, error) {
			return func() (int, error) { st, _, err := s.do(ctx, http.MethodGet, p, nil, ""); return st, err }
		}
		id := ids[r.IntN(len(ids))]
		switch x := r.IntN(100); {
		case x < 40:
			return "search", get("/api/v1/search?q=" + url.QueryEscape(soakQueries[r.IntN(len(soakQueries))]))
		case x < 60:
			return "list", get(fmt.Sprintf("/api/v1/documents?offset=%d&limit=50", r.IntN(preload)))
		case x < 80:
			return "document", get("/api/v1/documents/" + id)
		case x < 87:
			return "reuse", get("/api/v1/documents/" + id + "/reuse")
		case x < 92:
			return "targets", get("/api/v1/targets?format=json&limit=50")
		default:
			return "upload", func() (int, error) {
				n := uploadID.Add(1)
				st, _, _, err := s.upload(ctx, upFile{fmt.Sprintf("浸泡-%d.txt", n), []byte(genDoc(n))})
				return st, err
			}
		}
	}
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(c), 42))
			for ctx.Err() == nil {
				name, f := op(r)
				t0 := time.Now()
				st, err := f()
				d := time.Since(t0)
				if ctx.Err() != nil {
					return // cut by the end of the soak, not a server error
				}
				switch {
				case err != nil || st >= 500:
					nErr.Add(1)
					mu.Lock()
					if len(errs) < 10 {
						errs = append(errs, fmt.Sprintf("%s: %d %v", name, st, err))
					}
					mu.Unlock()
					continue
				case st == http.StatusTooManyRequests:
					shed.Add(1)
					continue
				}
				mu.Lock()
				lat[name] = append(lat[name], d)
				mu.Unlock()
			}
		}(c)
	}
	// Sample RSS every 2 s; the first fifth (at least 10 s) is warm-up.
	warm := max(dur/5, 10*time.Second)
	var baseKB, peakKB, firstKB, lastKB int64
	tick := time.NewTicker(2 * time.Second)
	soakStart := time.Now()
	for done := false; !done; {
		select {
		case <-ctx.Done():
			done = true
		case <-tick.C:
			kb, err := s.rssKB()
			if err != nil {
				continue
			}
			if firstKB == 0 {
				firstKB = kb
			}
			lastKB = kb
			if time.Since(soakStart) <= warm {
				baseKB = kb
			} else {
				peakKB = max(peakKB, kb)
			}
		}
	}
	tick.Stop()
	wg.Wait()
	healthErr := s.healthy()

	var names []string
	total := 0
	for n := range lat {
		names = append(names, n)
		total += len(lat[n])
	}
	sort.Strings(names)
	var pct []string
	for _, n := range names {
		ds := lat[n]
		slices.Sort(ds)
		p := func(q float64) time.Duration { return ds[int(q*float64(len(ds)-1))].Round(100 * time.Microsecond) }
		pct = append(pct, fmt.Sprintf("%s n=%d p50=%s p99=%s", n, len(ds), p(0.5), p(0.99)))
	}
	note("soak %s, %d clients: %d requests (%.0f/s), %d shed with 429; %s", dur, clients, total, float64(total)/dur.Seconds(), shed.Load(), strings.Join(pct, "; "))

	okErr := nErr.Load() == 0 && healthErr == nil
	detail := fmt.Sprintf("%d errors (5xx or transport) in %d requests", nErr.Load(), total)
	if !okErr {
		detail += fmt.Sprintf("; health %v; first: %s", healthErr, strings.Join(errs, "; "))
		t.Error(detail)
	}
	record("soak", "zero errors", okErr, detail)

	growth := peakKB - baseKB
	okMem := baseKB > 0 && growth <= soakRSSBound
	mdetail := fmt.Sprintf("RSS start %d MB, after warm-up %d MB, peak %d MB, end %d MB; growth %d MB (bound %d MB)",
		firstKB>>10, baseKB>>10, peakKB>>10, lastKB>>10, growth>>10, soakRSSBound>>10)
	if !okMem {
		t.Error(mdetail)
	}
	record("soak", "RSS growth after warm-up", okMem, mdetail)
}
