// Package searchbench is the synthetic corpus and the query sets of the
// search benchmarks: BenchmarkSearch in corpus/search and the PostgreSQL
// comparison in bench/cmd/benchpg use the same documents and queries from
// here. The documents are the analysed fixtures (corpus/testdata/docs.json,
// so facets and targets exist) with organisations, years, numbers and seed
// paragraphs swapped per document; the queries are varied on purpose, since
// a latency figure from one repeated query would mostly measure caches.
package searchbench

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

// Orgs replace the fixtures' organisations; some are Traditional so the
// cross-script path is exercised at scale.
var Orgs = []string{"某市第一人民医院党委", "某縣中醫院黨總支", "某区妇幼保健院党支部", "某省肿瘤医院党委",
	"某市疾病预防控制中心党总支", "某县人民医院党委", "某市口腔醫院黨支部", "某区社区卫生服务中心党支部",
	"某市精神卫生中心党委", "某州人民醫院黨委", "某市第二人民医院党总支", "某区中心血站党支部"}

// Generator mutates the hand-written fixtures and the shared seed texts
// into a synthetic corpus: documents share vocabulary the way real plans do
// but no two are identical.
type Generator struct {
	fixtures []doc.Document
	Paras    []string // seed paragraphs of 20–400 runes
}

// NewGenerator reads the fixtures (docs.json: [{file, docs: [...]}]) and
// the seed paragraphs of 20–400 runes from seedDir/*.txt.
func NewGenerator(fixtures, seedDir string) (*Generator, error) {
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
	g := &Generator{}
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
				g.Paras = append(g.Paras, line)
			}
		}
	}
	if len(g.fixtures) == 0 || len(g.Paras) == 0 {
		return nil, fmt.Errorf("没有夹具或种子段落 (no fixtures or seed paragraphs): %d, %d", len(g.fixtures), len(g.Paras))
	}
	return g, nil
}

// Doc returns the i-th synthetic document (deterministic in i).
func (g *Generator) Doc(i int) doc.Document {
	r := rand.New(rand.NewSource(int64(i) + 1))
	d := g.fixtures[i%len(g.fixtures)]
	org := Orgs[r.Intn(len(Orgs))]
	year := 2018 + r.Intn(9)
	text := d.Text
	if d.Org != nil && *d.Org != "" {
		text = strings.ReplaceAll(text, *d.Org, org)
	}
	text = strings.ReplaceAll(text, "2026", strconv.Itoa(year))
	lines := strings.Split(text, "\n")
	for k, n := 0, 4+r.Intn(8); k < n; k++ {
		p := g.Paras[r.Intn(len(g.Paras))]
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

// Keywords are the search terms of the query sets, in both scripts.
var (
	Keywords = []string{"三会一课", "发展党员", "党风廉政建设", "医德医风", "主题党日", "三會一課",
		"组织生活", "高质量发展", "谈心谈话", "意识形态", "党员", "民主评议", "清廉医院", "廉洁"}
	Types = []string{"plan", "summary", "scheme"}
	Units = []string{"次", "名", "%", "学时", "人"}
)

// Kinds are BenchmarkSearch's query kinds, in its order.
var Kinds = []string{"keyword", "faceted", "valrange", "reuse"}

// Query is a random query of kind (keyword, faceted, reuse, valrange).
func Query(kind string, r *rand.Rand) string {
	switch kind {
	case "keyword":
		return Keywords[r.Intn(len(Keywords))]
	case "faceted":
		y := 2018 + r.Intn(6)
		return fmt.Sprintf("%s type:%s year:%d..%d", Keywords[r.Intn(len(Keywords))],
			Types[r.Intn(len(Types))], y, y+r.Intn(4))
	case "reuse":
		if r.Intn(2) == 0 {
			return fmt.Sprintf("reuse:>=0.%d", 1+r.Intn(9))
		}
		return fmt.Sprintf("%s reuse:>=0.%d", Keywords[r.Intn(len(Keywords))], 1+r.Intn(9))
	default:
		lo := r.Intn(80)
		return fmt.Sprintf("value:%d..%d unit:%s", lo, lo+5+r.Intn(30), Units[r.Intn(len(Units))])
	}
}
