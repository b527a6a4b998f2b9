// Package tracker is the targets tracker as its users read it: the rows
// of the store with each plan target followed up (corpus/followup), the
// users' words for kinds, comparators, document types and statuses both
// ways (labels in exports, Chinese accepted in filters), numbers written
// with 万/亿, and the name of a download. The API and the CLI both list
// and export through Rows and ParseFilter, so they agree.
package tracker

import (
	"context"
	"fmt"
	"math"
	"path"
	"strings"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/followup"
	"github.com/planmine/planmine/doc"
)

// Source is where the tracker reads stored targets and documents: a
// corpus.Store or the *corpus.Corpus in front of one.
type Source interface {
	Targets(ctx context.Context, f corpus.TargetFilter) ([]corpus.TargetRow, int, error)
	List(ctx context.Context, f corpus.ListFilter) ([]corpus.DocSummary, int, error)
}

// Rows returns the page of targets f selects (Offset, Limit as in
// corpus.TargetFilter) and the total matching. Every plan row carries its
// follow-up; every row, and every row it links to, its labels and display
// strings.
//
// Without a status filter the page comes from the store as it is and
// only its plans are followed up, fetching the documents of the years
// they can be reported in. A status is computed, not stored, so with one
// every plan matching the rest of f is followed up and the page is cut
// from those that have it.
func Rows(ctx context.Context, src Source, f Filter) ([]corpus.TargetRow, int, error) {
	if f.Status == "" {
		rows, total, err := src.Targets(ctx, f.TargetFilter)
		if err != nil {
			return nil, 0, err
		}
		if err := link(ctx, src, rows); err != nil {
			return nil, 0, err
		}
		Decorate(rows)
		return rows, total, nil
	}
	if f.Kind != "" && f.Kind != doc.KindPlan {
		return []corpus.TargetRow{}, 0, nil // only plans have a status
	}
	all := f.TargetFilter
	all.Kind, all.Offset, all.Limit = doc.KindPlan, 0, -1
	rows, _, err := src.Targets(ctx, all)
	if err != nil {
		return nil, 0, err
	}
	if err := link(ctx, src, rows); err != nil {
		return nil, 0, err
	}
	kept := rows[:0]
	for _, r := range rows {
		if r.Followup != nil && r.Followup.Status == f.Status {
			kept = append(kept, r)
		}
	}
	total := len(kept)
	page := kept[min(max(f.Offset, 0), total):]
	limit := f.Limit
	if limit == 0 {
		limit = 100
	}
	if limit > 0 && len(page) > limit {
		page = page[:limit]
	}
	Decorate(page)
	return page, total, nil
}

// idChunk bounds the ids of one IN list (SQLite allows 32766 variables).
const idChunk = 500

// link follows up the plan rows of rows. The candidates are the targets
// of the documents that may report on them: those of the years they can
// be reported in (followup.Years) that belong to the rows' organisations
// or folders (followup.Wanted) — found through the light document list
// first, so a page of plans does not read every target of those years.
func link(ctx context.Context, src Source, rows []corpus.TargetRow) error {
	years := followup.Years(rows)
	if len(years) == 0 {
		followup.Link(rows, nil) // plans without a year still get their status and note
		return nil
	}
	var docs []corpus.DocSummary
	for _, y := range years {
		ds, _, err := src.List(ctx, corpus.ListFilter{Year: y, Limit: math.MaxInt32})
		if err != nil {
			return fmt.Errorf("读取跟踪所需文档失败 (list documents for the follow-up): %w", err)
		}
		docs = append(docs, ds...)
	}
	ids := followup.Wanted(rows, docs)
	var cands []corpus.TargetRow
	for len(ids) > 0 {
		n := min(len(ids), idChunk)
		rs, _, err := src.Targets(ctx, corpus.TargetFilter{DocIDs: ids[:n], Limit: -1})
		if err != nil {
			return fmt.Errorf("读取跟踪所需指标失败 (read targets for the follow-up): %w", err)
		}
		cands, ids = append(cands, rs...), ids[n:]
	}
	followup.Link(rows, cands)
	return nil
}

// Decorate fills the reader's fields of rows and of the rows their
// follow-ups link to: kind and comparator in words, the value written
// with 万/亿, the source file with its part, the status in words.
func Decorate(rows []corpus.TargetRow) {
	for i := range rows {
		decorate(&rows[i])
		if fu := rows[i].Followup; fu != nil {
			fu.StatusLabel = StatusLabel(fu.Status)
			for _, r := range []*corpus.TargetRow{fu.Achieved, fu.LastPlan, fu.LastAchieved} {
				if r != nil {
					decorate(r)
				}
			}
		}
	}
}

func decorate(r *corpus.TargetRow) {
	r.KindLabel, r.CmpLabel = KindLabel(r.Kind), CmpLabel(r.Cmp)
	r.ValueDisplay, r.Display = ValueDisplay(r.Target), Display(r.Target)
	r.SourceFile = SourceFile(r.Source, r.Part)
}

// SourceFile is a document's file name without its folders, and its part
// in the file: 2025年党建工作计划.docx 第2篇.
func SourceFile(source string, part int) string {
	name := path.Base(strings.ReplaceAll(source, `\`, "/"))
	if name == "." || name == "/" {
		name = source
	}
	if part < 1 {
		part = 1
	}
	return fmt.Sprintf("%s 第%d篇", name, part)
}
