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
