package clean

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/planmine/planmine/internal/shared"
)

// TestPatternsCompile builds every pattern of the tables: they are
// compiled on first use, so a bad expression would otherwise only show on
// the line that first reaches it.
func TestPatternsCompile(t *testing.T) {
	for _, p := range patterns {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("pattern %q: %v", p.expr, r)
				}
			}()
			p.may("")
			p.Regexp()
		}()
	}
}

// TestPatternPrefilter checks that the cheap test in front of every
// pattern never changes an answer: on the lines (raw and folded, and
// their ends) of the seeds and the real pages, each pattern answers as
// its bare regexp does.
func TestPatternPrefilter(t *testing.T) {
	ps := patterns
	if len(ps) < 80 {
		t.Fatalf("%d patterns registered", len(ps))
	}
	files, _ := filepath.Glob(shared.Path(t, "corpus", "seeds", "*.txt"))
	real, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "real", "*", "*.txt"))
	seen := map[string]bool{}
	var texts []string
	for _, p := range append(files, real...) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(string(b), "\n") {
			if l = normalizeText(l); len(l) > 600 {
				l = l[:runeOffset(l, 0, 150)] // the patterns' edges are what is tested
			}
			f := (&ctx{}).fold(l)
			for _, s := range []string{l, f, runePrefix(f, 12), f[tailWindowStart(f):]} {
				if !seen[s] {
					seen[s] = true
					texts = append(texts, s)
				}
			}
		}
	}
	texts = append(texts, "")
	for _, s := range texts {
		if isHeading(s) != headingMarker.Regexp().MatchString(s) {
			t.Fatalf("isHeading(%q) differs from headingMarker", s)
		}
	}
	filtered := 0
	for _, p := range ps {
		for _, s := range texts {
			want := p.Regexp().FindStringSubmatchIndex(s)
			if got := p.FindStringSubmatchIndex(s); !equalInts(got, want) {
				t.Fatalf("%s on %q: %v, want %v", p, s, got, want)
			}
			if got, want := p.FindAllStringIndex(s, -1), p.Regexp().FindAllStringIndex(s, -1); len(got) != len(want) {
				t.Fatalf("%s FindAllStringIndex(%q) = %v, want %v", p, s, got, want)
			}
			if !p.may(s) {
				filtered++
			}
		}
	}
	if filtered == 0 {
		t.Error("no line was filtered")
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) || (a == nil) != (b == nil) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
