package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/internal/shared"
)

func runCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &out, &errb)
	code := exitCode(err, &errb)
	return out.String(), errb.String(), code
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{nil, {"nosuch"}, {"analyze"}, {"analyze", "--bogus", "x"}, {"eval"}} {
		_, stderr, code := runCLI(t, args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d (stderr %q)", args, code, exitUsage, stderr)
		}
		if !strings.Contains(stderr, "用法") {
			t.Errorf("%v: stderr lacks a Chinese usage line: %q", args, stderr)
		}
	}
}

func TestAnalyzeDemoJSON(t *testing.T) {
	out, stderr, code := runCLI(t, "analyze", "--demo", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var res struct {
		Documents []doc.Document `json:"documents"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Documents) < 6 {
		t.Fatalf("%d documents from the demo corpus", len(res.Documents))
	}
	byTitle := map[string]doc.Document{}
	for _, d := range res.Documents {
		byTitle[d.Title] = d
	}
	plan, ok := byTitle["青山镇卫生院党支部2026年党建工作计划"]
	if !ok {
		t.Fatalf("plan not found among %v", keys(byTitle))
	}
	if plan.DocType != doc.TypePlan || plan.Year == nil || *plan.Year != 2026 {
		t.Errorf("plan meta: %s %v", plan.DocType, plan.Year)
	}
	found := false
	for _, tg := range plan.Targets {
		if tg.Value == 2 && tg.Unit == "名" && tg.Kind == doc.KindPlan && strings.Contains(tg.Text, "发展党员") {
			found = true
		}
	}
	if !found {
		t.Errorf("plan lacks the 发展党员2名 target: %+v", plan.Targets)
	}
	trad, ok := byTitle["東華醫院黨委2026年黨建工作要點"]
	if !ok || trad.Script != doc.ScriptTraditional {
		t.Errorf("traditional document missing or misdetected: %+v", trad.Script)
	}
	gbk := false
	for _, d := range res.Documents {
		if strings.Contains(d.Source, "GBK") && strings.Contains(d.Text, "主题党日") {
			gbk = true
		}
	}
	if !gbk {
		t.Error("the GBK notice did not decode")
	}
}

// TestBadInputsKeepGoing: one unreadable file gives exit 2 and a message
// naming it, and the good file of the same run is still analysed.
func TestBadInputsKeepGoing(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "计划.txt")
	os.WriteFile(good, []byte("2026年党支部工作计划\n全年计划发展党员2名。\n"), 0o644)
	bad := filepath.Join(dir, "坏文件.docx")
	os.WriteFile(bad, []byte("PK\x03\x04 truncated"), 0o644)
	out, stderr, code := runCLI(t, "analyze", "--json", good, bad)
	if code != exitInputError {
		t.Fatalf("exit %d, want %d", code, exitInputError)
	}
	if !strings.Contains(stderr, "坏文件.docx") {
		t.Errorf("stderr does not name the bad file: %q", stderr)
	}
	if !strings.Contains(out, "发展党员") {
		t.Errorf("good file not analysed: %s", out)
	}
}

func TestReuseSeeds(t *testing.T) {
	seed := shared.Path(t, "corpus", "seeds", "000_948abd7a737fa59a.txt")
	out, stderr, code := runCLI(t, "reuse", "--json", seed)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep struct {
		Pairs []struct {
			Score    float64           `json:"score"`
			Passages []json.RawMessage `json:"passages"`
		} `json:"pairs"`
		Clusters [][]string `json:"clusters"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Clusters) == 0 || len(rep.Clusters[0]) != 3 {
		t.Errorf("clusters %v, want one of three (篇1/篇4/篇7)", rep.Clusters)
	}
}

func keys(m map[string]doc.Document) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestIngestSearchTargets drives the store commands end to end on a temp
// data directory: ingest twice (the second run finds duplicates), search
// across scripts, export targets as CSV and XLSX, reindex.
func TestIngestSearchTargets(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o755)
	os.WriteFile(filepath.Join(in, "計劃.txt"), []byte("東山醫院黨支部2026年工作計劃\n一、工作目標\n全年計劃發展黨員3名，黨課每季度不少於1次。\n"), 0o644)
	os.WriteFile(filepath.Join(in, "总结.txt"), []byte("西山医院党支部2025年工作总结\n一、主要成效\n全年发展党员2名，开展主题党日活动12次。\n"), 0o644)
	out, stderr, code := runCLI(t, "ingest", "--data", data, in)
	if code != 0 || !strings.Contains(out, "导入 2 个文件") {
		t.Fatalf("ingest exit %d: %s %s", code, out, stderr)
	}
	out, _, code = runCLI(t, "ingest", "--data", data, in)
	if code != 0 || !strings.Contains(out, "重复 2") {
		t.Fatalf("second ingest exit %d: %s", code, out)
	}
	out, stderr, code = runCLI(t, "search", "--data", data, "--json", "党员")
	if code != 0 {
		t.Fatalf("search exit %d: %s", code, stderr)
	}
	var res struct {
		Total int `json:"total"`
		Hits  []struct {
			Title string `json:"title"`
		} `json:"hits"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Total != 2 {
		t.Fatalf("simplified query over both scripts: %s (%v)", out, err)
	}
	out, _, code = runCLI(t, "targets", "--data", data, "--kind", "plan", "--format", "csv")
	if code != 0 || !strings.HasPrefix(out, "\ufeff") || !strings.Contains(out, "發展黨員3名") || strings.Contains(out, "发展党员2名") {
		t.Fatalf("targets csv: %s", out)
	}
	xlsx := filepath.Join(dir, "t.xlsx")
	if _, stderr, code := runCLI(t, "targets", "--data", data, "--format", "xlsx", "--output", xlsx); code != 0 {
		t.Fatalf("xlsx: %s", stderr)
	}
	if b, err := os.ReadFile(xlsx); err != nil || len(b) < 100 || string(b[:2]) != "PK" {
		t.Fatalf("xlsx file not written: %v", err)
	}
	out, _, code = runCLI(t, "reindex", "--data", data)
	if code != 0 || !strings.Contains(out, "2 篇文档") {
		t.Fatalf("reindex: %s", out)
	}
}
