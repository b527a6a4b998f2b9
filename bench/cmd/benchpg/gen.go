package main

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/planmine/planmine/doc"
)

// The documents and queries below are those of the embedded search
// benchmark (BenchmarkSearch in corpus/search/bench_test.go), copied
// because a command cannot import test code: the same analysed fixtures
// (corpus/testdata/docs.json, so facets and targets exist) with
// organisations, years, numbers and seed paragraphs swapped per document,
// and the same query sets per kind. Keep the two in step.

var benchOrgs = []string{"某市第一人民医院党委", "某縣中醫院黨總支", "某区妇幼保健院党支部", "某省肿瘤医院党委",
	"某市疾病预防控制中心党总支", "某县人民医院党委", "某市口腔醫院黨支部", "某区社区卫生服务中心党支部",
	"某市精神卫生中心党委", "某州人民醫院黨委", "某市第二人民医院党总支", "某区中心血站党支部"}

type generator struct {
	fixtures []doc.Document
	paras    []string
}

// newGenerator reads the fixtures (docs.json: [{file, docs: [...]}]) and
// the seed paragraphs of 20–400 runes from seedDir/*.txt.
func newGenerator(fixtures, seedDir string) (*generator, error) {
	b, err := os.ReadFile(fixtures)
	if err != nil {
		return nil, err
	}
	var fxs []struct {
		Docs []doc.Document `json:"docs"`
	}
	if err := json.Unmarshal(b, &fxs); err != nil {
		return nil, fmt.Errorf("%s: %w", fixtures, err)
	}
	g := &generator{}
	for _, f := range fxs {
		g.fixtures = append(g.fixtures, f.Docs...)
	}
	files, err := filepath.Glob(filepath.Join(seedDir, "*.txt"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("没有种子文本 (no seed texts) in %s: %v", seedDir, err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		for _, line := range strings.Split(string(b), "\n") {
			line = strings.TrimSpace(line)
			if n := utf8.RuneCountInString(line); n >= 20 && n <= 400 {
				g.paras = append(g.paras, line)
			}
		}
	}
	if len(g.fixtures) == 0 || len(g.paras) == 0 {
		return nil, fmt.Errorf("没有夹具或种子段落 (no fixtures or seed paragraphs): %d, %d", len(g.fixtures), len(g.paras))
	}
	return g, nil
}

// doc returns the i-th synthetic document (deterministic in i).
func (g *generator) doc(i int) doc.Document {
	r := rand.New(rand.NewSource(int64(i) + 1))
	d := g.fixtures[i%len(g.fixtures)]
	org := benchOrgs[r.Intn(len(benchOrgs))]
	year := 2018 + r.Intn(9)
	text := d.Text
	if d.Org != nil && *d.Org != "" {
		text = strings.ReplaceAll(text, *d.Org, org)
	}
	text = strings.ReplaceAll(text, "2026", strconv.Itoa(year))
	lines := strings.Split(text, "\n")
	for k, n := 0, 4+r.Intn(8); k < n; k++ {
		p := g.paras[r.Intn(len(g.paras))]
		p = strings.ReplaceAll(p, "2024", strconv.Itoa(year-1))
		at := 1 + r.Intn(len(lines))
		lines = append(lines[:at], append([]string{p}, lines[at:]...)...)
	}
	lines = append(lines, fmt.Sprintf("批次K%06d号", i))
	d.ID = fmt.Sprintf("bench%06d", i)
	d.Source = fmt.Sprintf("synthetic-%06d.txt", i)
	d.Text = strings.Join(lines, "\n")
	d.Title = strings.Replace(d.Title, "2026", strconv.Itoa(year), 1)
	d.Org = &org
	d.Year = doc.IntPtr(year)
	d.Targets = append([]doc.Target(nil), d.Targets...)
	for k := range d.Targets {
		d.Targets[k].Value = float64(1 + r.Intn(100))
	}
	return d
}

// halfCopy is a new document that keeps every second line of src and
// fills the others with seed paragraphs (benchquery's query documents:
// a plan that reuses about half of an indexed one). It carries no
// analysis of its own, only src's type, year and organisation.
func (g *generator) halfCopy(i int, src doc.Document, r *rand.Rand) doc.Document {
	var out []string
	for k, line := range strings.Split(src.Text, "\n") {
		if k%2 == 0 {
			out = append(out, line)
		} else {
			out = append(out, g.paras[r.Intn(len(g.paras))])
		}
	}
	out = append(out, fmt.Sprintf("查询Q%06d号", i))
	name := fmt.Sprintf("query-%06d.txt", i)
	return doc.Document{Source: name, Part: 1, Title: out[0], DocType: src.DocType, Year: src.Year,
		Org: src.Org, Script: src.Script, Text: strings.Join(out, "\n")}
}

var (
	benchKeywords = []string{"三会一课", "发展党员", "党风廉政建设", "医德医风", "主题党日", "三會一課",
		"组织生活", "高质量发展", "谈心谈话", "意识形态", "党员", "民主评议", "清廉医院", "廉洁"}
	benchTypes = []string{"plan", "summary", "scheme"}
	benchUnits = []string{"次", "名", "%", "学时", "人"}
)

// searchKinds are BenchmarkSearch's query kinds, in its order.
var searchKinds = []string{"keyword", "faceted", "valrange", "reuse"}

// benchQuery is BenchmarkSearch's query of a kind.
func benchQuery(kind string, r *rand.Rand) string {
	switch kind {
	case "keyword":
		return benchKeywords[r.Intn(len(benchKeywords))]
	case "faceted":
		y := 2018 + r.Intn(6)
		return fmt.Sprintf("%s type:%s year:%d..%d", benchKeywords[r.Intn(len(benchKeywords))],
			benchTypes[r.Intn(len(benchTypes))], y, y+r.Intn(4))
	case "reuse":
		if r.Intn(2) == 0 {
			return fmt.Sprintf("reuse:>=0.%d", 1+r.Intn(9))
		}
		return fmt.Sprintf("%s reuse:>=0.%d", benchKeywords[r.Intn(len(benchKeywords))], 1+r.Intn(9))
	default:
		lo := r.Intn(80)
		return fmt.Sprintf("value:%d..%d unit:%s", lo, lo+5+r.Intn(30), benchUnits[r.Intn(len(benchUnits))])
	}
}
