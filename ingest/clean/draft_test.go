package clean

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/planmine/planmine/internal/shared"
)

// TestDraftFinishMatchesSplit: a draft finished again and again, with
// different Recurring answers, gives what SplitWith gives each time; the
// lines a Finish works on are pooled space, which must never reach the
// draft or the parts.
func TestDraftFinishMatchesSplit(t *testing.T) {
	files, _ := filepath.Glob(shared.Path(t, "corpus", "seeds", "*.txt"))
	if len(files) == 0 {
		t.Fatal("no seed texts")
	}
	none := Options{}
	// Every key of even length recurs: lines go that no file drops alone.
	some := Options{Recurring: func(key string) bool { return len(key)%2 == 0 }}
	changed := 0
	for _, path := range files {
		paras := readLines(t, path)
		name := filepath.Base(path)
		d := Begin(name, paras)
		var parts [][]Part
		for i, opt := range []Options{none, some, none, some} {
			got, want := d.Finish(opt), SplitWith(name, paras, opt)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: Finish %d differs from SplitWith", name, i)
			}
			parts = append(parts, got)
		}
		if !reflect.DeepEqual(parts[0], parts[1]) {
			changed++
		}
	}
	if changed == 0 {
		t.Error("Recurring changed no file: the test shows nothing")
	}
}
