package eval_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/planmine/planmine/eval"
)

// realSet is a folder of real template-site and government pages with
// their hand labels (testdata/real/*/gold.json, labelled before planmine
// ran on them; testdata/real/LABELLING.md).
type realSet struct {
	dir  string
	bars []eval.Bar
	// minF1 bounds targets F1 (recall, precision on complete documents).
	minF1 float64
	// maxNotTargets is how many listed not-targets may be predicted.
	maxNotTargets int
}

// realSets: dev carries the acceptance figures of the issue that asked for
// it (targets F1 0.95, kind 0.95, outline 0.95, placeholders 0.9, people
// 0.9, titles 0.95, no chrome left, no not-target); sealed, fresh, final,
// blind, figures and fourth were each held out and measured once before their misses were
// looked at (README), and their bars sit just below what they measure now,
// so a regression fails.
var realSets = []realSet{
	{dir: "dev", minF1: 0.95, bars: []eval.Bar{
		{Field: "targets.kind", Min: 0.95}, {Field: "outline", Min: 0.95}, {Field: "placeholders", Min: 0.9},
		{Field: "people", Min: 0.9}, {Field: "title", Min: 0.95}, {Field: "chrome", Min: 1}, {Field: "documents", Min: 1},
		{Field: "doc_type", Min: 0.9},
	}},
	{dir: "sealed", minF1: 0.97, bars: []eval.Bar{
		{Field: "targets.kind", Min: 0.95}, {Field: "outline", Min: 0.85}, {Field: "placeholders", Min: 0.8},
		{Field: "title", Min: 0.9}, {Field: "chrome", Min: 0.95}, {Field: "documents", Min: 0.9}, {Field: "doc_type", Min: 0.85},
	}},
	{dir: "fresh", minF1: 0.98, bars: []eval.Bar{
		{Field: "targets.kind", Min: 0.95}, {Field: "outline", Min: 0.95}, {Field: "placeholders", Min: 0.9},
		{Field: "people", Min: 0.9}, {Field: "title", Min: 0.95}, {Field: "chrome", Min: 1}, {Field: "documents", Min: 1},
		{Field: "doc_type", Min: 0.85},
	}},
	{dir: "final", minF1: 0.95, maxNotTargets: 1, bars: []eval.Bar{
		{Field: "targets.kind", Min: 0.95}, {Field: "outline", Min: 0.88}, {Field: "placeholders", Min: 0.85},
		{Field: "people", Min: 0.9}, {Field: "title", Min: 0.9}, {Field: "chrome", Min: 1}, {Field: "documents", Min: 1},
		{Field: "doc_type", Min: 0.9}, {Field: "year", Min: 0.9},
	}},
	// blind's placeholders bar is low because its labels give the bare
	// slot (XX) where the extractor reports the slot with its unit (XX省),
	// which the exact matching rule counts as a miss.
	{dir: "blind", minF1: 0.95, bars: []eval.Bar{
		{Field: "targets.kind", Min: 0.8}, {Field: "outline", Min: 0.95}, {Field: "placeholders", Min: 0.5},
		{Field: "people", Min: 0.9}, {Field: "title", Min: 0.95}, {Field: "chrome", Min: 1}, {Field: "documents", Min: 1},
		{Field: "doc_type", Min: 0.95}, {Field: "year", Min: 0.95},
	}},
	// figures: target-rich pages; its outline bar is low because its pages
	// lose numbering (items 3–7 without 1–2, "1传染病…", "一:") in ways
	// not yet read.
	{dir: "figures", minF1: 0.95, bars: []eval.Bar{
		{Field: "targets.kind", Min: 0.95}, {Field: "targets.cmp", Min: 0.95}, {Field: "outline", Min: 0.7},
		{Field: "placeholders", Min: 0.95}, {Field: "title", Min: 0.8}, {Field: "chrome", Min: 0.95},
		{Field: "documents", Min: 1}, {Field: "doc_type", Min: 0.9}, {Field: "year", Min: 0.85},
	}},
	// fourth: many sites new to us, partly beside the genre (notices,
	// an emergency plan, a feasibility report), injected spam.
	{dir: "fourth", minF1: 0.88, maxNotTargets: 1, bars: []eval.Bar{
		{Field: "targets.kind", Min: 0.95}, {Field: "outline", Min: 0.78}, {Field: "placeholders", Min: 0.6},
		{Field: "people", Min: 0.9}, {Field: "title", Min: 0.6}, {Field: "chrome", Min: 0.78},
		{Field: "documents", Min: 1}, {Field: "doc_type", Min: 0.75},
	}},
}

// TestRealPagesMeetTheBar runs the production pipeline on each set of real
// pages and fails when a field drops below its bar or a listed not-target
// is predicted.
func TestRealPagesMeetTheBar(t *testing.T) {
	for _, set := range realSets {
		t.Run(set.dir, func(t *testing.T) {
			dir := filepath.Join("..", "testdata", "real", set.dir)
			res, err := eval.Run(context.Background(), filepath.Join(dir, "gold.json"), dir, eval.Production())
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			res.Write(&b, true)
			t.Log("\n" + b.String())
			checkBars(t, res, set.bars)
			if f1 := eval.F1(res.Fields["targets"].Ratio(), res.TargetPrecision.Precision()); f1 < set.minF1 {
				t.Errorf("targets F1 %.3f < %.2f", f1, set.minF1)
			}
			if n := res.NotTargets.Predicted; n > set.maxNotTargets {
				t.Errorf("%d not-targets predicted", n)
			}
		})
	}
}

// TestRealLabelsAreSound: every string the labels quote occurs in the raw
// page, so a typo in a label cannot pass as an extractor miss.
func TestRealLabelsAreSound(t *testing.T) {
	for _, set := range []string{"dev", "sealed", "fresh", "final", "blind", "figures", "fourth"} {
		dir := filepath.Join("..", "testdata", "real", set)
		bad, err := eval.Lint(filepath.Join(dir, "gold.json"), dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range bad {
			t.Errorf("%s: %s", set, b)
		}
	}
}
