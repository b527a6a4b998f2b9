package followup

import (
	"fmt"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/doc"
)

// rowsOf turns the documents of a Case into stored-target rows, the way
// the store returns them: document i gets id "d<i>".
func rowsOf(docs []Doc) []corpus.TargetRow {
	var out []corpus.TargetRow
	for i, d := range docs {
		for _, f := range d.Targets {
			r := corpus.TargetRow{
				Target: doc.Target{Text: f.Clause, Metric: f.Metric, Cmp: f.Cmp, Value: f.Value, Unit: f.Unit,
					Period: doc.StrPtr(f.Period), Kind: f.Kind},
				DocID: fmt.Sprintf("d%d", i), Source: d.Source, Part: 1, Title: d.Source,
				Org: doc.StrPtr(d.Org), DocType: d.Type,
			}
			if f.Cmp == "range" {
				r.ValueMax = doc.FloatPtr(f.Max)
			}
			if d.Year != 0 {
				r.Year = doc.IntPtr(d.Year)
			}
			out = append(out, r)
		}
	}
	return out
}

// TestCases runs every rule of rules.go on its example.
func TestCases(t *testing.T) {
	for _, c := range Cases {
		t.Run(c.Area+"/"+c.Rule, func(t *testing.T) {
			all := rowsOf(append([]Doc{c.Plan}, c.Others...))
			rows := all[:1:1]
			Link(rows, all)
			fu := rows[0].Followup
			if fu == nil {
				t.Fatal("plan row got no follow-up")
			}
			if fu.Status != c.Want {
				t.Errorf("status %s, want %s (note %q)", fu.Status, c.Want, fu.Note)
			}
			if (fu.Status == NotReported) != (fu.Achieved == nil) {
				t.Errorf("status %s with achieved %+v", fu.Status, fu.Achieved)
			}
			if fu.Status != Met && fu.Note == "" {
				t.Errorf("status %s without a note", fu.Status)
			}
			if c.Match != "" && fu.Match != c.Match {
				t.Errorf("match %q, want %q", fu.Match, c.Match)
			}
			if c.OrgMatch != "" && fu.OrgMatch != c.OrgMatch {
				t.Errorf("org match %q, want %q", fu.OrgMatch, c.OrgMatch)
			}
			if got := clause(fu.LastPlan); got != c.LastPlan {
				t.Errorf("last plan %q, want %q", got, c.LastPlan)
			}
			if got := clause(fu.LastAchieved); got != c.LastAchieved {
				t.Errorf("last achieved %q, want %q", got, c.LastAchieved)
			}
		})
	}
}

func clause(r *corpus.TargetRow) string {
	if r == nil {
		return ""
	}
	return r.Text
}

func TestOrgKey(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"中共青松县人民医院委员会", "青松县人民医院"},
		{"青松縣人民醫院黨委", "青松县人民医院"},
		{"中共松林镇卫生院支部委员会", "松林镇卫生院"},
		{"松林镇卫生院党总支", "松林镇卫生院"},
		{"中共柳河县卫生健康委员会", "柳河县卫健委"},
		{"柳河县卫健委机关党委", "柳河县卫健委机关"},
		{"中共青松县人民医院委员会办公室", "青松县人民医院"},
		{"青松县人民医院 内科党支部", "青松县人民医院内科"},
		{"ＸＸ医院党支部", ""},
		{"某县中医院", ""},
		{"", ""},
		{"党委", "党委"}, // nothing left to strip to
	} {
		if got := OrgKey(c.in); got != c.want {
			t.Errorf("OrgKey(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestMetric(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"全年开展警示教育", "警示教育"},
		{"患者滿意率", "患者满意度"},
		{"主题党日活动", "主题党日"},
		{"支部书记讲专题党课", "支部书记党课"},
		{"“三会一课”制度落实率", "三会一课制度落实率"},
		{"支部党员人数保持", "支部党员"},
		{"完成率", "完成率"}, // 完成 is dropped only when two characters remain
		{"组织生活会", "组织生活会"},
	} {
		if got := Metric(c.in); got != c.want {
			t.Errorf("Metric(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestTables: every unit compares with itself and with the others of its
// class only; every period is known.
func TestTables(t *testing.T) {
	for a, ua := range units {
		for b, ub := range units {
			_, _, ok := convert(a, b)
			if ok != (ua.class == ub.class) {
				t.Errorf("convert(%s, %s) ok=%v, classes %s %s", a, b, ok, ua.class, ub.class)
			}
		}
	}
	if f, _, ok := convert("分钟", "小时"); !ok || f != 1.0/60 {
		t.Errorf("分钟→小时 %v %v", f, ok)
	}
	if _, _, ok := convert("字", "字"); !ok {
		t.Error("an unlisted unit does not compare with itself")
	}
	if _, _, ok := convert("字", "篇"); ok {
		t.Error("two unlisted units compare")
	}
	for p, n := range periods {
		if got, ok := perYear(&p); !ok || got != n || n < 1 {
			t.Errorf("perYear(%s) = %v %v", p, got, ok)
		}
	}
}
