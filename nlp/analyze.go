// Package nlp turns a document's clean text into its analysis: outline,
// metadata, targets, slogans, citations, placeholders, people and schedule.
// Each concern lives in its own subpackage; this file composes them in one
// place, in dependency order (metadata and outline first, because targets
// use the document type and the section tree).
package nlp

import (
	"context"
	"fmt"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/nlp/meta"
	"github.com/planmine/planmine/nlp/outline"
	"github.com/planmine/planmine/nlp/people"
	"github.com/planmine/planmine/nlp/placeholders"
	"github.com/planmine/planmine/nlp/schedule"
	"github.com/planmine/planmine/nlp/slogans"
	"github.com/planmine/planmine/nlp/targets"
)

// Stage is one extractor applied to a document. folded is fold.Text(d.Text),
// computed once per document: same length, so offsets carry over.
type Stage struct {
	Name string
	Run  func(d *doc.Document, folded string)
}

// Stages are the extractors in the order Analyze runs them.
var Stages = []Stage{
	{"meta", func(d *doc.Document, folded string) {
		m := meta.Extract(d.Title, d.Text)
		d.DocType = m.DocType
		if d.DocType == "" {
			d.DocType = doc.TypeOther
		}
		d.Year, d.Org, d.Date = nil, doc.StrPtr(m.Org), doc.StrPtr(m.Date)
		if m.Year > 0 {
			d.Year = doc.IntPtr(m.Year)
		}
	}},
	{"outline", func(d *doc.Document, folded string) { d.Sections = outline.Extract(d.Text, d.Hints) }},
	{"targets", func(d *doc.Document, folded string) {
		year := 0
		if d.Year != nil {
			year = *d.Year
		}
		d.Targets = targets.Extract(d.Text, targets.Options{DocType: d.DocType, Sections: d.Sections, Year: year, Folded: folded})
		if d.DocType == doc.TypeOther && reportsFigures(d.Targets) {
			// Nothing named the type, and the text reports what was done:
			// an excerpt of a summary (当年活产数6411人，系统管理率85.84%).
			d.DocType = doc.TypeSummary
		}
	}},
	{"slogans", func(d *doc.Document, folded string) { d.Slogans, d.Citations = slogans.ExtractFolded(d.Text, folded) }},
	{"placeholders", func(d *doc.Document, folded string) { d.Placeholders = placeholders.ExtractFolded(d.Text, folded) }},
	{"people", func(d *doc.Document, folded string) { d.People = people.ExtractFolded(d.Text, folded) }},
	{"schedule", func(d *doc.Document, folded string) {
		year := 0
		if d.Year != nil {
			year = *d.Year
		}
		d.Schedule = schedule.ExtractFolded(d.Text, folded, year)
	}},
}

// Analyze fills the analysis fields of d from d.Text. An extractor that
// fails on odd input costs only its own field: the failure is recorded in
// d.Warnings and the other stages still run.
func Analyze(ctx context.Context, d *doc.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if g := newGlossView(d.Text); g != nil {
		analyzeView(d, g)
		normalizeEmpty(d)
		return nil
	}
	folded := fold.Text(d.Text)
	for _, st := range Stages {
		if err := ctx.Err(); err != nil {
			return err
		}
		runStage(st, d, folded)
	}
	normalizeEmpty(d)
	return nil
}

// Outline fills only d.Sections, as Analyze would: copy detection needs
// the section tree and no other field, and skipping the other stages saves
// a fifth of `planmine reuse`.
func Outline(ctx context.Context, d *doc.Document) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if g := newGlossView(d.Text); g != nil {
		v := g.doc(d)
		d.Sections = g.mapSections([]rune(g.view), outline.Extract(v.Text, v.Hints))
	} else {
		d.Sections = outline.Extract(d.Text, d.Hints)
	}
	if d.Sections == nil {
		d.Sections = []doc.Section{}
	}
	return nil
}

func runStage(st Stage, d *doc.Document, folded string) {
	defer func() {
		if r := recover(); r != nil {
			d.Warnings = append(d.Warnings, fmt.Sprintf("分析步骤 %s 失败 (stage %s failed): %v", st.Name, st.Name, r))
		}
	}()
	st.Run(d, folded)
}

// normalizeEmpty makes empty analysis fields [] rather than null in JSON.
func normalizeEmpty(d *doc.Document) {
	if d.Sections == nil {
		d.Sections = []doc.Section{}
	}
	if d.Targets == nil {
		d.Targets = []doc.Target{}
	}
	if d.Slogans == nil {
		d.Slogans = []doc.Slogan{}
	}
	if d.Citations == nil {
		d.Citations = []doc.Citation{}
	}
	if d.Placeholders == nil {
		d.Placeholders = []doc.Placeholder{}
	}
	if d.People == nil {
		d.People = []doc.Person{}
	}
	if d.Schedule == nil {
		d.Schedule = []doc.Phase{}
	}
}

// minReportedFigures is the fewest achieved figures, with no plan beside
// them, that make an untyped document a summary.
const minReportedFigures = 5

// reportsFigures reports whether ts are mostly figures of what was done: at
// least minReportedFigures achieved, and plans fewer than a quarter of them.
func reportsFigures(ts []doc.Target) bool {
	achieved, plan := 0, 0
	for _, t := range ts {
		if t.Kind == doc.KindAchieved {
			achieved++
		} else {
			plan++
		}
	}
	return achieved >= minReportedFigures && 4*plan <= achieved
}
