package followup_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/followup"
	"github.com/planmine/planmine/internal/storetest"
)

// TestPipeline follows up the plans of the fixtures as stored: every plan
// target of 青松县人民医院 2025 gets the status a reviewer would give it
// reading the Traditional summary, and none links to 柳河县中医院.
func TestPipeline(t *testing.T) {
	db := storetest.Load(t, false, "testdata")
	ctx := context.Background()
	all, _, err := db.Targets(ctx, corpus.TargetFilter{Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	plans, _, err := db.Targets(ctx, corpus.TargetFilter{Kind: "plan", Limit: -1})
	if err != nil {
		t.Fatal(err)
	}
	followup.Link(plans, all)

	type want struct {
		status, achieved, lastPlan, lastAchieved string
	}
	// Keyed by the plan's document year and clause; achieved and last-year figures by their clause.
	wants := map[string]want{
		"2025 党委理论学习中心组全年集中学习不少于12次": {followup.Met, "全年組織黨委理論學習中心組集中學習14次", "", ""},
		"2025 其中专题研讨不少于4次":           {followup.Met, "開展專題研討5次", "", ""},
		"2025 支部书记每季度讲党课不少于1次":       {followup.Met, "支部書記講專題黨課6次", "", ""},
		"2025 全年发展党员不少于5名":           {followup.Met, "全年發展黨員6名", "", ""},
		"2025 各支部每季度开展主题党日活动不少于1次":   {followup.Incomparable, "全年開展主題黨日12次", "", ""},
		"2025 支部委员会每月召开1次":           {followup.NotMet, "支委會召開10次", "", ""},
		"2025 全年开展警示教育不少于4次":         {followup.Met, "開展警示教育5次", "", ""},
		"2025 门急诊次均费用增幅控制在3%以内":      {followup.Met, "門急診次均費用增幅為2.6%", "", ""},
		"2025 患者满意度稳定在95%以上":         {followup.NotMet, "第三方滿意度調查顯示患者滿意率為93.8%", "", ""},
		"2025 组织党员志愿服务队下乡义诊约10场":     {followup.Met, "黨員志願服務隊下鄉義診9場", "", ""},
		"2025 培训党员不少于400人":           {followup.Incomparable, "培訓黨員426人次", "", ""},
		"2025 围绕分级诊疗撰写调研报告2篇":        {followup.NotReported, "", "", ""},
		// 2026 (and the 2025 summary's plans for 2026): nothing reported
		// yet; last year's target and figure.
		"2026 支部委员会每月召开1次":   {followup.NotReported, "", "支部委员会每月召开1次", "支委會召開10次"},
		"2026 全年发展党员不少于6名":   {followup.NotReported, "", "全年发展党员不少于5名", "全年發展黨員6名"},
		"2026 患者满意度不低于95%":   {followup.NotReported, "", "患者满意度稳定在95%以上", "第三方滿意度調查顯示患者滿意率為93.8%"},
		"2025 全年計劃發展黨員不少於6名": {followup.NotReported, "", "全年发展党员不少于5名", "全年發展黨員6名"},
	}
	seen := 0
	for _, p := range plans {
		fu := p.Followup
		if fu == nil {
			t.Fatalf("plan %q has no follow-up", p.Text)
		}
		if fu.Achieved != nil && strings.Contains(fu.Achieved.Source, "柳河") {
			t.Errorf("%q linked to another hospital: %q", p.Text, fu.Achieved.Text)
		}
		w, ok := wants[fmt.Sprintf("%d %s", *p.Year, p.Text)]
		if !ok {
			continue
		}
		seen++
		if fu.Status != w.status {
			t.Errorf("%q: status %s, want %s (note %q)", p.Text, fu.Status, w.status, fu.Note)
		}
		if got := text(fu.Achieved); got != w.achieved {
			t.Errorf("%q: achieved %q, want %q", p.Text, got, w.achieved)
		}
		if w.lastPlan != "" && text(fu.LastPlan) != w.lastPlan {
			t.Errorf("%q: last plan %q, want %q", p.Text, text(fu.LastPlan), w.lastPlan)
		}
		if w.lastAchieved != "" && text(fu.LastAchieved) != w.lastAchieved {
			t.Errorf("%q: last achieved %q, want %q", p.Text, text(fu.LastAchieved), w.lastAchieved)
		}
		if fu.Achieved != nil && (fu.Achieved.DocID == "" || fu.Achieved.Unit == "") {
			t.Errorf("%q: achieved without its document or unit: %+v", p.Text, fu.Achieved)
		}
	}
	if seen != len(wants) {
		t.Errorf("saw %d of the %d expected plan clauses", seen, len(wants))
	}
}

// TestYearsCoverCandidates: fetching only the documents of Years, and of
// those only the Wanted ones, gives the same follow-up as fetching
// everything.
func TestYearsCoverCandidates(t *testing.T) {
	db := storetest.Load(t, false, "testdata")
	ctx := context.Background()
	all, _, _ := db.Targets(ctx, corpus.TargetFilter{Limit: -1})
	for _, year := range []int{2025, 2026} {
		page, _, _ := db.Targets(ctx, corpus.TargetFilter{Kind: "plan", Year: year, Limit: -1})
		if len(page) == 0 {
			t.Fatalf("no %d plans", year)
		}
		years := followup.Years(page)
		var docs []corpus.DocSummary
		for _, y := range years {
			ds, _, err := db.List(ctx, corpus.ListFilter{Year: y, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			docs = append(docs, ds...)
		}
		ids := followup.Wanted(page, docs)
		if len(ids) == 0 || len(ids) >= len(docs) {
			t.Errorf("%d: wanted %d of %d documents; the other hospital's summary should be left out", year, len(ids), len(docs))
		}
		some, _, _ := db.Targets(ctx, corpus.TargetFilter{DocIDs: ids, Limit: -1})
		a := append([]corpus.TargetRow(nil), page...)
		b := append([]corpus.TargetRow(nil), page...)
		followup.Link(a, all)
		followup.Link(b, some)
		for i := range a {
			fa, fb := a[i].Followup, b[i].Followup
			if fa.Status != fb.Status || text(fa.Achieved) != text(fb.Achieved) || text(fa.LastAchieved) != text(fb.LastAchieved) ||
				text(fa.LastPlan) != text(fb.LastPlan) {
				t.Errorf("%q: all candidates %+v, wanted ones %+v", a[i].Text, fa, fb)
			}
		}
	}
}

func text(r *corpus.TargetRow) string {
	if r == nil {
		return ""
	}
	return r.Text
}
