package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/planmine/planmine/doc"
)

// TestRecurringLinesLearned: a site's footer that no single page gives
// away is learned from the batch and dropped, while what the documents
// share legitimately — headings, the issuer and the date of a template's
// signature — stays.
func TestRecurringLinesLearned(t *testing.T) {
	dir := t.TempDir()
	const footer = "南山资料屋 党建频道 精品推荐"
	orgs := []string{"青山镇卫生院", "白水乡卫生院", "东湖社区卫生服务中心", "西岭县中医院", "北坡县人民医院", "南湖妇幼保健院"}
	for i, org := range orgs {
		text := strings.Join([]string{
			org + "2026年党支部工作计划",
			"一、指导思想",
			fmt.Sprintf("坚持以党建引领%s高质量发展，全年计划发展党员%d名，党课每季度不少于1次。", org, i+2),
			"二、主要任务",
			fmt.Sprintf("落实“三会一课”制度，组织主题党日活动%d次，开展志愿服务。", i+6),
			"中共某某卫生健康局委员会",
			"2026年1月8日",
			footer,
		}, "\n")
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("p%d.txt", i)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	read := func(opt Options) string {
		var b strings.Builder
		err := Walk(ctx, []string{dir}, opt, func(name string, docs []doc.Document, err error) error {
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range docs {
				b.WriteString(d.Text + "\n")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	alone := read(Options{})
	if strings.Count(alone, footer) != len(orgs) {
		t.Fatalf("each page on its own keeps the footer (test premise): %d of %d", strings.Count(alone, footer), len(orgs))
	}
	st, err := CountLines(ctx, []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	batch := read(Options{Recurring: st.Recurring})
	if strings.Contains(batch, footer) {
		t.Errorf("the footer recurring in every page is left in")
	}
	for _, keep := range []string{"一、指导思想", "二、主要任务", "中共某某卫生健康局委员会", "2026年1月8日", "党课每季度不少于1次"} {
		if strings.Count(batch, keep) != len(orgs) {
			t.Errorf("%q kept in %d of %d pages", keep, strings.Count(batch, keep), len(orgs))
		}
	}
	// A small batch teaches nothing.
	var few LineStats
	few.Add(nil)
	if few.Recurring("x") {
		t.Error("one file taught a recurring line")
	}
}
