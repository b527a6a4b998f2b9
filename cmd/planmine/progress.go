package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"
)

// progress reports long work on stderr: a rewriting line on a terminal
// (done/total, percent, elapsed, ETA), and, when plain is set and stderr
// is not a terminal, one plain line every plain interval (logs and CI keep
// a trace without control characters).
type progress struct {
	w     io.Writer
	label string
	tty   bool
	plain time.Duration // 0: nothing when not a terminal
	n     int
	total int // 0 when unknown
	start time.Time
	last  time.Time // last line drawn or printed
	now   func() time.Time
}

// plainEvery is how often planmine ingest and reindex print a progress
// line when stderr is not a terminal.
const plainEvery = 10 * time.Second

// ttyEvery bounds terminal redraws; the last one is always drawn.
const ttyEvery = 100 * time.Millisecond

func newProgress(w io.Writer, label string) *progress {
	p := &progress{w: w, label: label, tty: isTerminal(w), now: time.Now}
	p.start = p.now()
	p.last = p.start
	return p
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// setTotal sets the amount of work behind the percentage and the ETA.
func (p *progress) setTotal(total int) { p.total = total }

// step counts one item done; name is shown on a terminal.
func (p *progress) step(name string) {
	p.n++
	p.show(name, false)
}

// redraw shows the current count on a terminal now, whatever the redraw
// interval (after a batch that moved the count at once).
func (p *progress) redraw(name string) {
	if p.tty {
		p.show(name, true)
	}
}

// count shows done/total for work with a known size.
func (p *progress) count(done, total int) {
	p.n, p.total = done, total
	p.show("", false)
}

func (p *progress) show(name string, force bool) {
	now := p.now()
	total := 0
	if p.total > 0 {
		// Archives found inside archives bring more files than counted.
		total = max(p.total, p.n)
	}
	switch {
	case p.tty:
		if now.Sub(p.last) < ttyEvery && p.n != total && !force {
			return
		}
		p.last = now
		line := formatProgress(p.label, p.n, total, now.Sub(p.start))
		if name != "" {
			line += "  " + name
		}
		fmt.Fprintf(p.w, "\r\033[K%s", line)
	case p.plain > 0:
		if now.Sub(p.last) < p.plain {
			return
		}
		p.last = now
		fmt.Fprintln(p.w, formatProgress(p.label, p.n, total, now.Sub(p.start)))
	}
}

// formatProgress is one progress line: "导入 (ingest): 120/1000 (12%) ·
// 已用 (elapsed) 1m20s · 剩余约 (ETA) 9m47s". total 0 means unknown.
func formatProgress(label string, done, total int, elapsed time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d", label, done)
	if total > 0 {
		fmt.Fprintf(&b, "/%d (%d%%)", total, done*100/total)
	}
	fmt.Fprintf(&b, " · 已用 (elapsed) %s", formatDuration(elapsed))
	switch {
	case total <= 0 || done >= total:
	case done == 0 || done < total/100:
		// Too early: start-up (dictionary, first batch) dominates.
		b.WriteString(" · 剩余约 (ETA) ?")
	default:
		eta := time.Duration(float64(elapsed) / float64(done) * float64(total-done))
		fmt.Fprintf(&b, " · 剩余约 (ETA) %s", formatDuration(eta))
	}
	return b.String()
}

// formatDuration is a short duration: 45s, 9m05s, 1h02m.
func formatDuration(d time.Duration) string {
	d = d.Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	switch {
	case h > 0:
		return fmt.Sprintf("%dh%02dm", h, m)
	case m > 0:
		return fmt.Sprintf("%dm%02ds", m, s)
	}
	return fmt.Sprintf("%ds", s)
}

func (p *progress) clear() {
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

func (p *progress) done() {
	if p.tty && p.n > 0 {
		fmt.Fprintf(p.w, "\r\033[K%s: %d 个完成 (done)，用时 (took) %s\n", p.label, p.n, formatDuration(p.now().Sub(p.start)))
	}
}
