// Command benche2e measures planmine end to end: N generated files (a third
// each TXT — UTF-8, GBK, Traditional, Big5 —, DOCX written as OOXML, and PDF
// printed by LibreOffice) ingested by the real binary, once through
// `planmine ingest` and once uploaded to `planmine serve` as zip jobs of
// 250 files, each repeated on fresh data dirs. It prints docs/s, MB/s and
// peak RSS per run, medians with min/max, and the API/CLI ratio, and writes
// JSON rows (one per run, then a summary) with measure.Emit.
//
//	go run ./bench/cmd/benche2e -n 1000 -runs 1            # quick
//	nice -n 5 go run ./bench/cmd/benche2e -n 10000 -runs 3 # the run
//
// Generation (and the PDF conversion inside it) is timed and printed but
// excluded from the figures; its output is cached in -files and reused
// when the same spec asks again.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/planmine/planmine/bench/internal/measure"
	"github.com/planmine/planmine/internal/shared"
)

func main() {
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		measure.Fatal("benche2e: %v", err)
	}
}

// options are the command's flags.
type options struct {
	spec   Spec
	runs   int
	files  string
	shared string
	bin    string
	json   string
	paths  string
	gen    bool
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("benche2e", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.spec.N, "n", 10000, "生成的文件数 (number of files, a third each TXT/DOCX/PDF)")
	fs.Int64Var(&o.spec.Seed, "seed", 1, "生成器种子 (generator seed)")
	fs.IntVar(&o.spec.MinRunes, "min-runes", 1500, "每篇最少字数 (min characters per document)")
	fs.IntVar(&o.spec.MaxRunes, "max-runes", 5000, "每篇最多字数 (max characters per document)")
	fs.IntVar(&o.runs, "runs", 3, "每条路径的运行次数 (runs per path, each on a fresh data dir)")
	fs.StringVar(&o.files, "files", "", "生成文件的缓存目录 (cache dir of the generated files; default bench/out/e2e-files-N)")
	fs.StringVar(&o.shared, "shared", shared.Dir(), "shared 目录 (the shared folder with corpus/)")
	fs.StringVar(&o.bin, "bin", "", "planmine 可执行文件 (planmine binary; default: go build ./cmd/planmine)")
	fs.StringVar(&o.json, "json", "bench/out/e2e.json", "JSON 结果文件 (JSON rows; - for stdout)")
	fs.StringVar(&o.paths, "paths", "cli,api", "测量的路径 (paths to measure: cli, api or both)")
	fs.BoolVar(&o.gen, "gen-only", false, "只生成文件 (generate the files and stop)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.spec.N < 3 || o.runs < 1 || o.spec.MinRunes < 1 || o.spec.MaxRunes < o.spec.MinRunes {
		return o, fmt.Errorf("参数无效 (invalid flags): need -n ≥ 3, -runs ≥ 1, 1 ≤ -min-runes ≤ -max-runes")
	}
	for _, p := range strings.Split(o.paths, ",") {
		if p != "cli" && p != "api" {
			return o, fmt.Errorf("未知路径 (unknown path) %q: use cli, api", p)
		}
	}
	if o.shared == "" {
		return o, fmt.Errorf("找不到 shared 目录 (shared folder not found): set -shared or PLANMINE_SHARED")
	}
	if o.files == "" {
		o.files = filepath.Join("bench", "out", fmt.Sprintf("e2e-files-%d", o.spec.N))
	}
	return o, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	mach := readMachine()
	fmt.Fprintf(stderr, "生成 (generating) %d 个文件 (files) in %s …\n", o.spec.N, o.files)
	m, reused, err := Generate(ctx, o.files, o.shared, o.spec, stderr)
	if err != nil {
		return err
	}
	kinds, vars := m.Kinds(), variants(m)
	if reused {
		fmt.Fprintf(stderr, "复用已生成的文件 (reusing generated files; generation took %.0f s, PDF %.0f s)\n", m.GenSec, m.PDFSec)
	} else {
		fmt.Fprintf(stderr, "生成用时 (generation took) %.0f s, 其中 PDF (of which soffice) %.0f s — 不计入结果 (excluded from the figures)\n", m.GenSec, m.PDFSec)
	}
	fmt.Fprintf(stderr, "文件 (files): %d, %.1f MB; %v; TXT %v\n", len(m.Files), float64(m.Bytes())/1e6, kinds, vars)
	if o.gen {
		return nil
	}
	bin := o.bin
	if bin == "" {
		tmp, err := os.MkdirTemp("", "planmine-e2e-bin-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		if bin, err = buildPlanmine(ctx, tmp); err != nil {
			return err
		}
	}
	var jw io.Writer = stdout
	if o.json != "-" {
		if err := os.MkdirAll(filepath.Dir(o.json), 0o755); err != nil {
			return err
		}
		f, err := os.Create(o.json)
		if err != nil {
			return err
		}
		defer f.Close()
		jw = f
	}
	out := stdout
	if o.json == "-" {
		out = stderr
	}
	fmt.Fprintf(out, "机器 (machine): %s\n", mach)

	paths := strings.Split(o.paths, ",")
	var startup float64
	if strings.Contains(o.paths, "cli") {
		if startup, err = cliStartup(ctx, bin); err != nil {
			return err
		}
		fmt.Fprintf(out, "  CLI 启动与词典加载 (start-up, one-file ingest): %.1f s — 包含在 CLI 数字中 (included in the CLI figures)\n", startup)
	}
	byPath := map[string][]Run{}
	for k := 1; k <= o.runs; k++ {
		for _, p := range paths {
			fmt.Fprintf(stderr, "运行 (run) %s %d/%d …\n", p, k, o.runs)
			var r Run
			if p == "cli" {
				r, err = runCLI(ctx, bin, o.files, m, k)
			} else {
				r, err = runAPI(ctx, bin, o.files, m, k, stderr)
			}
			if err != nil {
				return fmt.Errorf("%s 第 %d 次 (run %d): %w", p, k, k, err)
			}
			r.Kind = "run"
			byPath[p] = append(byPath[p], r)
			fmt.Fprintf(out, "  %-3s run %d: %6.1f s  %6.1f docs/s  %5.2f MB/s  peak RSS %5.0f MB  files %d docs %d dup %d failed %d%s\n",
				p, k, r.WallSec, r.DocsPerS, r.MBPerS, r.PeakRSSMB, r.Files, r.Docs, r.Duplicates, r.Failed, listed(r))
			if err := measure.Emit(jw, r); err != nil {
				return err
			}
		}
	}
	mach.LoadEnd = loadAvg()
	s := summarize(m, reused, mach, byPath)
	s.CLIStartupSec = startup
	printSummary(out, s)
	return measure.Emit(jw, s)
}

func listed(r Run) string {
	if r.Path != "api" {
		return ""
	}
	return fmt.Sprintf("  listed %d  zips %d  429s %d", r.Listed, r.Zips, r.Retries429)
}

// variants counts the TXT files per encoding/script actually written.
func variants(m *Manifest) map[string]int {
	v := map[string]int{}
	for _, e := range m.Files {
		if e.Kind == "txt" {
			v[e.Variant]++
		}
	}
	return v
}

// buildPlanmine builds ./cmd/planmine of the module this command runs in.
func buildPlanmine(ctx context.Context, dir string) (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "planmine")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/planmine")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("构建 planmine 失败 (go build failed): %w: %s", err, tail(out, 1000))
	}
	return bin, nil
}

func moduleRoot() (string, error) {
	d, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("找不到 go.mod (not inside the module): use -bin")
		}
		d = filepath.Dir(d)
	}
}

// Stat is a median with its range over runs.
type Stat struct {
	Median float64 `json:"median"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

func stat(xs []float64) Stat {
	if len(xs) == 0 {
		return Stat{}
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return Stat{Median: measure.Median(s), Min: s[0], Max: s[len(s)-1]}
}

// PathStats summarises one path's runs.
type PathStats struct {
	Runs      int  `json:"runs"`
	WallSec   Stat `json:"wall_sec"`
	DocsPerS  Stat `json:"docs_per_sec"`
	FilesPerS Stat `json:"files_per_sec"`
	MBPerS    Stat `json:"mb_per_sec"`
	PeakRSSMB Stat `json:"peak_rss_mb"`
	Docs      int  `json:"docs"`
}

func pathStats(rs []Run) *PathStats {
	if len(rs) == 0 {
		return nil
	}
	pick := func(f func(Run) float64) Stat {
		xs := make([]float64, len(rs))
		for i, r := range rs {
			xs[i] = f(r)
		}
		return stat(xs)
	}
	return &PathStats{
		Runs:      len(rs),
		WallSec:   pick(func(r Run) float64 { return r.WallSec }),
		DocsPerS:  pick(func(r Run) float64 { return r.DocsPerS }),
		FilesPerS: pick(func(r Run) float64 { return r.FilesPerS }),
		MBPerS:    pick(func(r Run) float64 { return r.MBPerS }),
		PeakRSSMB: pick(func(r Run) float64 { return r.PeakRSSMB }),
		Docs:      rs[0].Docs,
	}
}

// Summary is the last JSON row.
type Summary struct {
	Kind      string         `json:"kind"` // "summary"
	N         int            `json:"n"`
	Bytes     int64          `json:"bytes"`
	Mix       map[string]int `json:"mix"`
	TXT       map[string]int `json:"txt_variants"`
	GenSec    float64        `json:"gen_sec"`
	PDFSec    float64        `json:"pdf_sec"`
	GenReused bool           `json:"gen_reused"`
	Machine   Machine        `json:"machine"`
	CLI       *PathStats     `json:"cli,omitempty"`
	API       *PathStats     `json:"api,omitempty"`
	// RatioDocsPerS is API/CLI of the median docs/s; RatioRSS of the
	// median peak RSS. 0 when a path did not run.
	RatioDocsPerS float64 `json:"ratio_api_cli_docs_per_sec"`
	RatioRSS      float64 `json:"ratio_api_cli_rss"`
	// CLIStartupSec is one-file `planmine ingest` wall time: the fixed
	// cost (start, dictionary load) inside every CLI run's wall time.
	CLIStartupSec float64 `json:"cli_startup_sec"`
}

func summarize(m *Manifest, reused bool, mach Machine, by map[string][]Run) Summary {
	s := Summary{Kind: "summary", N: len(m.Files), Bytes: m.Bytes(), Mix: m.Kinds(), TXT: variants(m),
		GenSec: m.GenSec, PDFSec: m.PDFSec, GenReused: reused, Machine: mach,
		CLI: pathStats(by["cli"]), API: pathStats(by["api"])}
	if s.CLI != nil && s.API != nil {
		s.RatioDocsPerS = ratio(s.API.DocsPerS.Median, s.CLI.DocsPerS.Median)
		s.RatioRSS = ratio(s.API.PeakRSSMB.Median, s.CLI.PeakRSSMB.Median)
	}
	return s
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func printSummary(w io.Writer, s Summary) {
	fmt.Fprintf(w, "%d 个文件 (files), %.1f MB (%v); 生成 (generation) %.0f s, 不计入 (excluded)\n", s.N, float64(s.Bytes)/1e6, s.Mix, s.GenSec)
	fmt.Fprintf(w, "  %-4s %4s %22s %22s %22s %22s\n", "path", "runs", "wall s (min–max)", "docs/s (min–max)", "MB/s (min–max)", "peak RSS MB (min–max)")
	for _, p := range []struct {
		name string
		st   *PathStats
	}{{"cli", s.CLI}, {"api", s.API}} {
		if p.st == nil {
			continue
		}
		f := func(x Stat, nd int) string {
			return fmt.Sprintf("%.*f (%.*f–%.*f)", nd, x.Median, nd, x.Min, nd, x.Max)
		}
		fmt.Fprintf(w, "  %-4s %4d %22s %22s %22s %22s\n", p.name, p.st.Runs, f(p.st.WallSec, 1), f(p.st.DocsPerS, 1), f(p.st.MBPerS, 2), f(p.st.PeakRSSMB, 0))
	}
	if s.RatioDocsPerS > 0 {
		fmt.Fprintf(w, "  API/CLI: docs/s %.2f×, peak RSS %.2f×\n", s.RatioDocsPerS, s.RatioRSS)
	}
	fmt.Fprintf(w, "  load average: start %s, end %s\n", s.Machine.LoadStart, s.Machine.LoadEnd)
}
