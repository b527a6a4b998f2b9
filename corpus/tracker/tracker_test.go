package tracker_test

import (
	"context"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/followup"
	"github.com/planmine/planmine/corpus/tracker"
	"github.com/planmine/planmine/internal/storetest"
)

func parse(t *testing.T, kv ...string) tracker.Filter {
	t.Helper()
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	f, err := tracker.ParseFilter(func(k string) string { return m[k] })
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestRows(t *testing.T) {
	db := storetest.Load(t, false, "../followup/testdata")
	ctx := context.Background()

	// One page of everything: plans followed up and labelled, achieved rows labelled only.
	rows, total, err := tracker.Rows(ctx, db, parse(t))
	if err != nil {
		t.Fatal(err)
	}
	if total != len(rows) || total < 30 {
		t.Fatalf("total %d, rows %d", total, len(rows))
	}
	plans := 0
	for _, r := range rows {
		if r.KindLabel == "" || r.CmpLabel == "" || r.Display == "" || r.SourceFile == "" {
			t.Errorf("row %q not labelled: %+v", r.Text, r)
		}
		switch r.Kind {
		case "plan":
			plans++
			if r.Followup == nil || r.Followup.StatusLabel == "" {
				t.Errorf("plan %q without a labelled follow-up", r.Text)
			} else if a := r.Followup.Achieved; a != nil && (a.Display == "" || a.SourceFile == "") {
				t.Errorf("achieved row of %q not labelled: %+v", r.Text, a)
			}
		case "achieved":
			if r.Followup != nil {
				t.Errorf("achieved %q has a follow-up", r.Text)
			}
		}
	}
	if plans != 16 {
		t.Errorf("%d plans, want 16", plans)
	}

	// Chinese filters select what the codes select.
	zh, zt, _ := tracker.Rows(ctx, db, parse(t, "kind", "计划", "year", "2025年"))
	en, et, _ := tracker.Rows(ctx, db, parse(t, "kind", "plan", "year", "2025"))
	if zt != et || zt != 13 || len(zh) != len(en) {
		t.Errorf("计划 2025年: %d rows, plan 2025: %d; want 13 both", zt, et)
	}
	for _, r := range zh {
		if r.KindLabel != "计划" || r.Followup == nil {
			t.Errorf("%q: kind label %q, follow-up %v", r.Text, r.KindLabel, r.Followup)
		}
	}

	// Status filters: counts, and paging cut from the rows that have the status.
	for _, c := range []struct {
		status string
		want   int
	}{{"已完成", 7}, {"未完成", 2}, {"无法比较", 2}, {"未报告", 5}} {
		rs, n, err := tracker.Rows(ctx, db, parse(t, "status", c.status))
		if err != nil || n != c.want || len(rs) != c.want {
			t.Errorf("status %s: total %d rows %d err %v, want %d", c.status, n, len(rs), err, c.want)
		}
		for _, r := range rs {
			if r.Followup == nil || r.Followup.StatusLabel != c.status {
				t.Errorf("status %s: row %q has %+v", c.status, r.Text, r.Followup)
			}
		}
	}
	f := parse(t, "status", "met")
	f.Offset, f.Limit = 3, 3
	page, n, _ := tracker.Rows(ctx, db, f)
	if n != 7 || len(page) != 3 {
		t.Errorf("met page 2: total %d rows %d, want 7 and 3", n, len(page))
	}
	f.Offset = 6
	if page, n, _ = tracker.Rows(ctx, db, f); n != 7 || len(page) != 1 {
		t.Errorf("met last page: total %d rows %d, want 7 and 1", n, len(page))
	}
	f.Offset = 70
	if page, n, _ = tracker.Rows(ctx, db, f); n != 7 || len(page) != 0 {
		t.Errorf("met past the end: total %d rows %d, want 7 and 0", n, len(page))
	}
	// Status with other filters; achieved rows have no status.
	if rs, n, _ := tracker.Rows(ctx, db, parse(t, "status", "未完成", "metric", "满意度")); n != 1 || rs[0].Followup.Achieved.Value != 93.8 {
		t.Errorf("未完成 满意度: %d rows %+v", n, rs)
	}
	if rs, n, _ := tracker.Rows(ctx, db, parse(t, "status", "已完成", "kind", "完成")); n != 0 || len(rs) != 0 {
		t.Errorf("status with kind 完成: %d", n)
	}
	// Every status total adds up to the plans.
	sum := 0
	for _, s := range []string{followup.Met, followup.NotMet, followup.NotReported, followup.Incomparable} {
		_, n, _ := tracker.Rows(ctx, db, tracker.Filter{Status: s})
		sum += n
	}
	if _, n, _ := db.Targets(ctx, corpus.TargetFilter{Kind: "plan"}); sum != n {
		t.Errorf("statuses add up to %d, plans %d", sum, n)
	}
}
