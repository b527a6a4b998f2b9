package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"time"
)

// Counts are what one ingest reported.
type Counts struct {
	Files      int `json:"files"`      // files newly stored
	Docs       int `json:"docs"`       // documents created (a file may hold several)
	Duplicates int `json:"duplicates"` // files already stored (same SHA-256)
	Failed     int `json:"failed"`     // files that could not be read
}

// summaryPattern matches the last line of planmine ingest:
// 完成 (done): 导入 N 个文件、D 篇文档 (files, documents ingested)，重复 U (duplicates)，失败 F (failed)
var summaryPattern = regexp.MustCompile(`完成 \(done\): 导入 (\d+) 个文件、(\d+) 篇文档.*?重复 (\d+).*?失败 (\d+)`)

// parseSummary finds the summary line in planmine ingest's output; ok is
// false when there is none (the command died before printing it).
func parseSummary(out string) (c Counts, ok bool) {
	all := summaryPattern.FindAllStringSubmatch(out, -1)
	if len(all) == 0 {
		return Counts{}, false
	}
	m := all[len(all)-1]
	n := func(s string) int { v, _ := strconv.Atoi(s); return v }
	return Counts{Files: n(m[1]), Docs: n(m[2]), Duplicates: n(m[3]), Failed: n(m[4])}, true
}

// Run is one measured pass over the files through one path.
type Run struct {
	Kind      string  `json:"kind"` // "run"
	Path      string  `json:"path"` // cli or api
	Run       int     `json:"run"`
	Bytes     int64   `json:"bytes"`
	WallSec   float64 `json:"wall_sec"`
	DocsPerS  float64 `json:"docs_per_sec"`
	FilesPerS float64 `json:"files_per_sec"`
	MBPerS    float64 `json:"mb_per_sec"`
	PeakRSSMB float64 `json:"peak_rss_mb"`
	DataMB    float64 `json:"data_mb"` // size of the data dir afterwards
	Counts
	// Listed is GET /documents' total after the API run (0 for the CLI).
	Listed int `json:"listed,omitempty"`
	// Zips is the number of zip jobs uploaded (API only).
	Zips int `json:"zips,omitempty"`
	// Retries429 counts uploads refused with 429 and sent again (API only).
	Retries429 int `json:"retries_429,omitempty"`
}

// rates fills the per-second figures from the wall time.
func (r *Run) rates() {
	if r.WallSec <= 0 {
		return
	}
	r.DocsPerS = float64(r.Docs) / r.WallSec
	r.FilesPerS = float64(r.Files+r.Duplicates) / r.WallSec
	r.MBPerS = float64(r.Bytes) / 1e6 / r.WallSec
}

// runCLI ingests dir with `planmine ingest --data <fresh dir> dir` as a
// child process and measures it. Its per-file lines go to a log file in the
// data dir's parent; only the summary is parsed.
func runCLI(ctx context.Context, bin, dir string, m *Manifest, k int) (Run, error) {
	tmp, err := os.MkdirTemp("", "planmine-e2e-cli-")
	if err != nil {
		return Run{}, err
	}
	defer os.RemoveAll(tmp)
	data := filepath.Join(tmp, "data")
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "ingest", "--data", data, dir)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err = cmd.Run()
	wall := time.Since(start).Seconds()
	r := Run{Path: "cli", Run: k, Bytes: m.Bytes(), WallSec: wall}
	c, ok := parseSummary(stdout.String())
	if !ok {
		return r, fmt.Errorf("planmine ingest 未输出汇总行 (printed no summary line): %v\n%s", err, tail(stderr.Bytes(), 2000))
	}
	r.Counts = c
	if err != nil || c.Failed > 0 {
		return r, fmt.Errorf("planmine ingest 有失败 (failed %d files): %v\n%s", c.Failed, err, firstLines(stderr.Bytes(), 20))
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.PeakRSSMB = float64(ru.Maxrss) / 1024 // KB on Linux
	}
	r.DataMB = dirMB(data)
	r.rates()
	return r, nil
}

// startupText is a one-paragraph plan for timing the CLI's fixed cost.
const startupText = "市人民医院2025年党建工作计划\n一、工作目标\n全年发展党员不少于3名，每季度讲党课1次。\n"

// cliStartup times `planmine ingest` of one small file into a fresh data
// dir: process start, dictionary load and store creation, the fixed cost
// inside every CLI figure.
func cliStartup(ctx context.Context, bin string) (float64, error) {
	tmp, err := os.MkdirTemp("", "planmine-e2e-start-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(tmp)
	f := filepath.Join(tmp, "plan.txt")
	if err := os.WriteFile(f, []byte(startupText), 0o644); err != nil {
		return 0, err
	}
	cmd := exec.CommandContext(ctx, bin, "ingest", "--data", filepath.Join(tmp, "data"), f)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("planmine ingest 单个文件失败 (one-file ingest failed): %w: %s", err, tail(out, 500))
	}
	if c, ok := parseSummary(string(out)); !ok || c.Docs != 1 {
		return 0, fmt.Errorf("planmine ingest 单个文件结果异常 (one-file ingest gave): %s", tail(out, 500))
	}
	return time.Since(start).Seconds(), nil
}

// firstLines returns up to n lines of b: the first failures name the files.
func firstLines(b []byte, n int) string {
	var out bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(b))
	for i := 0; i < n && sc.Scan(); i++ {
		out.WriteString(sc.Text())
		out.WriteByte('\n')
	}
	return out.String()
}

// dirMB is the size of the files under dir, in MB.
func dirMB(dir string) float64 {
	var n int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			n += info.Size()
		}
		return nil
	})
	return float64(n) / 1e6
}
