package pdf

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/ingest/raw"
	"github.com/planmine/planmine/ingest/readerr"
	"github.com/planmine/planmine/internal/shared"
)

// hanDigits keeps the Han characters and ASCII digits of s, folded to
// Simplified so that a Traditional seed and its PDF compare alike.
func hanDigits(s string) []rune {
	var out []rune
	for _, r := range fold.Text(s) {
		if unicode.Is(unicode.Han, r) || r >= '0' && r <= '9' {
			out = append(out, r)
		}
	}
	return out
}

func hanOnly(s string) []rune {
	var out []rune
	for _, r := range fold.Text(s) {
		if unicode.Is(unicode.Han, r) {
			out = append(out, r)
		}
	}
	return out
}

// lcs returns the length of the longest common subsequence of a and b by
// Myers' O((n+m)·D) diff, which is fast for near-identical texts. It gives
// up at maxD edits and returns a lower bound then.
func lcs(a, b []rune) int {
	n, m := len(a), len(b)
	const maxD = 20000
	max := n + m
	if max == 0 {
		return 0
	}
	off := max + 1
	v := make([]int, 2*max+2)
	for d := 0; d <= max && d <= maxD; d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || k != d && v[off+k-1] < v[off+k+1] {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				return (n + m - d) / 2
			}
		}
	}
	return 0
}

func TestLCS(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"党建工作", "党建工作", 4},
		{"党建工作", "党的建设工作", 4},
		{"abcdef", "azced", 3},
		{"一二三", "四五六", 0},
	}
	for _, c := range cases {
		if got := lcs([]rune(c.a), []rune(c.b)); got != c.want {
			t.Errorf("lcs(%q,%q)=%d want %d", c.a, c.b, got, c.want)
		}
	}
}

func joinParas(ps []raw.Para) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

// seedHeading matches the outline lines of a seed: 一、 （一） (一) 1、 1. （1）.
var seedHeading = regexp.MustCompile(`^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[、.．](?:\D|$)|[（(]\d{1,2}[）)])`)

// headingKey is the start of a heading compared against paragraph starts.
func headingKey(s string) string {
	var rs []rune
	for _, r := range fold.Text(s) {
		if !unicode.IsSpace(r) {
			rs = append(rs, r)
		}
		if len(rs) == 8 {
			break
		}
	}
	return string(rs)
}

func formatFixtures(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob(shared.Path(t, "corpus", "formats", "*.pdf"))
	if len(files) == 0 {
		t.Fatal("no PDF fixtures in corpus/formats")
	}
	return files
}

func TestFormatsMatchSeeds(t *testing.T) {
	for _, f := range formatFixtures(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			nnn := filepath.Base(f)[:3]
			seeds, _ := filepath.Glob(filepath.Join(filepath.Dir(filepath.Dir(f)), "seeds", nnn+"_*.txt"))
			if len(seeds) != 1 {
				t.Fatalf("seed for %s not found", nnn)
			}
			seed, err := os.ReadFile(seeds[0])
			if err != nil {
				t.Fatal(err)
			}
			ps, info, err := ExtractWithInfo(context.Background(), data)
			if err != nil {
				t.Fatal(err)
			}
			if info.Route != RouteOwn {
				t.Errorf("route = %q, want %q (own extractor, not the fallback)", info.Route, RouteOwn)
			}
			got := joinParas(ps)
			want := hanDigits(string(seed))
			ratio := float64(lcs(want, hanDigits(got))) / float64(len(want))
			t.Logf("Han+digit LCS ratio %.4f (%d seed chars), %d paragraphs, %d pages", ratio, len(want), len(ps), info.Pages)
			if ratio < 0.995 {
				t.Errorf("Han+digit LCS ratio %.4f < 0.995", ratio)
			}
			starts := map[string]bool{}
			for _, p := range ps {
				starts[headingKey(p.Text)] = true
				if p.Page < 1 || p.Page > info.Pages {
					t.Errorf("paragraph page %d outside 1..%d", p.Page, info.Pages)
				}
			}
			var heads, hit int
			var missed []string
			for _, ln := range strings.Split(string(seed), "\n") {
				ln = strings.TrimSpace(ln)
				if !seedHeading.MatchString(fold.Text(ln)) {
					continue
				}
				heads++
				if starts[headingKey(ln)] {
					hit++
				} else if len(missed) < 5 {
					missed = append(missed, headingKey(ln))
				}
			}
			if heads == 0 {
				t.Fatal("seed has no heading lines")
			}
			share := float64(hit) / float64(heads)
			t.Logf("headings starting a paragraph: %d/%d = %.3f", hit, heads, share)
			if share < 0.95 {
				t.Errorf("headings starting a paragraph %.3f < 0.95; missed e.g. %q", share, missed)
			}
		})
	}
}

// popplerText runs pdftotext on a file; it skips outside CI when poppler
// is not installed.
func popplerText(t *testing.T, f string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext missing under CI (scripts/setup.sh installs poppler-utils)")
		}
		t.Skip("pdftotext not installed")
	}
	out, err := exec.Command("pdftotext", "-q", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", f, err)
	}
	return string(out)
}

func TestAgainstPdftotext(t *testing.T) {
	files := formatFixtures(t)
	files = append(files, shared.Path(t, "corpus", "external", "gwr_beijing2024_wps.pdf"))
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			ps, info, err := ExtractWithInfo(context.Background(), data)
			if err != nil {
				t.Fatal(err)
			}
			if info.Route != RouteOwn {
				t.Errorf("route = %q, want %q", info.Route, RouteOwn)
			}
			want := hanOnly(popplerText(t, f))
			ratio := float64(lcs(want, hanOnly(joinParas(ps)))) / float64(len(want))
			t.Logf("Han LCS vs pdftotext %.4f (%d chars), %d paragraphs", ratio, len(want), len(ps))
			if ratio < 0.99 {
				t.Errorf("Han LCS vs pdftotext %.4f < 0.99", ratio)
			}
			for _, p := range ps {
				if isPageNumber(p.Text) {
					t.Errorf("page-number paragraph left: %q (page %d)", p.Text, p.Page)
				}
			}
		})
	}
}

func TestWPSNoPageNumbers(t *testing.T) {
	f := shared.Path(t, "corpus", "external", "gwr_beijing2024_wps.pdf")
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	ps, info, err := ExtractWithInfo(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	if info.Pages < 2 {
		t.Fatalf("pages = %d", info.Pages)
	}
	// Besides bare page numbers, no paragraph may end or start with one
	// glued on from a footer ("— 3 —" joined into body text).
	glued := regexp.MustCompile(`^[-—–－]\s*\d+\s*[-—–－]|[-—–－]\s*\d+\s*[-—–－]$`)
	for _, p := range ps {
		if isPageNumber(p.Text) || glued.MatchString(p.Text) {
			t.Errorf("page number left in %q", p.Text)
		}
	}
}

func TestContextCancelled(t *testing.T) {
	f := filepath.Join(shared.Path(t, "corpus", "formats"), "002_libreoffice.pdf")
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Extract(ctx, data); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// TestHostilePageCount: a page tree whose /Count claims more pages than the
// file could hold is bounded by the file's size, so a tiny upload cannot
// make the page loop spin (a 500-byte file claiming 99,999 pages took 4 s).
func TestHostilePageCount(t *testing.T) {
	b := newBuilder()
	data := b.build("BT /F1 12 Tf 72 720 Td (hello) Tj ET")
	// Same length, so the xref offsets stay valid.
	hostile := bytes.Replace(data, []byte("/Count 1 >>"), []byte("/Count 99>>"), 1)
	if bytes.Equal(hostile, data) {
		t.Fatal("fixture has no /Count 1 to rewrite")
	}
	r, err := open(hostile)
	if err != nil {
		t.Fatal(err)
	}
	n, err := numPages(r, len(hostile))
	if err != nil {
		t.Fatal(err)
	}
	if limit := len(hostile)/minPageBytes + 1; n > limit || n >= 99 {
		t.Errorf("numPages = %d for a %d-byte file claiming 99 pages (limit %d)", n, len(hostile), limit)
	}
	if _, err := Extract(context.Background(), hostile); err != nil && !errors.Is(err, readerr.ErrCorrupt) && !errors.Is(err, readerr.ErrNoText) {
		t.Errorf("hostile count: %v", err)
	}
}
