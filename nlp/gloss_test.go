package nlp

import (
	"context"
	"strings"
	"testing"

	"github.com/planmine/planmine/doc"
)

// TestAnalyzeThroughGlosses checks that a glossed Traditional page is
// analysed as if the glosses were not there, with every span and quoted
// text pointing into the text as written.
func TestAnalyzeThroughGlosses(t *testing.T) {
	text := strings.Join([]string{
		"2026年社區(qū)衛(wèi)生服務(wù)站工作計(jì)劃",
		"一、建設(shè)目標(biāo)",
		"全年計(jì)劃新建標(biāo)準(zhǔn)化村衛(wèi)生室12所，黨課每季度不少于1次。",
		"二、保障措施",
		"加強(qiáng)組織領(lǐng)導(dǎo)，確保20XX年度任務(wù)完成。",
	}, "\n")
	d := doc.Document{Title: "2026年社區(qū)衛(wèi)生服務(wù)站工作計(jì)劃", Text: text}
	if err := Analyze(context.Background(), &d); err != nil {
		t.Fatal(err)
	}
	if d.DocType != doc.TypePlan || d.Year == nil || *d.Year != 2026 {
		t.Errorf("meta: %s %v", d.DocType, d.Year)
	}
	rs := []rune(d.Text)
	if len(d.Sections) != 2 || d.Sections[0].Title != "建設(shè)目標(biāo)" || d.Sections[1].Title != "保障措施" {
		t.Fatalf("sections: %+v", d.Sections)
	}
	if got := string(rs[d.Sections[1].Start : d.Sections[1].Start+2]); got != "二、" {
		t.Errorf("section 2 starts at %q", got)
	}
	var vals []float64
	for _, tg := range d.Targets {
		vals = append(vals, tg.Value)
		if got := string(rs[tg.Start:tg.End]); !strings.Contains(got, "1") {
			t.Errorf("target %v span %q", tg.Value, got)
		}
		if !strings.Contains(text, tg.Text) {
			t.Errorf("target text %q is not in the text", tg.Text)
		}
		if len(tg.Section) != 1 || tg.Section[0] != "一、建設(shè)目標(biāo)" {
			t.Errorf("target %v section %q", tg.Value, tg.Section)
		}
	}
	if len(vals) != 2 || vals[0] != 12 || vals[1] != 1 {
		t.Errorf("targets %v, want 12 and 1", vals)
	}
	if !strings.Contains(d.Targets[0].Text, "標(biāo)準(zhǔn)化") {
		t.Errorf("clause lost its glosses: %q", d.Targets[0].Text)
	}
	if len(d.Placeholders) != 1 || d.Placeholders[0].Text != string(rs[d.Placeholders[0].Start:d.Placeholders[0].End]) ||
		!strings.HasPrefix(d.Placeholders[0].Text, "20XX") {
		t.Errorf("placeholders: %+v", d.Placeholders)
	}
}
