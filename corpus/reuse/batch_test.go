package reuse

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/nlp/fingerprint"
)

// TestAnalyzeBatchMatchesIndex checks the batch build (streams cut from
// shared blocks) against documents indexed one by one: the same report,
// also for a nil document and for Latin-script documents, whose streams
// hold more runes than the third of their bytes a block reserves.
func TestAnalyzeBatchMatchesIndex(t *testing.T) {
	latin := strings.Repeat("The county plan builds 12 new schools and trains 300 teachers in rural areas every year. ", 40)
	docs := []*doc.Document{
		mkdoc("b1", planText()),
		nil,
		mkdoc("b2", copiedPlan()),
		mkdoc("b3", latin),
		mkdoc("b4", "Summary: "+latin[:2000]+unrelatedPlan),
		mkdoc("b5", unrelatedPlan),
	}
	if d := docs[3]; fingerprint.Normalize(d.Text).Len() <= len(d.Text)/3+8 {
		t.Fatalf("%s fits its reserved stream; the test needs one that outgrows it", d.ID)
	}
	got := Analyze(docs, Options{})
	ix := New(Options{})
	for _, d := range docs {
		ix.Add(d)
	}
	want := ix.Report()
	if findPair(got, "b1", "b2") == nil || findPair(got, "b3", "b4") == nil {
		t.Fatalf("pairs b1-b2 and b3-b4 missing: %d pairs", len(got.Pairs))
	}
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Errorf("Analyze differs from Add+Report:\n%.600s\n%.600s", g, w)
	}
}
