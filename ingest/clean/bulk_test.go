package clean

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"github.com/planmine/planmine/internal/shared"
)

// TestBulkReportsStayWhole runs the 72 government work reports through
// Split: each is one document, so any extra part is a false title cut, and
// cleaning must leave nearly all of the text.
func TestBulkReportsStayWhole(t *testing.T) {
	f, err := os.Open(shared.Path(t, "corpus", "external", "bulk_gwr_cn_1954_2025_wikisource.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	n, extra := 0, 0
	for sc.Scan() {
		var r struct {
			Title   string `json:"title"`
			Content string `json:"content"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		n++
		in := splitText(r.Content)
		parts := Split(r.Title+".txt", in)
		if len(parts) != 1 {
			extra++
			for _, p := range parts[1:] {
				t.Errorf("%s: extra part %q", r.Title, p.Title)
			}
			continue
		}
		before, after := hanCount(r.Content), hanCount(partText(parts[0]))
		// The licence footer is about 200 Han characters; anything beyond
		// that and 2% of the report is content lost.
		if lost := before - after; lost > 400 && lost*50 > before {
			t.Errorf("%s: removed %d of %d Han characters", r.Title, lost, before)
		}
	}
	if n < 50 {
		t.Fatalf("read %d reports", n)
	}
	t.Logf("%d reports, %d split wrongly", n, extra)
}
