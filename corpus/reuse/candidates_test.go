package reuse

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/nlp/fingerprint"
)

// siblingExtras are work items of other branches, appended to siblings of
// the plan so that they contain all of it and more.
var siblingExtras = []string{
	"七、加强医德医风建设。每季度开展一次医德医风专题教育，设立科室廉洁监督员，对收受红包回扣问题实行零容忍。",
	"八、推进智慧医院建设。年内完成门诊自助机布设，预约诊疗率提高到百分之六十，检查检验结果实现院内互认。",
	"九、抓好安全生产。每月开展消防安全检查，组织全员应急演练两次，重点部位隐患整改率达到百分之百。",
	"十、关心关爱职工。走访慰问困难职工和老党员，组织职工健康体检，开展读书分享和文体活动不少于四次。",
	"十一、加强宣传引导。在医院公众号开设支部风采专栏，全年推送党建和健康科普稿件不少于二十篇。",
}

// TestCandidateCapKeepsSource: a document copying half of an indexed plan
// must get that plan back even when the candidate cap is smaller than the
// number of documents containing everything it shares (siblings that took
// the whole plan and added their own items, indexed before the source).
func TestCandidateCapKeepsSource(t *testing.T) {
	query := strings.Join([]string{planParas[0], planParas[2], planParas[4], planParas[6], unrelatedPlan}, "\n")
	for _, c := range []struct {
		siblings, maxCand int
	}{
		{6, 3}, {6, 2}, {8, 4}, {4, 50},
	} {
		ix := New(Options{MaxCandidates: c.maxCand})
		for i := range c.siblings {
			extra := slices.Clone(siblingExtras)
			extra[i%len(extra)] = fmt.Sprintf("第%d党支部另行安排专项工作。", i+1)
			ix.Add(mkdoc(fmt.Sprintf("sib-%d", i), planText()+"\n"+strings.Join(extra, "\n")))
		}
		ix.Add(mkdoc("src", planText()))
		ix.Add(mkdoc("query", query))
		ps := ix.Sources("query")
		var ids []string
		for _, p := range ps {
			ids = append(ids, p.B.ID)
		}
		if !slices.Contains(ids, "src") {
			t.Errorf("siblings %d cap %d: source cut, got %v", c.siblings, c.maxCand, ids)
		}
		if len(ids) > c.maxCand {
			t.Errorf("siblings %d cap %d: %d sources, above the cap", c.siblings, c.maxCand, len(ids))
		}
	}
}

// TestCandidateRareWording: with one slot, the document sharing the query's
// rare wording wins over one sharing more text that many documents have
// (a count of shared fingerprints would pick the latter).
func TestCandidateRareWording(t *testing.T) {
	ix := New(Options{MaxCandidates: 1})
	common := planParas[1]
	// Ten documents carry the same two paragraphs (common, but not a source of the query's rare paragraph).
	for i := range 10 {
		ix.Add(mkdoc(fmt.Sprintf("peer-%d", i), common+fmt.Sprintf("\n本支部第%d项特色工作另行制定方案。", i)))
	}
	// The source shares a rarer, shorter paragraph with the query.
	ix.Add(mkdoc("src", planParas[5]+"\n"+siblingExtras[2]))
	ix.Add(mkdoc("query", common+"\n"+planParas[5]))
	ps := ix.Sources("query")
	if len(ps) != 1 || ps[0].B.ID != "src" {
		var ids []string
		for _, p := range ps {
			ids = append(ids, p.B.ID)
		}
		t.Fatalf("sources %v, want [src]", ids)
	}
}

// TestChooseMatchesFullSort: choose picks and orders the same candidates
// as sorting all of them does (the way candidates chose before), on sets
// with many ties in weight, shared count and resemblance.
func TestChooseMatchesFullSort(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 0))
	fullSort := func(cs []cand, k int) []cand {
		slices.SortFunc(cs, byWeight)
		if len(cs) > k {
			heavy := (k + 1) / 2
			slices.SortStableFunc(cs[heavy:], func(x, y cand) int { return cmpDesc(x.resem, y.resem) })
			cs = cs[:k]
			slices.SortFunc(cs, byWeight)
		}
		return cs
	}
	ids := func(cs []cand) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.e.d.ID)
		}
		return out
	}
	for trial := range 200 {
		n := 1 + r.IntN(400)
		cs := make([]cand, n)
		for i := range cs {
			cs[i] = cand{
				e:      &entry{d: &doc.Document{ID: fmt.Sprintf("d%05d", r.IntN(1<<16)*1000+i)}},
				shared: uint32(1 + r.IntN(4)),
				weight: float32(r.IntN(5)) / 2,
				resem:  float32(r.IntN(4)) / 4,
			}
		}
		k := []int{1, 2, 3, 50, n, n + 1}[r.IntN(6)]
		want := ids(fullSort(slices.Clone(cs), k))
		r.Shuffle(len(cs), func(i, j int) { cs[i], cs[j] = cs[j], cs[i] })
		got := ids(choose(cs, k))
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d (n %d, k %d):\n got %v\nwant %v", trial, n, k, got, want)
		}
	}
}

// TestRunFrom checks the galloping search against a scan, for ascending
// queries from the previous run's end as groupSeeds makes them.
func TestRunFrom(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 7))
	for _, n := range []int{0, 1, 2, 7, 100, 3000} {
		p := make([]fingerprint.Print, n)
		for i := range p {
			p[i] = fingerprint.Print{Hash: uint64(rng.IntN(2 * n)), Pos: int32(i)}
		}
		fingerprint.SortByHash(p)
		from := 0
		for h := uint64(0); h < uint64(2*n+2); h += uint64(1 + rng.IntN(3)) {
			i, j := runFrom(p, h, from)
			wi := 0
			for wi < n && p[wi].Hash < h {
				wi++
			}
			wj := wi
			for wj < n && p[wj].Hash == h {
				wj++
			}
			if i != wi || j != wj {
				t.Fatalf("n=%d h=%d from=%d: runFrom = %d,%d, want %d,%d", n, h, from, i, j, wi, wj)
			}
			from = j
		}
	}
}
