package main

import (
	"context"
	"io"
	"os"
	"strings"
	"testing"
)

func TestParseSummary(t *testing.T) {
	tests := []struct {
		name string
		out  string
		want Counts
		ok   bool
	}{
		{"plain",
			"已导入 (ingested) a.txt → 1 篇文档 (documents)\n完成 (done): 导入 3 个文件、5 篇文档 (files, documents ingested)，重复 1 (duplicates)，失败 0 (failed)\n",
			Counts{Files: 3, Docs: 5, Duplicates: 1}, true},
		{"large and failed",
			"完成 (done): 导入 9998 个文件、10042 篇文档 (files, documents ingested)，重复 0 (duplicates)，失败 2 (failed)",
			Counts{Files: 9998, Docs: 10042, Failed: 2}, true},
		{"last line wins",
			"完成 (done): 导入 1 个文件、1 篇文档 (files, documents ingested)，重复 0 (duplicates)，失败 0 (failed)\n完成 (done): 导入 7 个文件、8 篇文档 (files, documents ingested)，重复 2 (duplicates)，失败 0 (failed)\n",
			Counts{Files: 7, Docs: 8, Duplicates: 2}, true},
		{"no summary", "已导入 (ingested) a.txt → 1 篇文档 (documents)\npanic: runtime error\n", Counts{}, false},
		{"empty", "", Counts{}, false},
	}
	for _, tc := range tests {
		got, ok := parseSummary(tc.out)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: parseSummary = %+v, %v; want %+v, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}

func TestStat(t *testing.T) {
	tests := []struct {
		in   []float64
		want Stat
	}{
		{nil, Stat{}},
		{[]float64{42.5}, Stat{42.5, 42.5, 42.5}},
		{[]float64{30, 10, 20}, Stat{20, 10, 30}},
		{[]float64{4, 1, 3, 2}, Stat{2.5, 1, 4}},
	}
	for _, tc := range tests {
		in := append([]float64(nil), tc.in...)
		if got := stat(tc.in); got != tc.want {
			t.Errorf("stat(%v) = %+v, want %+v", tc.in, got, tc.want)
		}
		for i := range in {
			if in[i] != tc.in[i] {
				t.Errorf("stat reordered its input: %v", tc.in)
			}
		}
	}
}

func TestSummarize(t *testing.T) {
	m := &Manifest{Spec: Spec{N: 3}, Files: []Entry{
		{Name: "a.txt", Kind: "txt", Variant: "gbk", Bytes: 100},
		{Name: "b.docx", Kind: "docx", Bytes: 200},
		{Name: "c.pdf", Kind: "pdf", Bytes: 700},
	}}
	by := map[string][]Run{
		"cli": {{WallSec: 10, DocsPerS: 30, PeakRSSMB: 400}, {WallSec: 12, DocsPerS: 25, PeakRSSMB: 500}, {WallSec: 11, DocsPerS: 27, PeakRSSMB: 450}},
		"api": {{WallSec: 20, DocsPerS: 13.5, PeakRSSMB: 900}},
	}
	s := summarize(m, true, Machine{}, by)
	if s.Bytes != 1000 || s.Mix["pdf"] != 1 || s.TXT["gbk"] != 1 {
		t.Errorf("summary totals = %d bytes, mix %v, txt %v", s.Bytes, s.Mix, s.TXT)
	}
	if s.CLI.DocsPerS != (Stat{27, 25, 30}) || s.CLI.Runs != 3 {
		t.Errorf("cli docs/s = %+v", s.CLI.DocsPerS)
	}
	if s.RatioDocsPerS != 0.5 || s.RatioRSS != 2 {
		t.Errorf("ratios = %v, %v; want 0.5, 2", s.RatioDocsPerS, s.RatioRSS)
	}
	if one := summarize(m, false, Machine{}, map[string][]Run{"cli": by["cli"]}); one.API != nil || one.RatioDocsPerS != 0 {
		t.Errorf("one path: api %+v ratio %v", one.API, one.RatioDocsPerS)
	}
}

func TestRates(t *testing.T) {
	r := Run{WallSec: 4, Bytes: 8e6, Counts: Counts{Files: 10, Docs: 12, Duplicates: 2}}
	r.rates()
	if r.DocsPerS != 3 || r.FilesPerS != 3 || r.MBPerS != 2 {
		t.Errorf("rates = %v docs/s, %v files/s, %v MB/s", r.DocsPerS, r.FilesPerS, r.MBPerS)
	}
	z := Run{Counts: Counts{Docs: 5}}
	z.rates()
	if z.DocsPerS != 0 {
		t.Errorf("zero wall time gave %v docs/s", z.DocsPerS)
	}
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		args []string
		ok   bool
	}{
		{[]string{"-n", "300", "-runs", "1"}, true},
		{[]string{"-paths", "api"}, true},
		{[]string{"-n", "2"}, false},
		{[]string{"-runs", "0"}, false},
		{[]string{"-paths", "cli,ftp"}, false},
		{[]string{"-min-runes", "900", "-max-runes", "100"}, false},
		{[]string{"-bogus"}, false},
	}
	for _, tc := range tests {
		o, err := parseFlags(append([]string{"-shared", "/nonexistent"}, tc.args...), io.Discard)
		if (err == nil) != tc.ok {
			t.Errorf("parseFlags(%v): err %v, want ok %v", tc.args, err, tc.ok)
		}
		if err == nil && !strings.Contains(o.files, "e2e-files-") {
			t.Errorf("parseFlags(%v): files dir %q", tc.args, o.files)
		}
	}
}

func TestVmHWMAndMachine(t *testing.T) {
	mb, err := vmHWM(os.Getpid())
	if err != nil || mb <= 0 {
		t.Errorf("vmHWM(self) = %v, %v", mb, err)
	}
	if _, err := vmHWM(-1); err == nil {
		t.Errorf("vmHWM(-1) gave no error")
	}
	m := readMachine()
	if m.Cores < 1 || m.MemTotalGB <= 0 || m.LoadStart == "?" {
		t.Errorf("readMachine = %+v", m)
	}
}

// TestPaths runs both paths over the small generated dir with the real
// binary: counts agree, nothing fails, the API lists what it created.
func TestPaths(t *testing.T) {
	if testing.Short() {
		t.Skip("builds planmine and starts it twice")
	}
	dir, m := generated(t)
	ctx := context.Background()
	bin, err := buildPlanmine(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cli, err := runCLI(ctx, bin, dir, m, 1)
	if err != nil {
		t.Fatal(err)
	}
	if cli.Files != len(m.Files) || cli.Docs < len(m.Files) || cli.Failed != 0 || cli.Duplicates != 0 {
		t.Errorf("cli counts = %+v, want %d files", cli.Counts, len(m.Files))
	}
	if cli.WallSec <= 0 || cli.PeakRSSMB <= 0 || cli.DataMB <= 0 || cli.DocsPerS <= 0 {
		t.Errorf("cli figures = %+v", cli)
	}
	api, err := runAPI(ctx, bin, dir, m, 1, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if api.Docs != cli.Docs || api.Files != cli.Files || api.Listed != api.Docs || api.Zips != 1 {
		t.Errorf("api = %+v, want the CLI's %d docs listed", api, cli.Docs)
	}
	if api.PeakRSSMB <= 0 || api.WallSec <= 0 {
		t.Errorf("api figures = %+v", api)
	}
	if s, err := cliStartup(ctx, bin); err != nil || s <= 0 {
		t.Errorf("cliStartup = %v, %v", s, err)
	}
}
