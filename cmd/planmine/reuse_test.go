package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestInputAtMost(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	a, b := filepath.Join(dir, "a.txt"), filepath.Join(sub, "b.txt")
	for _, f := range []struct {
		path string
		size int
	}{{a, 300}, {b, 500}} {
		if err := os.WriteFile(f.path, make([]byte, f.size), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		paths []string
		limit int64
		want  bool
	}{
		{[]string{dir}, 800, true},
		{[]string{dir}, 799, false},
		{[]string{a}, 300, true},
		{[]string{a, b}, 700, false},
		{[]string{sub, a}, 800, true},
		{[]string{filepath.Join(dir, "missing")}, 0, true},
	}
	for _, c := range cases {
		if got := inputAtMost(c.paths, c.limit); got != c.want {
			t.Errorf("inputAtMost(%v, %d) = %v, want %v", c.paths, c.limit, got, c.want)
		}
	}
}
