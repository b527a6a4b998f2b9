package tracker_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/followup"
	"github.com/planmine/planmine/corpus/sqlite"
	"github.com/planmine/planmine/corpus/tracker"
	"github.com/planmine/planmine/doc"
)

// benchMetrics are the metrics every generated plan and summary carries.
var benchMetrics = []string{"发展党员", "集中学习", "专题研讨", "讲党课", "主题党日", "警示教育", "支部委员会", "党员大会",
	"患者满意度", "义诊", "培训党员", "学习心得", "志愿服务", "廉政谈话", "门诊量", "体检率", "签约率", "抽查处方", "调研报告", "组织生活会"}

// benchStore stores PLANMINE_BENCH_N hospitals (default 500), each with a
// 2025 and a 2026 plan and a 2025 summary of 20 targets each: 1,500
// documents and 30,000 targets by default.
func benchStore(b *testing.B) *sqlite.DB {
	b.Helper()
	n := 500
	if v, err := strconv.Atoi(os.Getenv("PLANMINE_BENCH_N")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	for h := range n {
		org := fmt.Sprintf("中共第%d人民医院委员会", h)
		for _, d := range []struct {
			typ  string
			year int
			kind string
		}{{doc.TypePlan, 2025, doc.KindPlan}, {doc.TypeSummary, 2025, doc.KindAchieved}, {doc.TypePlan, 2026, doc.KindPlan}} {
			dd := doc.Document{Source: fmt.Sprintf("h%05d/%d%s.txt", h, d.year, d.typ), Part: 1, Title: org + d.typ,
				DocType: d.typ, Year: doc.IntPtr(d.year), Org: doc.StrPtr(org), Script: doc.ScriptSimplified}
			dd.Text = dd.Source
			for i, m := range benchMetrics {
				v := float64(3 + (h+i)%7)
				cmp := ">="
				if d.kind == doc.KindAchieved {
					cmp, v = "=", float64(3+(h+2*i)%7) // some met, some not
				}
				dd.Targets = append(dd.Targets, doc.Target{Text: fmt.Sprintf("%s不少于%v次", m, v), Metric: m, Cmp: cmp,
					Value: v, Unit: "次", Kind: d.kind})
			}
			if _, err := db.Put(ctx, []byte(dd.Text), dd.Source, []doc.Document{dd}); err != nil {
				b.Fatal(err)
			}
		}
	}
	return db
}

// BenchmarkRows: one page of 100 rows straight from the store, then with
// the follow-up (the page's plans, their candidates fetched by year),
// then a status filter (every plan followed up, then paged).
func BenchmarkRows(b *testing.B) {
	db := benchStore(b)
	ctx := context.Background()
	b.Run("store page", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := db.Targets(ctx, corpus.TargetFilter{Limit: 100}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("tracker page", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := tracker.Rows(ctx, db, tracker.Filter{TargetFilter: corpus.TargetFilter{Limit: 100}}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("tracker page year 2026", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := tracker.Rows(ctx, db, tracker.Filter{TargetFilter: corpus.TargetFilter{Limit: 100, Year: 2026}}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("tracker status", func(b *testing.B) {
		for b.Loop() {
			_, n, err := tracker.Rows(ctx, db, tracker.Filter{TargetFilter: corpus.TargetFilter{Limit: 100}, Status: followup.NotMet})
			if err != nil || n == 0 {
				b.Fatal(n, err)
			}
		}
	})
	all, _, _ := db.Targets(ctx, corpus.TargetFilter{Limit: -1})
	var plans []corpus.TargetRow
	for _, r := range all {
		if r.Kind == doc.KindPlan {
			plans = append(plans, r)
		}
	}
	b.Run(fmt.Sprintf("link %d plans against %d targets", len(plans), len(all)), func(b *testing.B) {
		for b.Loop() {
			followup.Link(plans, all)
		}
	})
}
