package eval_test

import (
	"context"
	"strings"
	"testing"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/eval"
	"github.com/planmine/planmine/ingest"
	"github.com/planmine/planmine/internal/shared"
)

// TestSeedsMeetTheBar runs the whole production pipeline on the labelled
// seeds and fails when any field is below the acceptance figure.
func TestSeedsMeetTheBar(t *testing.T) {
	gold := shared.Path(t, "gold", "seeds.json")
	res, err := eval.Run(context.Background(), gold, "", eval.Production())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	res.Write(&b, true)
	t.Log("\n" + b.String())
	for _, bad := range res.Check() {
		t.Error(bad)
	}
	for _, f := range []string{"targets", "outline", "slogans", "placeholders", "people", "schedule", "reuse.clusters", "reuse.pairs"} {
		if c, ok := res.Fields[f]; !ok || c.Total == 0 {
			t.Errorf("field %s was not measured", f)
		}
	}
}

// TestEvalCountsMisses feeds a pipeline that finds nothing and checks that
// the figures drop: the measure itself can fail.
func TestEvalCountsMisses(t *testing.T) {
	gold := shared.Path(t, "gold", "seeds.json")
	empty := eval.Pipeline{Analyze: func(ctx context.Context, path string) ([]doc.Document, error) {
		docs, err := ingest.ReadFile(ctx, path, ingest.Options{})
		for i := range docs {
			docs[i].Targets = []doc.Target{{Text: "x", Value: 1, Unit: "次", Start: 0, End: 1}}
		}
		return docs, err
	}}
	res, err := eval.Run(context.Background(), gold, "", empty)
	if err != nil {
		t.Fatal(err)
	}
	if r := res.Fields["targets"].Ratio(); r != 0 {
		t.Errorf("targets recall with a blind pipeline = %.2f, want 0", r)
	}
	if p := res.TargetPrecision.Precision(); p != 0 {
		t.Errorf("targets precision with a wrong target = %.2f, want 0", p)
	}
	if len(res.Check()) == 0 {
		t.Error("Check passed a blind pipeline")
	}
}

// TestBelow: a field under its bar and a field never measured are both
// reported; a field at its bar is not.
func TestBelow(t *testing.T) {
	res := &eval.Result{Fields: map[string]*eval.Count{
		"outline": {Hits: 8, Total: 10},
		"title":   {Hits: 19, Total: 20},
		"people":  {},
	}}
	below, unmeasured := res.Below([]eval.Bar{{Field: "outline", Min: 0.9}, {Field: "title", Min: 0.95}, {Field: "people", Min: 0.9}, {Field: "chrome", Min: 1}})
	if strings.Join(below, "|") != "outline 0.800 < 0.90" {
		t.Errorf("below = %q", below)
	}
	if strings.Join(unmeasured, "|") != "people|chrome" {
		t.Errorf("unmeasured = %q", unmeasured)
	}
}
