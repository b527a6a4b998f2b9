package main

import (
	"math/rand"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/planmine/planmine/internal/searchbench"
	"github.com/planmine/planmine/internal/shared"
)

func testGenerator(t *testing.T) *searchbench.Generator {
	t.Helper()
	g, err := searchbench.NewGenerator(filepath.Join("..", "..", "..", "corpus", "testdata", "docs.json"),
		shared.Path(t, "corpus", "seeds"))
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestGeneratorDeterministic(t *testing.T) {
	g := testGenerator(t)
	a, b := g.Doc(7), g.Doc(7)
	if a.Text != b.Text || *a.Org != *b.Org || *a.Year != *b.Year {
		t.Fatal("doc(7) differs between two calls")
	}
	if a.ID != "bench000007" || a.Source != "synthetic-000007.txt" {
		t.Errorf("id %q source %q", a.ID, a.Source)
	}
	if !strings.HasSuffix(a.Text, "批次K000007号") {
		t.Errorf("doc 7 does not end with its batch line: …%q", a.Text[max(0, len(a.Text)-40):])
	}
	if g.Doc(8).Text == a.Text {
		t.Error("doc 8 equals doc 7")
	}
	// The fixtures' targets survive with new values, so the value-range
	// queries have something to find.
	targets := 0
	for i := 0; i < 50; i++ {
		for _, tg := range g.Doc(i).Targets {
			if tg.Value < 1 || tg.Value > 100 {
				t.Fatalf("doc %d target value %v outside 1..100", i, tg.Value)
			}
			targets++
		}
	}
	if targets == 0 {
		t.Error("no targets in 50 documents")
	}
}

func TestHalfCopy(t *testing.T) {
	g := testGenerator(t)
	src := g.Doc(3)
	q := halfCopy(g, 1, src, rand.New(rand.NewSource(1)))
	srcLines := strings.Split(src.Text, "\n")
	qLines := strings.Split(q.Text, "\n")
	if len(qLines) != len(srcLines)+1 {
		t.Fatalf("query has %d lines, source %d (+1 expected)", len(qLines), len(srcLines))
	}
	kept := 0
	for k := range srcLines {
		if k%2 == 0 && qLines[k] != srcLines[k] {
			t.Errorf("line %d not kept: %q", k, qLines[k])
		}
		if qLines[k] == srcLines[k] {
			kept++
		}
	}
	if kept < len(srcLines)/2 || kept == len(srcLines) {
		t.Errorf("kept %d of %d lines, want about half", kept, len(srcLines))
	}
	if q.ID != "" || q.Source != "query-000001.txt" || q.DocType != src.DocType {
		t.Errorf("query doc id %q source %q type %q", q.ID, q.Source, q.DocType)
	}
}

func TestBenchQueryKinds(t *testing.T) {
	r := rand.New(rand.NewSource(42))
	for _, kind := range searchbench.Kinds {
		q := searchbench.Query(kind, r)
		switch kind {
		case "faceted":
			if !strings.Contains(q, " type:") || !strings.Contains(q, " year:") {
				t.Errorf("faceted query %q", q)
			}
		case "valrange":
			if !strings.HasPrefix(q, "value:") || !strings.Contains(q, " unit:") {
				t.Errorf("value range query %q", q)
			}
		case "reuse":
			if !strings.Contains(q, "reuse:>=0.") {
				t.Errorf("reuse query %q", q)
			}
		}
	}
}

func TestSummarise(t *testing.T) {
	var wall, cpu []time.Duration
	for i := 100; i >= 1; i-- {
		wall = append(wall, time.Duration(i)*time.Millisecond)
		cpu = append(cpu, time.Duration(i)*time.Millisecond/2)
	}
	l := summarise(wall, cpu, 250)
	if l.N != 100 || l.P50MS != 50 || l.P99MS != 99 || l.MaxMS != 100 || l.CPUP99 != 49.5 || l.CPUMean != 25.25 || l.MeanHit != 2.5 {
		t.Errorf("summarise = %+v", l)
	}
	// Fewer samples than 100: p99 is the largest.
	l = summarise(wall[90:], cpu[90:], 0)
	if l.P99MS != 10 || l.P50MS != 5 {
		t.Errorf("10 samples: %+v", l)
	}
	if (summarise(nil, nil, 0) != latency{}) {
		t.Error("no samples should give the zero latency")
	}
	if wall[0] != 100*time.Millisecond {
		t.Error("summarise sorted its input")
	}
}
