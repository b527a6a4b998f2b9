package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/local"
	"github.com/planmine/planmine/corpus/reuse"
	"github.com/planmine/planmine/internal/shared"
)

// TestReportAndPairsCommands ingests the seeds with `planmine ingest`, then
// writes reports and the pairs export the way a reviewer would.
func TestReportAndPairsCommands(t *testing.T) {
	data := t.TempDir()
	if _, stderr, code := runCLI(t, "ingest", "--data", data, shared.Path(t, "corpus", "seeds")); code != 0 {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	c, err := local.Open(context.Background(), data, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	docs, _, err := c.List(context.Background(), corpus.ListFilter{Sort: corpus.SortReuse, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	pairs, err := c.ReusePairs(context.Background(), 0, 0)
	c.Close()
	if err != nil {
		t.Fatal(err)
	}
	top := docs[0]
	if top.ReuseScore < 0.5 || len(pairs) == 0 {
		t.Fatalf("seeds: top reuse %v, %d pairs", top.ReuseScore, len(pairs))
	}
	out := t.TempDir()

	t.Run("html to stdout", func(t *testing.T) {
		stdout, stderr, code := runCLI(t, "report", "--data", data, top.ID)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if !strings.HasPrefix(stdout, "<!DOCTYPE html>") || !strings.Contains(stdout, top.Title) {
			t.Fatalf("stdout is not the report page: %.200s", stdout)
		}
	})
	t.Run("pdf into a folder", func(t *testing.T) {
		_, stderr, code := runCLI(t, "report", "--data", data, "--format", "pdf", "--output", out, top.ID)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		ms, _ := filepath.Glob(filepath.Join(out, "查重报告_*.pdf"))
		if len(ms) != 1 {
			t.Fatalf("files %v", ms)
		}
		b, _ := os.ReadFile(ms[0])
		if !bytes.HasPrefix(b, []byte("%PDF-")) || !strings.Contains(stderr, ms[0]) || !strings.Contains(stderr, "总文字复制比") {
			t.Fatalf("%s: %q…, stderr %q", ms[0], b[:min(8, len(b))], stderr)
		}
	})
	t.Run("xlsx to a file", func(t *testing.T) {
		path := filepath.Join(out, "r.xlsx")
		if _, stderr, code := runCLI(t, "report", top.ID, "--data", data, "--format", "xlsx", "--output", path); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if got := strings.Join(f.GetSheetList(), ","); got != "概要,来源,章节,段落" {
			t.Errorf("sheets %s", got)
		}
	})
	t.Run("pairs csv", func(t *testing.T) {
		stdout, stderr, code := runCLI(t, "pairs", "--data", data)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(stdout, "\ufeff"))).ReadAll()
		if err != nil || len(recs) != len(pairs)+1 {
			t.Fatalf("%d rows for %d pairs: %v", len(recs)-1, len(pairs), err)
		}
	})
	t.Run("pairs xlsx", func(t *testing.T) {
		path := filepath.Join(out, "pairs.xlsx")
		_, stderr, code := runCLI(t, "pairs", "--data", data, "--format", "xlsx", "--output", path, "--min-score", "0.5")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, _ := f.GetRows("配对")
		if want := countAbove(pairs, 0.5); len(rows) != want+1 {
			t.Errorf("%d pair rows, want %d", len(rows)-1, want)
		}
	})

	missing := filepath.Join(out, "no-such-dir")
	errs := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"report", "--data", data}, exitUsage, "文档 id"},
		{[]string{"report", "--data", data, "a", "b"}, exitUsage, "文档 id"},
		{[]string{"report", "--data", data, "--format", "docx", top.ID}, exitUsage, "未知格式"},
		{[]string{"report", "--data", data, "no-such-id"}, exitInputError, "文档不存在 (document not found): no-such-id"},
		{[]string{"report", "--data", missing, top.ID}, exitInputError, "数据目录不存在 (data directory does not exist)"},
		{[]string{"report", "--data", data, "--output", filepath.Join(missing, "x.html"), top.ID}, exitInputError, "无法写入"},
		{[]string{"pairs", "--data", data, "--format", "json"}, exitUsage, "未知格式"},
		{[]string{"pairs", "--data", data, "extra"}, exitUsage, "不接受位置参数"},
		{[]string{"pairs", "--data", missing}, exitInputError, "数据目录不存在"},
	}
	for _, tc := range errs {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			_, stderr, code := runCLI(t, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.msg) {
				t.Errorf("exit %d (want %d), stderr %q (want %q)", code, tc.code, stderr, tc.msg)
			}
		})
	}
	if _, err := os.Stat(missing); err == nil {
		t.Errorf("a report from a missing data directory created it")
	}
}

func countAbove(ps []reuse.Pair, min float64) int {
	n := 0
	for _, p := range ps {
		if p.Score >= min {
			n++
		}
	}
	return n
}
