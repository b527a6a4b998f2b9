package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"math/bits"
	"os"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/internal/shared"
)

// hanDigits keeps the Han characters and ASCII/full-width digits of s: the
// content that must survive any container, whatever happens to spacing and
// punctuation.
func hanDigits(s string) []rune {
	var out []rune
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			out = append(out, r)
		case r >= '0' && r <= '9':
			out = append(out, r)
		case r >= '０' && r <= '９':
			out = append(out, r-'０'+'0')
		}
	}
	return out
}

// lcsLen is the length of the longest common subsequence of a and b, by the
// bit-parallel algorithm of Allison–Dix/Hyyrö (O(len(a)·len(b)/64)), so whole
// documents can be compared in a test.
func lcsLen(a, b []rune) int {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	w := (len(a) + 63) / 64
	match := map[rune][]uint64{}
	for i, r := range a {
		m := match[r]
		if m == nil {
			m = make([]uint64, w)
			match[r] = m
		}
		m[i/64] |= 1 << (uint(i) % 64)
	}
	v := make([]uint64, w)
	for i := range v {
		v[i] = ^uint64(0)
	}
	for _, r := range b {
		m := match[r]
		if m == nil {
			continue
		}
		var carry, borrow uint64
		for i := 0; i < w; i++ {
			u := v[i] & m[i]
			sum, c := bits.Add64(v[i], u, carry)
			diff, bo := bits.Sub64(v[i], u, borrow)
			carry, borrow = c, bo
			v[i] = sum | diff
		}
	}
	zeros := 0
	for i := 0; i < len(a); i++ {
		if v[i/64]&(1<<(uint(i)%64)) == 0 {
			zeros++
		}
	}
	return zeros
}

// lcsRatio is LCS(got, want) / len(want): how much of want survives in
// order in got.
func lcsRatio(got, want []rune) float64 {
	if len(want) == 0 {
		return 1
	}
	return float64(lcsLen(got, want)) / float64(len(want))
}

func TestLCS(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"", "党建", 0},
		{"党建工作", "党建工作", 4},
		{"加强党建工作", "党的建设工作", 4},
		{"一二三四五", "五四三二一", 1},
		{strings.Repeat("党", 130), strings.Repeat("党", 70) + "建", 70},
		{strings.Repeat("ab", 100), strings.Repeat("ba", 100), 199},
	}
	for _, c := range cases {
		if got := lcsLen([]rune(c.a), []rune(c.b)); got != c.want {
			t.Errorf("lcsLen(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}

func TestHanDigits(t *testing.T) {
	got := string(hanDigits("一、全年发展党员５名,Ａ级 2025年!"))
	if want := "一全年发展党员5名级2025年"; got != want {
		t.Errorf("hanDigits = %q, want %q", got, want)
	}
}

// readAllText reads a file through the whole pipeline and joins its parts.
func readAllText(t testing.TB, path string) string {
	t.Helper()
	docs, err := ReadFile(context.Background(), path, Options{})
	if err != nil {
		t.Fatalf("ReadFile(%s): %v", path, err)
	}
	return joinDocs(docs)
}

func joinDocs(docs []doc.Document) string {
	var parts []string
	for _, d := range docs {
		parts = append(parts, d.Text)
	}
	return strings.Join(parts, "\n")
}

func seedPaths(t testing.TB) []string {
	t.Helper()
	dir := shared.Path(t, "corpus", "seeds")
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".txt") {
			out = append(out, dir+"/"+e.Name())
		}
	}
	sort.Strings(out)
	if len(out) == 0 {
		t.Fatal("no seed texts")
	}
	return out
}

// zipEntry is one member for makeZip.
type zipEntry struct {
	name   string
	body   []byte
	method uint16
	flags  uint16
}

// makeZip builds an archive in memory with members in the given order.
func makeZip(t testing.TB, entries []zipEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		fh := &zip.FileHeader{Name: e.name, Method: e.method, Flags: e.flags}
		if e.method == 0 {
			fh.Method = zip.Deflate
		}
		if e.flags != 0 {
			fh.NonUTF8 = true
		}
		w, err := zw.CreateHeader(fh)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
