package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/planmine/planmine/corpus"
)

// TestTargetsFollowup ingests the follow-up fixtures (one hospital's 2025
// plan, Traditional 2025 summary and 2026 plan; another hospital's summary)
// and reads the tracker through the CLI: Chinese filters, --status, the
// table, CSV columns in words, a folder as --output.
func TestTargetsFollowup(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the segmenter dictionary")
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if out, stderr, code := runCLI(t, "ingest", "--data", data, "../../corpus/followup/testdata"); code != 0 {
		t.Fatalf("ingest exit %d: %s %s", code, out, stderr)
	}

	// JSON: codes kept, display strings and the follow-up added.
	out, stderr, code := runCLI(t, "targets", "--data", data, "--format", "json", "--kind", "计划", "--year", "2025年", "--status", "未完成")
	if code != 0 {
		t.Fatalf("json exit %d: %s", code, stderr)
	}
	var res struct {
		Total   int                `json:"total"`
		Targets []corpus.TargetRow `json:"targets"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Total != 2 || len(res.Targets) != 2 {
		t.Fatalf("未完成 2025 plans: %d %s", res.Total, out)
	}
	for _, r := range res.Targets {
		if r.Kind != "plan" || r.Followup == nil || r.Followup.Status != "not_met" || r.Followup.Achieved == nil ||
			r.Followup.Achieved.DocID == "" || !strings.Contains(r.Followup.Achieved.Source, "總結") {
			t.Errorf("row %+v follow-up %+v", r, r.Followup)
		}
	}

	// The table (what a terminal gets by default) reads as the documents write.
	out, stderr, code = runCLI(t, "targets", "--data", data, "--format", "table", "--year", "2026")
	if code != 0 {
		t.Fatalf("table exit %d: %s", code, stderr)
	}
	for _, want := range []string{"完成情况", "未报告", "不少于6名", "不少于5名", "6名", "93.8%", "共 3 条", "未报告 3"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}

	// CSV with a comparator in words; the columns in words.
	out, _, code = runCLI(t, "targets", "--data", data, "--cmp", "不少于", "--kind", "plan", "--year", "2025")
	if code != 0 {
		t.Fatalf("csv exit %d", code)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("csv: %v %q", err, out)
	}
	idx := map[string]int{}
	for i, h := range recs[0] {
		idx[h] = i
	}
	for _, r := range recs[1:] {
		if r[idx["比较/cmp"]] != "不少于" || r[idx["类型/kind"]] != "计划" || !strings.HasPrefix(r[idx["目标/target"]], "不少于") ||
			r[idx["完成情况/status"]] == "" {
			t.Errorf("csv row %q", r)
		}
	}

	// A folder as --output gets the name with the filter and the date; the format follows.
	outDir := filepath.Join(dir, "exports")
	os.Mkdir(outDir, 0o755)
	if _, stderr, code := runCLI(t, "targets", "--data", data, "--format", "xlsx", "--kind", "完成", "--output", outDir); code != 0 {
		t.Fatalf("xlsx to folder: %s", stderr)
	}
	ms, _ := filepath.Glob(filepath.Join(outDir, "目标台账_完成_*.xlsx"))
	if len(ms) != 1 || !strings.HasSuffix(ms[0], "_"+time.Now().Format("20060102")+".xlsx") &&
		!strings.HasSuffix(ms[0], "_"+time.Now().Add(-time.Hour).Format("20060102")+".xlsx") {
		t.Errorf("export in folder: %v", ms)
	}
	// The format follows the file's extension when not given.
	js := filepath.Join(dir, "t.json")
	if _, stderr, code := runCLI(t, "targets", "--data", data, "--output", js); code != 0 {
		t.Fatalf("json by extension: %s", stderr)
	}
	if b, _ := os.ReadFile(js); !json.Valid(b) {
		t.Errorf("t.json is not JSON: %.80s", b)
	}

	// Bad filter values are usage errors that name the value, Chinese first.
	for _, args := range [][]string{{"--kind", "计画"}, {"--year", "去年"}, {"--status", "进行中"}, {"--cmp", "about"}, {"--format", "pdf"}} {
		_, stderr, code := runCLI(t, append([]string{"targets", "--data", data}, args...)...)
		if code != exitUsage || !strings.Contains(stderr, args[1]) || !strings.Contains(stderr, "用法") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
}
