package tracker

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/followup"
)

func get(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestParseFilter(t *testing.T) {
	f1, f10k := 1.0, 10000.0
	for _, c := range []struct {
		in   map[string]string
		want Filter
	}{
		{map[string]string{}, Filter{}},
		{map[string]string{"kind": "计划"}, Filter{TargetFilter: corpus.TargetFilter{Kind: "plan"}}},
		{map[string]string{"kind": "計劃"}, Filter{TargetFilter: corpus.TargetFilter{Kind: "plan"}}},
		{map[string]string{"kind": "完成"}, Filter{TargetFilter: corpus.TargetFilter{Kind: "achieved"}}},
		{map[string]string{"kind": "已完成"}, Filter{TargetFilter: corpus.TargetFilter{Kind: "achieved"}}},
		{map[string]string{"kind": "PLAN"}, Filter{TargetFilter: corpus.TargetFilter{Kind: "plan"}}},
		{map[string]string{"year": "2025年"}, Filter{TargetFilter: corpus.TargetFilter{Year: 2025}}},
		{map[string]string{"year": " ２０２５年度 "}, Filter{TargetFilter: corpus.TargetFilter{Year: 2025}}},
		{map[string]string{"year": "二〇二五年"}, Filter{TargetFilter: corpus.TargetFilter{Year: 2025}}},
		{map[string]string{"cmp": "不少于"}, Filter{TargetFilter: corpus.TargetFilter{Cmp: ">="}}},
		{map[string]string{"cmp": "不低於"}, Filter{TargetFilter: corpus.TargetFilter{Cmp: ">="}}},
		{map[string]string{"cmp": "≥"}, Filter{TargetFilter: corpus.TargetFilter{Cmp: ">="}}},
		{map[string]string{"cmp": "不超过"}, Filter{TargetFilter: corpus.TargetFilter{Cmp: "<="}}},
		{map[string]string{"cmp": "约"}, Filter{TargetFilter: corpus.TargetFilter{Cmp: "~"}}},
		{map[string]string{"cmp": "左右"}, Filter{TargetFilter: corpus.TargetFilter{Cmp: "~"}}},
		{map[string]string{"cmp": "范围"}, Filter{TargetFilter: corpus.TargetFilter{Cmp: "range"}}},
		{map[string]string{"cmp": "等于"}, Filter{TargetFilter: corpus.TargetFilter{Cmp: "="}}},
		{map[string]string{"cmp": "＞"}, Filter{TargetFilter: corpus.TargetFilter{Cmp: ">"}}},
		{map[string]string{"type": "总结"}, Filter{TargetFilter: corpus.TargetFilter{DocType: "summary"}}},
		{map[string]string{"type": "實施方案"}, Filter{TargetFilter: corpus.TargetFilter{DocType: "scheme"}}},
		{map[string]string{"status": "未完成"}, Filter{Status: followup.NotMet}},
		{map[string]string{"status": "無法比較"}, Filter{Status: followup.Incomparable}},
		{map[string]string{"status": "met"}, Filter{Status: followup.Met}},
		{map[string]string{"status": "未报告"}, Filter{Status: followup.NotReported}},
		{map[string]string{"min": "1", "max": "1万"}, Filter{TargetFilter: corpus.TargetFilter{Min: &f1, Max: &f10k}}},
		{map[string]string{"max": "10,000"}, Filter{TargetFilter: corpus.TargetFilter{Max: &f10k}}},
		{map[string]string{"period": "每季度", "metric": "發展黨員", "org": "医院", "unit": "名", "doc": "x"},
			Filter{TargetFilter: corpus.TargetFilter{Period: "每季度", Metric: "發展黨員", Org: "医院", Unit: "名", DocID: "x"}}},
	} {
		got, err := ParseFilter(get(c.in))
		if err != nil {
			t.Errorf("%v: %v", c.in, err)
			continue
		}
		if !sameFilter(got, c.want) {
			t.Errorf("%v: got %+v, want %+v", c.in, got, c.want)
		}
	}
}

func sameFilter(a, b Filter) bool {
	eq := func(x, y *float64) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	a2, b2 := a, b
	a2.Min, a2.Max, b2.Min, b2.Max = nil, nil, nil, nil
	return eq(a.Min, b.Min) && eq(a.Max, b.Max) && a2.Status == b2.Status &&
		a2.Kind == b2.Kind && a2.Year == b2.Year && a2.Cmp == b2.Cmp && a2.DocType == b2.DocType &&
		a2.Period == b2.Period && a2.Metric == b2.Metric && a2.Org == b2.Org && a2.Unit == b2.Unit && a2.DocID == b2.DocID
}

func TestParseFilterErrors(t *testing.T) {
	for _, c := range []struct {
		key, value, mention string
	}{
		{"kind", "计画书", "计划/plan"},
		{"year", "去年", "2025"},
		{"year", "25", "2025"},
		{"cmp", "大概", "不少于/>="},
		{"type", "简报", "总结/summary"},
		{"status", "进行中", "未完成/not_met"},
		{"min", "五个", "1万"},
		{"max", "NaN", "数字"},
	} {
		_, err := ParseFilter(get(map[string]string{c.key: c.value}))
		if !errors.Is(err, ErrFilter) {
			t.Errorf("%s=%s: err %v, want ErrFilter", c.key, c.value, err)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, c.key) || !strings.Contains(msg, c.value) || !strings.Contains(msg, c.mention) {
			t.Errorf("%s=%s: message %q should name the key, the value and %q", c.key, c.value, msg, c.mention)
		}
	}
}

func TestFileName(t *testing.T) {
	day := time.Date(2026, 12, 5, 23, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		in          map[string]string
		ext         string
		name, ascii string
	}{
		{map[string]string{}, "xlsx", "目标台账_20261205.xlsx", "targets_20261205.xlsx"},
		{map[string]string{"kind": "计划", "year": "2025年"}, "xlsx", "目标台账_计划_2025_20261205.xlsx", "targets_plan_2025_20261205.xlsx"},
		{map[string]string{"kind": "achieved", "status": "未完成", "type": "总结"}, "csv", "目标台账_完成_总结_未完成_20261205.csv", "targets_achieved_summary_not_met_20261205.csv"},
		{map[string]string{"org": "青松县/人民医院", "metric": "发展 党员", "cmp": ">="}, "csv", "目标台账_不少于_青松县人民医院_发展-党员_20261205.csv", "targets_ge_20261205.csv"},
		{map[string]string{"unit": "..\\..\\x"}, "json", "目标台账_x_20261205.json", "targets_x_20261205.json"},
	} {
		f, err := ParseFilter(get(c.in))
		if err != nil {
			t.Fatal(err)
		}
		name, ascii := FileName(f, c.ext, day)
		if name != c.name || ascii != c.ascii {
			t.Errorf("%v: %q %q, want %q %q", c.in, name, ascii, c.name, c.ascii)
		}
	}
}
