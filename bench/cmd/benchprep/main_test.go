package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/planmine/planmine/bench/internal/measure"
	"github.com/planmine/planmine/ingest/fold"
)

func TestWritePlanted(t *testing.T) {
	dir := t.TempDir()
	if err := writePlanted(filepath.Join("..", "..", "testdata"), dir); err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	plan, cp, trad := read("plan.txt"), read("copy_ascii.txt"), read("copy_trad.txt")
	if n := len([]rune(plan)); n < 1000 {
		t.Errorf("plan has %d runes, want a plan of about 1,500", n)
	}

	// The half copy: body paragraphs of the plan with ASCII punctuation,
	// about half of them, and none with the original full-width marks.
	var kept, bodies int
	for _, l := range nonEmpty(plan) {
		if len([]rune(l)) <= 40 {
			continue
		}
		bodies++
		if strings.Contains(cp, asciiPunct.Replace(l)) {
			kept++
		}
		if strings.Contains(cp, l) {
			t.Errorf("copy keeps a paragraph with its full-width punctuation: %q", l)
		}
	}
	if kept < bodies/3 || kept > bodies*2/3+1 {
		t.Errorf("copy keeps %d of %d body paragraphs, want about half", kept, bodies)
	}

	// The Traditional copy reads as Traditional and folds back to the plan.
	if s := fold.Script(trad); s != fold.Traditional {
		t.Errorf("fold.Script(copy_trad) = %q, want traditional", s)
	}
	if trad == plan {
		t.Error("copy_trad equals the plan: no conversion happened")
	}
	if a := measure.HanAgreement(fold.Text(trad), fold.Text(plan)); a < 0.98 {
		t.Errorf("folded Traditional copy agrees %.3f with the plan, want ≥ 0.98", a)
	}
}

func TestNonEmpty(t *testing.T) {
	got := nonEmpty("一、总体思路\n\n  \n坚持以人民为中心。\r\n")
	want := []string{"一、总体思路", "坚持以人民为中心。"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("nonEmpty = %q, want %q", got, want)
	}
}
