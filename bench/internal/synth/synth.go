// Package synth generates a synthetic corpus of plan-like documents for the
// scale benchmarks by mutating real texts: each document takes a run of
// paragraphs from one base text, shuffles some of them, and swaps numbers,
// years and organisation names, so documents share phrasing the way
// templated plans do without being exact duplicates.
package synth

import (
	"fmt"
	"math/rand"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/planmine/planmine/doc"
)

// Orgs are issuing organisations swapped into generated documents (the
// genre's hospitals, party committees and bureaus).
var Orgs = []string{
	"市第一人民医院党委", "县中医院党总支", "省肿瘤医院党委", "区妇幼保健院党支部",
	"市卫生健康委员会", "县疾病预防控制中心", "市中心血站党支部", "镇卫生院党支部",
	"市第二人民医院党委", "省人民医院党委", "市精神卫生中心党委", "县人民医院党委",
	"区社区卫生服务中心", "市急救中心党支部", "市口腔医院党委", "县医疗保障局",
}

// orgPattern finds organisation names to swap: a place word (省市县区镇乡)
// then a short name ending in an institution word. The place word keeps
// it from eating clauses such as 以人民健康为中心.
var orgPattern = regexp.MustCompile(`(?:省|市|县|区|镇|乡)[\p{Han}]{0,6}?(?:人民医院|中医院|医院|卫生院|委员会|人民政府|党委|党总支|党支部|局|中心)(?:党委|党总支|党支部)?`)

var (
	yearPattern   = regexp.MustCompile(`(?:19|20)\d\d年`)
	numberPattern = regexp.MustCompile(`\d+(?:\.\d+)?`)
)

// Generator draws documents from base texts, deterministically per seed.
type Generator struct {
	bases [][]string // paragraphs per base text
	rng   *rand.Rand
}

// New returns a generator over the base texts (split on newlines; empty
// lines dropped). Bases with fewer than 3 paragraphs are skipped.
func New(texts []string, seed int64) (*Generator, error) {
	g := &Generator{rng: rand.New(rand.NewSource(seed))}
	for _, t := range texts {
		var ps []string
		for _, p := range strings.Split(t, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				ps = append(ps, p)
			}
		}
		if len(ps) >= 3 {
			g.bases = append(g.bases, ps)
		}
	}
	if len(g.bases) == 0 {
		return nil, fmt.Errorf("没有可用的基础文本 (no base text with 3+ paragraphs)")
	}
	return g, nil
}

// Paragraphs draws a run of paragraphs from a random base, about minRunes
// to maxRunes long, with a quarter of them shuffled and every paragraph
// mutated.
func (g *Generator) Paragraphs(minRunes, maxRunes int) []string {
	base := g.bases[g.rng.Intn(len(g.bases))]
	want := minRunes
	if maxRunes > minRunes {
		want += g.rng.Intn(maxRunes - minRunes)
	}
	start := g.rng.Intn(len(base))
	var out []string
	n := 0
	for i := start; n < want && i < start+len(base); i++ {
		p := base[i%len(base)]
		out = append(out, p)
		n += utf8.RuneCountInString(p)
	}
	// Shuffle a quarter of the paragraphs: reordered sections are common
	// when a template is adapted.
	for k := 0; k < len(out)/4; k++ {
		i, j := g.rng.Intn(len(out)), g.rng.Intn(len(out))
		out[i], out[j] = out[j], out[i]
	}
	org := Orgs[g.rng.Intn(len(Orgs))]
	for i, p := range out {
		out[i] = g.Mutate(p, org)
	}
	return out
}

// Mutate swaps years, numbers and organisation names in p; org replaces
// every organisation name found.
func (g *Generator) Mutate(p, org string) string {
	p = yearPattern.ReplaceAllStringFunc(p, func(string) string {
		return strconv.Itoa(1990+g.rng.Intn(40)) + "年"
	})
	p = numberPattern.ReplaceAllStringFunc(p, func(s string) string {
		if strings.HasSuffix(s, "年") {
			return s
		}
		return strconv.Itoa(1 + g.rng.Intn(200))
	})
	return orgPattern.ReplaceAllString(p, org)
}

// Doc generates document i: a mutated run of paragraphs with a title line.
func (g *Generator) Doc(i, minRunes, maxRunes int) doc.Document {
	ps := g.Paragraphs(minRunes, maxRunes)
	id := fmt.Sprintf("synth-%06d", i)
	return doc.Document{ID: id, Source: id + ".txt", Part: 1, Title: ps[0], Text: strings.Join(ps, "\n")}
}

// Query builds a new document that copies every second paragraph of src
// (mutated again) and fills the rest from another base: a plan that reuses
// about half of an indexed one.
func (g *Generator) Query(i int, src doc.Document) doc.Document {
	own := strings.Split(src.Text, "\n")
	fill := g.Paragraphs(len(src.Text)/6, len(src.Text)/3)
	org := Orgs[g.rng.Intn(len(Orgs))]
	var out []string
	for k, p := range own {
		if k%2 == 0 {
			out = append(out, g.Mutate(p, org))
		} else if k/2 < len(fill) {
			out = append(out, fill[k/2])
		}
	}
	id := fmt.Sprintf("query-%06d", i)
	return doc.Document{ID: id, Source: id + ".txt", Part: 1, Title: out[0], Text: strings.Join(out, "\n")}
}
