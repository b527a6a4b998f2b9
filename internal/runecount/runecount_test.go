package runecount

import (
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

func check(t *testing.T, s string) {
	t.Helper()
	want := utf8.RuneCountInString(s)
	if got := Of(s); got != want {
		t.Errorf("Of(%q) = %d, want %d", s, got, want)
	}
	for _, limit := range []int{0, 1, 2, 3, want - 1, want, want + 1, 1000} {
		if limit < 0 {
			continue
		}
		if got, w := UpTo(s, limit), min(want, limit); got != w {
			t.Errorf("UpTo(%q, %d) = %d, want %d", s, limit, got, w)
		}
	}
}

func TestOf(t *testing.T) {
	for _, s := range []string{
		"", "abc", "中文", "二〇二四年工作计划：一、", "\uFF01\uFFFD\uE000", "𠀀a",
		"\xff", "a\xe4\xb8", "\xe4\xb8\xe4\xb8\xad", "\xed\xa0\x80", "\xe0\x80\x80", "\xe0\xa0\x80",
		"\xef\xbf\xbf", "\xee\x80", "\xc3\xa9\xe4", "中\x80文",
	} {
		check(t, s)
	}
	// Every short byte string over the bytes that matter.
	bs := []byte{'a', 0x80, 0xbf, 0xa0, 0x9f, 0xc3, 0xe0, 0xe1, 0xe4, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf4, 0xff}
	var rec func(prefix []byte, depth int)
	rec = func(prefix []byte, depth int) {
		check(t, string(prefix))
		if depth == 0 {
			return
		}
		for _, b := range bs {
			rec(append(prefix, b), depth-1)
		}
	}
	rec(nil, 4)
}

func TestReports(t *testing.T) {
	files, _ := filepath.Glob("../../ingest/testdata/*.txt")
	if len(files) == 0 {
		t.Skip("no text fixtures")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		check(t, string(b))
	}
}

func BenchmarkOf(b *testing.B) {
	s := "坚持以人民为中心的发展思想，全面推进各项工作。2024年完成目标任务100%。"
	for range 8 {
		s += s
	}
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Of(s)
	}
}
