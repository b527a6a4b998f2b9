// Command benchstartup measures how soon `planmine serve` answers after it
// is started: from exec to the first accepted TCP connection, the first
// /healthz 200, the first document list 200 (the store is open) and the
// first /readyz 200 (index, segmenter and all ready). Each run starts the
// binary on a loopback port, polls, then stops it with SIGTERM.
//
//	benchstartup -bin new=planmine[,base=planmine-old] -data DIR [-fresh SRC] [-break delete|truncate] [-runs 5] [-label name]
//
// Several binaries take turns, run by run, so that they meet the same
// machine load. With -fresh, DIR is replaced by a copy of SRC before each
// run (the copy is not timed), and -break then deletes or truncates to half
// the largest segment of its search index, so that every run rebuilds it.
// Prints one line per run and a line of medians per binary.
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/planmine/planmine/bench/internal/measure"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchstartup:", err)
		os.Exit(1)
	}
}

// times are one run's milliseconds from exec; -1 when never reached.
type times struct {
	Listen, Health, Store, Ready float64
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("benchstartup", flag.ContinueOnError)
	bin := fs.String("bin", "", "planmine binaries, name=path, comma-separated")
	data := fs.String("data", "", "data directory serve opens")
	fresh := fs.String("fresh", "", "copy this data directory to -data before each run")
	brk := fs.String("break", "", "with -fresh: delete|truncate the largest index segment of the copy")
	runs := fs.Int("runs", 5, "runs")
	label := fs.String("label", "", "name printed with the results")
	timeout := fs.Duration("timeout", 10*time.Minute, "give up on a run after this long")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *bin == "" || *data == "" {
		return fmt.Errorf("-bin and -data are required")
	}
	type binary struct {
		name, path string
		all        []times
	}
	var bins []*binary
	for _, b := range strings.Split(*bin, ",") {
		name, path, ok := strings.Cut(b, "=")
		if !ok {
			name, path = filepath.Base(b), b
		}
		bins = append(bins, &binary{name: name, path: path})
	}
	for i := range *runs {
		for _, b := range bins {
			if *fresh != "" {
				if err := prepare(*fresh, *data, *brk); err != nil {
					return err
				}
			}
			t, err := once(b.path, *data, *timeout)
			if err != nil {
				return fmt.Errorf("%s run %d: %w", b.name, i+1, err)
			}
			b.all = append(b.all, t)
			fmt.Fprintf(out, "%s %s run %d: listen %.0f ms, healthz %.0f ms, documents %.0f ms, ready %.0f ms\n",
				*label, b.name, i+1, t.Listen, t.Health, t.Store, t.Ready)
		}
	}
	for _, b := range bins {
		med := func(f func(times) float64) float64 {
			var xs []float64
			for _, t := range b.all {
				xs = append(xs, f(t))
			}
			return measure.Median(xs)
		}
		m := times{
			Listen: med(func(t times) float64 { return t.Listen }),
			Health: med(func(t times) float64 { return t.Health }),
			Store:  med(func(t times) float64 { return t.Store }),
			Ready:  med(func(t times) float64 { return t.Ready }),
		}
		fmt.Fprintf(out, "MEDIAN %s %s (%d runs): listen %.0f ms, healthz %.0f ms, documents %.0f ms, ready %.0f ms\n",
			*label, b.name, len(b.all), m.Listen, m.Health, m.Store, m.Ready)
	}
	return nil
}

// prepare replaces dst with a copy of src and breaks its index as asked.
func prepare(src, dst, brk string) error {
	if err := os.RemoveAll(dst); err != nil {
		return err
	}
	if out, err := exec.Command("cp", "-a", src, dst).CombinedOutput(); err != nil {
		return fmt.Errorf("cp: %v: %s", err, out)
	}
	if brk == "" {
		return nil
	}
	segs, _ := filepath.Glob(filepath.Join(dst, "index", "bleve", "store", "*.zap"))
	var big string
	var size int64 = -1
	for _, s := range segs {
		if fi, err := os.Stat(s); err == nil && fi.Size() > size {
			big, size = s, fi.Size()
		}
	}
	if big == "" {
		return fmt.Errorf("no index segment in %s", dst)
	}
	switch brk {
	case "delete":
		return os.Remove(big)
	case "truncate":
		return os.Truncate(big, size/2)
	}
	return fmt.Errorf("-break %q: want delete or truncate", brk)
}

// once starts serve, polls until ready, and stops it.
func once(bin, data string, timeout time.Duration) (times, error) {
	port, err := freePort()
	if err != nil {
		return times{}, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.Command(bin, "serve", "--data", data, "--addr", addr)
	cmd.Env = append(os.Environ(), "PLANMINE_TOKEN=", "PLANMINE_READ_TOKEN=")
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return times{}, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(time.Minute):
			cmd.Process.Kill()
			<-exited
		}
	}()
	ms := func() float64 { return float64(time.Since(start).Microseconds()) / 1000 }
	t := times{Listen: -1, Health: -1, Store: -1, Ready: -1}
	hc := &http.Client{Timeout: 5 * time.Second}
	ok := func(path string) bool {
		resp, err := hc.Get("http://" + addr + path)
		if err != nil {
			return false
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}
	deadline := start.Add(timeout)
	for t.Ready < 0 {
		if time.Now().After(deadline) {
			return t, fmt.Errorf("not ready after %s", timeout)
		}
		select {
		case err := <-exited:
			exited <- err
			return t, fmt.Errorf("serve exited: %v", err)
		default:
		}
		if t.Listen < 0 {
			// Connect as often as the kernel answers: this is the figure.
			c, err := net.DialTimeout("tcp", addr, time.Second)
			if err != nil {
				time.Sleep(time.Millisecond)
				continue
			}
			t.Listen = ms()
			c.Close()
		}
		if t.Health < 0 && ok("/healthz") {
			t.Health = ms()
		}
		if t.Store < 0 && ok("/api/v1/documents?limit=1") {
			t.Store = ms()
		}
		if ok("/readyz") {
			t.Ready = ms()
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	return t, nil
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
