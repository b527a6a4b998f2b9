package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"runtime/trace"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// sink keeps the spin loops from being optimised away.
var sink atomic.Int64

// spin keeps a P busy until deadline without allocating.
//
//go:noinline
func spin(deadline time.Time) {
	n := 0
	for time.Now().Before(deadline) {
		for i := range 1000 {
			n += i
		}
	}
	sink.Add(int64(n))
}

//go:noinline
func spinPair(deadline time.Time, wg *sync.WaitGroup) { defer wg.Done(); spin(deadline) }

//go:noinline
func spinAlone(deadline time.Time, wg *sync.WaitGroup) { defer wg.Done(); spin(deadline) }

//go:noinline
func waiter(ch chan struct{}, wg *sync.WaitGroup) { defer wg.Done(); <-ch }

// record traces 300 ms of two goroutines spinning, then 300 ms of one
// spinning while another waits on a channel.
func record(t *testing.T) []byte {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	var buf bytes.Buffer
	if err := trace.Start(&buf); err != nil {
		t.Skipf("tracing already on: %v", err)
	}
	var wg sync.WaitGroup
	d := time.Now().Add(300 * time.Millisecond)
	wg.Add(2)
	go spinPair(d, &wg)
	go spinPair(d, &wg)
	wg.Wait()
	ch := make(chan struct{})
	wg.Add(2)
	go waiter(ch, &wg)
	go spinAlone(time.Now().Add(300*time.Millisecond), &wg)
	time.Sleep(350 * time.Millisecond)
	close(ch)
	wg.Wait()
	trace.Stop()
	return buf.Bytes()
}

func TestAnalyse(t *testing.T) {
	data := record(t)
	s, err := analyse(bytes.NewReader(data), []string{"spinPair", "spinAlone", "waiter"})
	if err != nil {
		t.Fatal(err)
	}
	if s.window < 0.6 {
		t.Errorf("window %.2f s, want ≥ 0.6", s.window)
	}
	if len(s.running) < 3 || s.running[2] < 0.2 {
		t.Fatalf("running %v: want ≥ 0.2 s with two running", s.running)
	}
	if s.running[1] < 0.2 {
		t.Errorf("running %v: want ≥ 0.2 s with one running", s.running)
	}
	if b := s.busy(); b < 0.8 || b > 2 {
		t.Errorf("mean running %.2f, want between 0.8 and 2", b)
	}
	var alone, waited float64
	for k, v := range s.alone {
		if strings.HasSuffix(k, ".spinAlone") {
			alone += v
		}
		if strings.HasSuffix(k, ".spinPair") && v > 0.1 {
			t.Errorf("spinPair ran alone %.2f s", v)
		}
	}
	for k, v := range s.waiting {
		if strings.HasSuffix(k, ".waiter | chan receive") {
			waited += v
		}
	}
	if alone < 0.2 || waited < 0.2 {
		t.Errorf("spinAlone alone %.2f s, waiter waiting %.2f s; want ≥ 0.2 each (alone %v, waiting %v)", alone, waited, s.alone, s.waiting)
	}
	var out bytes.Buffer
	s.print(&out, 5)
	for _, want := range []string{"2 running:", "spinAlone", "waiter | chan receive"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRun(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.trace")
	if err := os.WriteFile(path, record(t), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errs bytes.Buffer
	if err := run([]string{"-roles", "spinAlone", path}, &out, &errs); err != nil {
		t.Fatal(err, errs.String())
	}
	if !strings.Contains(out.String(), "spinAlone") {
		t.Errorf("output lacks the role:\n%s", out.String())
	}
	if err := run(nil, &out, &errs); err == nil {
		t.Error("no file: want an error")
	}
	bad := filepath.Join(t.TempDir(), "bad.trace")
	if err := os.WriteFile(bad, []byte("not a trace"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{bad}, &out, &errs); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("bad file: got %v, want an error naming it", err)
	}
}
