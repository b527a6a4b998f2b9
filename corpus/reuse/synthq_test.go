package reuse

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/internal/shared"
)

// paraGen follows the peer benchmark's corpus generator: a document is a
// run of 1,500–5,000 runes of paragraphs from one base text, a quarter of
// them shuffled, numbers, years and organisation names swapped. With about
// a hundred bases every paragraph is in many documents, so siblings of a
// source compete with it for the candidate slots.
type paraGen struct {
	bases [][]string
	rng   *rand.Rand
}

var (
	genOrgs = []string{"市第一人民医院党委", "县中医院党总支", "省肿瘤医院党委", "区妇幼保健院党支部",
		"市卫生健康委员会", "县疾病预防控制中心", "市中心血站党支部", "镇卫生院党支部",
		"市第二人民医院党委", "省人民医院党委", "市精神卫生中心党委", "县人民医院党委"}
	genOrgRe  = regexp.MustCompile(`(?:省|市|县|区|镇|乡)[\p{Han}]{0,6}?(?:人民医院|中医院|医院|卫生院|委员会|人民政府|党委|党总支|党支部|局|中心)(?:党委|党总支|党支部)?`)
	genYearRe = regexp.MustCompile(`(?:19|20)\d\d年`)
	genNumRe  = regexp.MustCompile(`\d+(?:\.\d+)?`)
)

func newParaGen(tb testing.TB) *paraGen {
	var texts []string
	for _, d := range bulkReports(tb) {
		texts = append(texts, d.Text)
	}
	for _, dir := range []string{"seeds", "external"} {
		files, _ := filepath.Glob(filepath.Join(shared.Path(tb, "corpus", dir), "*.txt"))
		sort.Strings(files)
		for _, f := range files {
			texts = append(texts, readShared(tb, "corpus", dir, filepath.Base(f)))
		}
	}
	g := &paraGen{rng: rand.New(rand.NewSource(1))}
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
	return g
}

func (g *paraGen) paragraphs(minR, maxR int) []string {
	base := g.bases[g.rng.Intn(len(g.bases))]
	want := minR + g.rng.Intn(max(1, maxR-minR))
	start := g.rng.Intn(len(base))
	var out []string
	for i, n := start, 0; n < want && i < start+len(base); i++ {
		out = append(out, base[i%len(base)])
		n += utf8.RuneCountInString(base[i%len(base)])
	}
	for k := 0; k < len(out)/4; k++ {
		i, j := g.rng.Intn(len(out)), g.rng.Intn(len(out))
		out[i], out[j] = out[j], out[i]
	}
	org := genOrgs[g.rng.Intn(len(genOrgs))]
	for i, p := range out {
		out[i] = g.mutate(p, org)
	}
	return out
}

func (g *paraGen) mutate(p, org string) string {
	p = genYearRe.ReplaceAllStringFunc(p, func(string) string { return strconv.Itoa(1990+g.rng.Intn(40)) + "年" })
	p = genNumRe.ReplaceAllStringFunc(p, func(string) string { return strconv.Itoa(1 + g.rng.Intn(200)) })
	return genOrgRe.ReplaceAllString(p, org)
}

func (g *paraGen) doc(i int) *doc.Document {
	ps := g.paragraphs(1500, 5000)
	id := fmt.Sprintf("synth-%06d", i)
	return &doc.Document{ID: id, Source: id + ".txt", Part: 1, Title: ps[0], Text: strings.Join(ps, "\n")}
}

// query copies every second paragraph of src, mutated again, and fills the
// rest from another run.
func (g *paraGen) query(i int, src *doc.Document) *doc.Document {
	own := strings.Split(src.Text, "\n")
	fill := g.paragraphs(len(src.Text)/6, len(src.Text)/3)
	org := genOrgs[g.rng.Intn(len(genOrgs))]
	var out []string
	for k, p := range own {
		if k%2 == 0 {
			out = append(out, g.mutate(p, org))
		} else if k/2 < len(fill) {
			out = append(out, fill[k/2])
		}
	}
	id := fmt.Sprintf("query-%06d", i)
	return &doc.Document{ID: id, Source: id + ".txt", Part: 1, Title: out[0], Text: strings.Join(out, "\n")}
}

// BenchmarkQuerySynth is the incremental query (Add + Sources + Remove of a
// document copying half of an indexed one) against PLANMINE_QUERY_N
// generated documents (skipped when unset). It reports the median and
// largest query time, how many of 20 queries found their source, and the
// index's heap.
func BenchmarkQuerySynth(b *testing.B) {
	n, _ := strconv.Atoi(os.Getenv("PLANMINE_QUERY_N"))
	if n <= 0 {
		b.Skip("set PLANMINE_QUERY_N to the corpus size")
	}
	g := newParaGen(b)
	docs := make([]*doc.Document, n)
	for i := range docs {
		docs[i] = g.doc(i)
	}
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	ix := New(Options{})
	t0 := time.Now()
	for _, d := range docs {
		ix.Add(d)
	}
	build := time.Since(t0)
	runtime.GC()
	runtime.ReadMemStats(&m1)
	rng := rand.New(rand.NewSource(2))
	var times []float64
	found := 0
	for b.Loop() {
		times, found = times[:0], 0
		for q := range 20 {
			src := docs[rng.Intn(len(docs))]
			qd := g.query(q, src)
			t := time.Now()
			ix.Add(qd)
			ps := ix.Sources(qd.ID)
			ix.Remove(qd.ID)
			times = append(times, float64(time.Since(t).Microseconds())/1000)
			for _, p := range ps {
				if p.B.ID == src.ID {
					found++
					break
				}
			}
		}
	}
	sort.Float64s(times)
	b.ReportMetric(times[len(times)/2], "p50-ms")
	b.ReportMetric(times[len(times)-1], "max-ms")
	b.ReportMetric(float64(found), "found/20")
	b.ReportMetric(float64(m1.HeapAlloc-m0.HeapAlloc)/(1<<20), "index-MB")
	b.ReportMetric(build.Seconds(), "build-s")
	keys, posts := ix.post.size()
	b.ReportMetric(float64(keys)/1e6, "Mkeys")
	b.ReportMetric(float64(posts)/1e6, "Mpostings")
	runtime.KeepAlive(docs)
}
