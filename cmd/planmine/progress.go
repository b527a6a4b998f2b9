package main

import (
	"fmt"
	"io"
	"os"

	"golang.org/x/term"
)

// progress reports long work on stderr: a rewriting line on a terminal,
// nothing otherwise (the per-file results are printed anyway).
type progress struct {
	w     io.Writer
	label string
	tty   bool
	n     int
}

func newProgress(w io.Writer, label string) *progress {
	return &progress{w: w, label: label, tty: isTerminal(w)}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func (p *progress) step(name string) {
	p.n++
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s: %d  %s", p.label, p.n, name)
	}
}

// count shows done/total for work with a known size.
func (p *progress) count(done, total int) {
	p.n = done
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s: %d/%d", p.label, done, total)
	}
}

func (p *progress) clear() {
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

func (p *progress) done() {
	if p.tty && p.n > 0 {
		fmt.Fprintf(p.w, "\r\033[K%s: %d 个文件完成 (files done)\n", p.label, p.n)
	}
}
