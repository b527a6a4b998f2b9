package pdf

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/planmine/planmine/internal/shared"
)

// TestFontsSharedAcrossPages: the fonts a document's pages share are
// loaded once, and every page reads exactly as it does with fonts loaded
// page by page.
func TestFontsSharedAcrossPages(t *testing.T) {
	files := formatFixtures(t)
	ext, _ := filepath.Glob(shared.Path(t, "corpus", "external", "*.pdf"))
	files = append(files, ext...)
	multi := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r, err := open(data)
		if err != nil {
			t.Fatal(err)
		}
		n, err := numPages(r, len(data))
		if err != nil {
			t.Fatal(err)
		}
		loaded := map[fontKey]*font{}
		perPage := 0
		for i := 1; i <= n; i++ {
			p := r.Page(i)
			own := &pageState{fonts: map[string]*font{}}
			own.interpret(p.V.Key("Contents"), p.Resources(), identity, 0)
			shared := &pageState{fonts: map[string]*font{}, loaded: loaded}
			shared.interpret(p.V.Key("Contents"), p.Resources(), identity, 0)
			if !reflect.DeepEqual(own.runs, shared.runs) {
				t.Fatalf("%s page %d reads differently with the document's fonts shared", filepath.Base(f), i)
			}
			perPage += len(own.fonts)
		}
		t.Logf("%s: %d pages, %d font loads page by page, %d shared", filepath.Base(f), n, perPage, len(loaded))
		if n > 1 && perPage > 0 {
			multi++
			if len(loaded) == 0 || len(loaded) >= perPage {
				t.Errorf("%s: %d fonts loaded with sharing, %d page by page: pages share no font", filepath.Base(f), len(loaded), perPage)
			}
		}
	}
	if multi == 0 {
		t.Fatal("no multi-page PDF among the fixtures")
	}
}
