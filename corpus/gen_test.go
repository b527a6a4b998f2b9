package corpus_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/search"
	"github.com/planmine/planmine/corpus/sqlite"
	"github.com/planmine/planmine/doc"
)

type fixture struct {
	File string         `json:"file"`
	Docs []doc.Document `json:"docs"`
}

func fixtures(tb testing.TB) []fixture {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "docs.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var fs []fixture
	if err := json.Unmarshal(b, &fs); err != nil {
		tb.Fatal(err)
	}
	return fs
}

func originalOf(f fixture) []byte {
	var parts []string
	for _, d := range f.Docs {
		parts = append(parts, d.Text)
	}
	return []byte(strings.Join(parts, "\n"))
}

func openCorpus(tb testing.TB, dir string) *corpus.Corpus {
	tb.Helper()
	c, err := corpus.Open(context.Background(), dir, corpus.Options{
		OpenStore: sqlite.OpenStore, OpenIndex: search.OpenIndex,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// orgs and fillers for the synthetic corpus: mutations of the fixtures.
var (
	genOrgs = []string{"某市第一人民医院党委", "某縣中醫院黨總支", "某区妇幼保健院党支部", "某省肿瘤医院党委",
		"某市疾病预防控制中心党总支", "某县人民医院党委", "某市口腔醫院黨支部", "某区社区卫生服务中心党支部"}
	genParas = []string{
		"坚持把党的政治建设摆在首位，严格落实三会一课、主题党日、谈心谈话等组织生活制度。",
		"深入开展医德医风专项整治，持续改善患者就医体验，群众满意度稳步提升。",
		"加强党员队伍建设，注重在业务骨干和青年医务人员中发展党员。",
		"落實黨風廉政建設主體責任，開展廉潔從業教育，築牢拒腐防變思想防線。",
		"推进公立医院高质量发展，完善党委领导下的院长负责制。",
		"加強基層黨組織標準化規範化建設，推動黨建與業務深度融合。",
	}
)

// synth returns the i-th synthetic file: a fixture document with org, year,
// numbers and paragraphs changed, and a unique marker so the bytes differ.
func synth(fs []fixture, i int) (name string, data []byte, docs []doc.Document) {
	r := rand.New(rand.NewSource(int64(i) + 1))
	f := fs[i%len(fs)]
	d := f.Docs[0]
	org := genOrgs[r.Intn(len(genOrgs))]
	year := 2018 + r.Intn(9)
	text := d.Text
	if d.Org != nil {
		text = strings.ReplaceAll(text, *d.Org, org)
	}
	lines := strings.Split(text, "\n")
	for k := 0; k < 3; k++ {
		at := 1 + r.Intn(len(lines))
		lines = append(lines[:at], append([]string{genParas[r.Intn(len(genParas))]}, lines[at:]...)...)
	}
	marker := fmt.Sprintf("批次K%04d号", i)
	lines = append(lines, marker)
	text = strings.Join(lines, "\n")
	d.Text = text
	d.Title = strings.Replace(d.Title, "2026", strconv.Itoa(year), 1)
	d.Org = &org
	d.Year = doc.IntPtr(year)
	d.Targets = append([]doc.Target(nil), d.Targets...)
	for k := range d.Targets {
		d.Targets[k].Value = float64(1 + r.Intn(100))
	}
	return fmt.Sprintf("synthetic-%05d.txt", i), []byte(text), []doc.Document{d}
}
