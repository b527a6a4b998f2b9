// Command benchtrace reads a Go execution trace (PLANMINE_EXECTRACE, see
// bench/README.md) and says how busy the process kept its Ps: how long
// 0, 1, 2, … goroutines were running at once, and, while only one ran,
// which goroutine that was and what the others named by -roles waited
// on. That is where a pipeline leaves a core idle: the stage running
// alone is its bottleneck, and the others' wait reasons say why they
// could not help.
//
//	PLANMINE_EXECTRACE=/tmp/x.trace PLANMINE_EXECTRACE_WINDOW=60s+8s planmine ingest --data DIR FILES
//	go run ./bench/cmd/benchtrace /tmp/x.trace
//
// A goroutine's role is the first of its stack frames whose function name
// holds one of -roles (the default names the ingest pipeline's stages and
// bleve's background loops); goroutines without one are left out of the
// lists, not of the counts.
package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"golang.org/x/exp/trace"
)

// defaultRoles are the ingest pipeline's goroutines (corpus/importer: the
// workers, batcher, storer and indexer are Run's closures) and the index's
// background loops.
const defaultRoles = "importer.Run.func,importer.Run,mergerLoop,persisterLoop,introducerLoop,AnalysisWorker,reuse.parallel,sqlite.parallel,gcBgMarkWorker"

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "benchtrace:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("benchtrace", flag.ContinueOnError)
	fs.SetOutput(stderr)
	roles := fs.String("roles", defaultRoles, "逗号分隔的函数名片段，用来给 goroutine 命名 (comma-separated function-name parts that name a goroutine)")
	top := fs.Int("top", 12, "每个列表最多几行 (lines per list)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("需要一个 trace 文件 (want one trace file): benchtrace [-roles a,b] FILE")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	s, err := analyse(f, strings.Split(*roles, ","))
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	s.print(stdout, *top)
	return nil
}

// summary is what a trace showed, in seconds.
type summary struct {
	window float64
	// running[k] is how long exactly k goroutines were running.
	running []float64
	// alone is, per role, how long its goroutine ran while no other did.
	alone map[string]float64
	// waiting is, per "role | reason", how long goroutines of that role
	// waited (blocked or in a syscall) while exactly one goroutine ran,
	// summed over the role's goroutines (four waiting analysis workers
	// count four times).
	waiting map[string]float64
}

// analyse reads a trace and sums, between consecutive events, the state of
// the goroutines.
func analyse(r io.Reader, roles []string) (summary, error) {
	tr, err := trace.NewReader(r)
	if err != nil {
		return summary{}, err
	}
	s := summary{alone: map[string]float64{}, waiting: map[string]float64{}}
	running := map[trace.GoID]bool{}
	why := map[trace.GoID]string{}
	role := map[trace.GoID]string{}
	var first, last trace.Time
	for {
		ev, err := tr.ReadEvent()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return summary{}, err
		}
		t := ev.Time()
		if first == 0 {
			first = t
		}
		if last != 0 && t > last {
			d := float64(t-last) / 1e9
			for len(s.running) <= len(running) {
				s.running = append(s.running, 0)
			}
			s.running[len(running)] += d
			if len(running) == 1 {
				for g := range running {
					if n := role[g]; n != "" {
						s.alone[n] += d
					}
				}
				for g, w := range why {
					if n := role[g]; n != "" {
						s.waiting[n+" | "+w] += d
					}
				}
			}
		}
		if t > last {
			last = t
		}
		if ev.Kind() != trace.EventStateTransition {
			continue
		}
		st := ev.StateTransition()
		if st.Resource.Kind != trace.ResourceGoroutine {
			continue
		}
		g := st.Resource.Goroutine()
		// Asked again at each transition until named: a goroutine
		// started before the trace shows its own frames only once it
		// blocks.
		if role[g] == "" {
			role[g] = roleOf(st.Stack, roles)
			if role[g] == "" {
				role[g] = roleOf(ev.Stack(), roles)
			}
		}
		_, to := st.Goroutine()
		delete(why, g)
		switch to {
		case trace.GoRunning:
			running[g] = true
		case trace.GoSyscall:
			delete(running, g)
			why[g] = "syscall"
		case trace.GoWaiting:
			delete(running, g)
			why[g] = cmp.Or(st.Reason, "waiting")
		default:
			delete(running, g)
		}
	}
	if last > first {
		s.window = float64(last-first) / 1e9
	}
	return s, nil
}

// roleOf is the function name of the first frame of stk that holds one of
// roles, or "".
func roleOf(stk trace.Stack, roles []string) string {
	if stk == trace.NoStack {
		return ""
	}
	for fr := range stk.Frames() {
		for _, r := range roles {
			if r != "" && strings.Contains(fr.Func, r) {
				return fr.Func
			}
		}
	}
	return ""
}

// busy is the mean number of goroutines running.
func (s summary) busy() float64 {
	var sum, n float64
	for k, d := range s.running {
		sum += float64(k) * d
		n += d
	}
	if n == 0 {
		return 0
	}
	return sum / n
}

func (s summary) print(w io.Writer, top int) {
	fmt.Fprintf(w, "窗口 (window) %.2f s; 平均运行中 (mean running) %.2f goroutines\n", s.window, s.busy())
	for k, d := range s.running {
		fmt.Fprintf(w, "  %d running: %7.2f s  %5.1f%%\n", k, d, 100*d/max(s.window, 1e-9))
	}
	list := func(title string, m map[string]float64) {
		fmt.Fprintln(w, title)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(a, b string) int { return cmp.Or(cmp.Compare(m[b], m[a]), strings.Compare(a, b)) })
		for _, k := range keys[:min(top, len(keys))] {
			fmt.Fprintf(w, "  %7.2f s  %s\n", m[k], k)
		}
	}
	list("独自运行 (running alone):", s.alone)
	list("独自运行时其他 goroutine 在等什么，同一角色的相加 (while one runs alone, what the others wait on, summed over a role's goroutines):", s.waiting)
}
