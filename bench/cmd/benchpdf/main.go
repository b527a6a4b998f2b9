// Command benchpdf compares planmine's PDF reader with poppler's pdftotext
// on the same files: time per document (median of -runs) and text
// agreement, the LCS of Han characters. Where the PDF was made from a seed
// (corpus/formats/NNN_*.pdf from corpus/seeds/NNN_*.txt) both tools are
// also scored against the seed text. One JSON line per file.
package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/planmine/planmine/bench/internal/measure"
	"github.com/planmine/planmine/ingest/pdf"
	"github.com/planmine/planmine/ingest/raw"
)

type result struct {
	File  string  `json:"file"`
	Bytes int     `json:"bytes"`
	Route string  `json:"route"` // planmine's own reader or its pdftotext fallback
	Pages int     `json:"pages"`
	OwnMS float64 `json:"planmine_ms"`
	PopMS float64 `json:"pdftotext_ms"`
	// Agree is LCS(Han planmine, Han pdftotext) / Han pdftotext.
	Agree float64 `json:"agree"`
	// OwnHan and PopHan count the Han characters each tool returned.
	OwnHan int `json:"planmine_han"`
	PopHan int `json:"pdftotext_han"`
	// OwnSeed and PopSeed are each tool's Han recall of the seed text (−1
	// when the PDF has no seed).
	OwnSeed float64 `json:"planmine_seed"`
	PopSeed float64 `json:"pdftotext_seed"`
	Err     string  `json:"error,omitempty"`
}

func main() {
	seeds := flag.String("seeds", "/work/shared/corpus/seeds", "种子文本目录 (seed texts)")
	runs := flag.Int("runs", 5, "重复次数 (timed runs per file)")
	flag.Parse()
	if flag.NArg() == 0 {
		measure.Fatal("用法 (usage): benchpdf [-runs N] [-seeds DIR] FILE.pdf…")
	}
	for _, f := range flag.Args() {
		r := bench(f, *seeds, *runs)
		if err := measure.Emit(os.Stdout, r); err != nil {
			measure.Fatal("benchpdf: %v", err)
		}
	}
}

func bench(path, seeds string, runs int) result {
	res := result{File: filepath.Base(path), OwnSeed: -1, PopSeed: -1}
	data, err := os.ReadFile(path)
	if err != nil {
		res.Err = err.Error()
		return res
	}
	res.Bytes = len(data)
	ctx := context.Background()
	var paras []raw.Para
	var info pdf.Info
	var own error
	res.OwnMS = 1000 * measure.Median(measure.Time(runs, func() {
		paras, info, own = pdf.ExtractWithInfo(ctx, data)
	}))
	if own != nil {
		res.Err = "planmine: " + own.Error()
	}
	res.Route, res.Pages = info.Route, info.Pages
	var ownText strings.Builder
	for _, p := range paras {
		ownText.WriteString(p.Text)
		ownText.WriteByte('\n')
	}
	var popText []byte
	var pop error
	res.PopMS = 1000 * measure.Median(measure.Time(runs, func() {
		popText, pop = exec.CommandContext(ctx, "pdftotext", "-enc", "UTF-8", path, "-").Output()
	}))
	if pop != nil {
		res.Err += " pdftotext: " + pop.Error()
		res.PopMS = 0
	}
	res.Agree = measure.HanAgreement(ownText.String(), string(popText))
	res.OwnHan, res.PopHan = len(measure.Han(ownText.String())), len(measure.Han(string(popText)))
	if seed := seedFor(path, seeds); seed != "" {
		res.OwnSeed = measure.HanAgreement(ownText.String(), seed)
		res.PopSeed = measure.HanAgreement(string(popText), seed)
	}
	return res
}

// seedFor returns the seed text a formats/NNN_*.pdf was made from, or "".
func seedFor(path, seeds string) string {
	base := filepath.Base(path)
	i := strings.IndexByte(base, '_')
	if i <= 0 {
		return ""
	}
	m, _ := filepath.Glob(filepath.Join(seeds, base[:i]+"_*.txt"))
	if len(m) != 1 {
		return ""
	}
	b, err := os.ReadFile(m[0])
	if err != nil {
		return ""
	}
	return string(bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")))
}
