package corpus_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/local"
	"github.com/planmine/planmine/corpus/reuse"
	"github.com/planmine/planmine/corpus/sqlite"
	"github.com/planmine/planmine/doc"
)

// plan builds a document of our own: a shared body with a distinct opening.
func plan(id, org string, body string) doc.Document {
	text := org + "2026年党建工作计划\n" + body
	return doc.Document{ID: id, Source: org + ".txt", Part: 1, Title: org + "2026年党建工作计划", DocType: doc.TypePlan, Script: doc.ScriptSimplified, Text: text}
}

const sharedBody = `一、主要任务
认真落实支部委员会每月召开一次的要求，每名党员每季度撰写一篇学习体会，结合医院门诊、住院和公共卫生服务的实际开展岗位练兵。
组织党员志愿者深入村组和社区开展健康义诊，重点关注慢性病患者、留守老人和困难家庭，建立一户一档的随访台账，定期回访。
二、保障措施
每半年对计划执行情况开展一次督查，督查结果在支部大会上通报，并作为年度评先评优和绩效考核的重要依据，确保各项任务落到实处。`

func TestAddUpdatesReuse(t *testing.T) {
	ctx := context.Background()
	c := openTemp(t)
	a := plan("", "青山镇卫生院", sharedBody)
	b := plan("", "白水乡卫生院", sharedBody)
	other := plan("", "东湖社区卫生服务中心", "一、工作目标\n全年计划发展党员3名，组织全体党员赴革命纪念馆参观学习，邀请党校老师开展专题辅导，围绕基层减负、医保支付方式改革和家庭医生签约服务开展调研，形成调研报告两篇。")
	ra, err := c.Add(ctx, "a.txt", []byte(a.Text), []doc.Document{a})
	if err != nil {
		t.Fatal(err)
	}
	rb, err := c.Add(ctx, "b.txt", []byte(b.Text), []doc.Document{b})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Add(ctx, "c.txt", []byte(other.Text), []doc.Document{other}); err != nil {
		t.Fatal(err)
	}
	// The earlier document's pairs were refreshed when its copy arrived.
	pa, err := c.DocumentReuse(ctx, ra.IDs[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(pa) != 1 || pa[0].B.ID != rb.IDs[0] || pa[0].Score < 0.8 || len(pa[0].Passages) == 0 {
		t.Fatalf("pairs of the first document: %+v", pa)
	}
	list, _, err := c.List(ctx, corpus.ListFilter{Sort: "reuse", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	scores := map[string]float64{}
	for _, d := range list {
		scores[d.ID] = d.ReuseScore
	}
	if scores[ra.IDs[0]] < 0.8 || scores[rb.IDs[0]] < 0.8 {
		t.Errorf("reuse scores not stored: %v", scores)
	}
	pairs, err := c.ReusePairs(ctx, 0.5, 0)
	if err != nil || len(pairs) != 1 {
		t.Fatalf("pairs %v err %v", pairs, err)
	}
	cl, err := c.ReuseClusters(ctx)
	if err != nil || len(cl) != 1 || len(cl[0]) != 2 {
		t.Fatalf("clusters %v err %v", cl, err)
	}
	res, err := c.Search(ctx, corpus.Query{Q: "reuse:>=0.5"})
	if err != nil || res.Total != 2 {
		t.Errorf("reuse filter: %d hits, err %v", res.Total, err)
	}
	// Deleting the copy clears the pair from the survivor.
	if err := c.Delete(ctx, rb.IDs[0]); err != nil {
		t.Fatal(err)
	}
	pa, err = c.DocumentReuse(ctx, ra.IDs[0])
	if err != nil || len(pa) != 0 {
		t.Errorf("after delete: %+v %v", pa, err)
	}
	// A reopened corpus rebuilds the reuse index from the store.
	dir := t.TempDir()
	c2, err := local.Open(ctx, dir, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	c2.Add(ctx, "a.txt", []byte(a.Text), []doc.Document{plan("", "青山镇卫生院", sharedBody)})
	c2.Close()
	c3, err := local.Open(ctx, dir, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c3.Close()
	rb3, err := c3.Add(ctx, "b.txt", []byte(b.Text), []doc.Document{plan("", "白水乡卫生院", sharedBody)})
	if err != nil {
		t.Fatal(err)
	}
	pb, err := c3.DocumentReuse(ctx, rb3.IDs[0])
	if err != nil || len(pb) != 1 || !strings.HasPrefix(pb[0].B.Title, "青山镇") {
		t.Errorf("after reopen: %+v %v", pb, err)
	}
}

// TestAddBatch: files are stored one by one and indexed together; a bad
// file fails alone, a repeated one is a duplicate, pairs inside the batch
// are found.
func TestAddBatch(t *testing.T) {
	ctx := context.Background()
	c := openTemp(t)
	a := plan("", "青山镇卫生院", sharedBody)
	b := plan("", "白水乡卫生院", sharedBody)
	files := []corpus.File{
		{Name: "a.txt", Original: []byte(a.Text), Docs: []doc.Document{a}},
		{Name: "b.txt", Original: []byte(b.Text), Docs: []doc.Document{b}},
		{Name: "a-again.txt", Original: []byte(a.Text), Docs: []doc.Document{plan("", "青山镇卫生院", sharedBody)}},
		{Name: "empty.txt", Original: nil, Docs: []doc.Document{a}},
	}
	res, errs, err := c.AddBatch(ctx, files)
	if err != nil {
		t.Fatal(err)
	}
	if errs[0] != nil || errs[1] != nil || errs[2] != nil || errs[3] == nil {
		t.Fatalf("errs %v", errs)
	}
	if res[0].Duplicate || res[1].Duplicate || !res[2].Duplicate {
		t.Fatalf("duplicates %+v", res)
	}
	if n, _ := c.Store.Count(ctx); n != 2 {
		t.Errorf("store holds %d documents, want 2", n)
	}
	if n, _ := c.Index.Count(); n != 2 {
		t.Errorf("index holds %d documents, want 2", n)
	}
	ps, err := c.DocumentReuse(ctx, res[0].IDs[0])
	if err != nil || len(ps) != 1 || ps[0].B.ID != res[1].IDs[0] {
		t.Errorf("pair within the batch: %+v %v", ps, err)
	}
}

// TestPeersMergeThenRefresh: an older document gains each later copy as a
// mirrored pair without being aligned again; RefreshReuse recomputes it in
// full with the same sources.
func TestPeersMergeThenRefresh(t *testing.T) {
	ctx := context.Background()
	c := openTemp(t)
	var ids []string
	for i, org := range []string{"青山镇卫生院", "白水乡卫生院", "东湖社区卫生服务中心"} {
		d := plan("", org, sharedBody)
		res, err := c.Add(ctx, fmt.Sprintf("%d.txt", i), []byte(d.Text), []doc.Document{d})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.IDs[0])
	}
	first, err := c.DocumentReuse(ctx, ids[0])
	if err != nil || len(first) != 2 {
		t.Fatalf("merged pairs of the first document: %d %v", len(first), err)
	}
	// The later copies' pairs are their pair rows; the first document's
	// score is their union, kept as its cover.
	covers, err := c.Store.ReuseCovers(ctx, ids[:1])
	if err != nil || covers[ids[0]].Score < 0.8 || len(covers[ids[0]].Cover) < 4 {
		t.Errorf("first document's stored reuse: %+v %v", covers, err)
	}
	fig, err := c.DocumentFigures(ctx, ids[0])
	if err != nil || fig.Copied != covers[ids[0]].Score || fig.Sources != 2 {
		t.Errorf("figures from the pair rows %+v %v, stored score %v", fig, err, covers[ids[0]].Score)
	}
	d0, err := c.Get(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	rs := []rune(d0.Text)
	for _, p := range first {
		if p.A.ID != ids[0] || len(p.Passages) == 0 {
			t.Fatalf("mirrored pair not seen from the first document: %+v", p)
		}
		ps := p.Passages[0]
		if ps.AEnd > len(rs) || string(rs[ps.AStart:ps.AEnd]) != ps.AText {
			t.Errorf("mirrored A span [%d,%d) does not cut %q from the first document", ps.AStart, ps.AEnd, ps.AText)
		}
	}
	if err := c.RefreshReuse(ctx, nil); err != nil {
		t.Fatal(err)
	}
	again, err := c.DocumentReuse(ctx, ids[0])
	if err != nil || len(again) != 2 {
		t.Fatalf("after refresh: %d %v", len(again), err)
	}
}

// TestLegacyCoversDerived: documents stored before covers were kept (NULL
// cover, a lower-bound score) get their cover from their pair rows the
// first time a new pair touches them, so their score is again the union of
// their pairs.
func TestLegacyCoversDerived(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c, err := local.Open(ctx, dir, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	half := strings.SplitN(sharedBody, "二、", 2)[0]
	var ids []string
	for i, d := range []doc.Document{plan("", "青山镇卫生院", sharedBody), plan("", "白水乡卫生院", half)} {
		res, err := c.Add(ctx, fmt.Sprintf("%d.txt", i), []byte(d.Text), []doc.Document{d})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, res.IDs[0])
	}
	c.Close()
	// What an earlier version left: no covers, and a lower bound as score.
	db, err := sql.Open("sqlite", filepath.Join(dir, sqlite.DBName))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE reuse_state SET cover=NULL, score=0.01`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	c, err = local.Open(ctx, dir, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	third := plan("", "东湖社区卫生服务中心", "二、"+strings.SplitN(sharedBody, "二、", 2)[1])
	if _, err := c.Add(ctx, "2.txt", []byte(third.Text), []doc.Document{third}); err != nil {
		t.Fatal(err)
	}
	full := ids[0]
	fig, err := c.DocumentFigures(ctx, full)
	if err != nil {
		t.Fatal(err)
	}
	covers, err := c.Store.ReuseCovers(ctx, []string{full})
	if err != nil {
		t.Fatal(err)
	}
	// The first plan's two halves are copied by two documents: its score
	// is their union, above either one.
	if fig.Sources != 2 || covers[full].Score != fig.Copied || covers[full].Cover == nil || fig.Copied <= fig.MaxSource+0.1 {
		t.Errorf("legacy document after a new pair: stored %+v, figures %+v", covers[full], fig)
	}
	// Its index entry follows (it was indexed at about one half).
	res, err := c.Search(ctx, corpus.Query{Q: "reuse:>=0.95"})
	found := false
	for _, h := range res.Hits {
		found = found || h.ID == full
	}
	if err != nil || !found {
		t.Errorf("index after the update lacks %s at reuse ≥ 0.95: %+v %v", full, res.Hits, err)
	}
}

// TestListsCarryDocumentFields: reuse pairs read back (a page of all pairs,
// one document's pairs) name each side's org and year, and search hits
// carry part, type, year, org and reuse score from the store, so two
// documents with the same title can be told apart.
func TestListsCarryDocumentFields(t *testing.T) {
	ctx := context.Background()
	c := openTemp(t)
	orgA, orgB := "青山镇卫生院", "白水乡卫生院"
	a := plan("", orgA, sharedBody)
	a.Org, a.Year = &orgA, doc.IntPtr(2026)
	b := plan("", orgB, sharedBody)
	b.Title, b.Org, b.Year = a.Title, &orgB, doc.IntPtr(2025)
	ra, err := c.Add(ctx, "a.txt", []byte(a.Text), []doc.Document{a})
	if err != nil {
		t.Fatal(err)
	}
	rb, err := c.Add(ctx, "b.txt", []byte(b.Text), []doc.Document{b})
	if err != nil {
		t.Fatal(err)
	}
	idA, idB := ra.IDs[0], rb.IDs[0]
	want := map[string]struct {
		org  string
		year int
	}{idA: {orgA, 2026}, idB: {orgB, 2025}}
	check := func(what string, r reuse.DocRef) {
		t.Helper()
		w, ok := want[r.ID]
		if !ok {
			t.Errorf("%s: unknown side %s", what, r.ID)
			return
		}
		if r.Org == nil || *r.Org != w.org || r.Year == nil || *r.Year != w.year || r.Source == "" || r.Part != 1 {
			t.Errorf("%s: side %s = %+v, want org %s year %d", what, r.ID, r, w.org, w.year)
		}
	}

	ps, total, err := c.ReusePairPage(ctx, 0.5, 0, 10)
	if err != nil || total != 1 || len(ps) != 1 {
		t.Fatalf("pair page: %d pairs, total %d, %v", len(ps), total, err)
	}
	check("pair page A", ps[0].A)
	check("pair page B", ps[0].B)
	if ps, total, err := c.ReusePairPage(ctx, 0.5, 1, 10); err != nil || total != 1 || len(ps) != 0 {
		t.Errorf("page past the end: %d pairs, total %d, %v", len(ps), total, err)
	}
	if _, total, _ := c.ReusePairPage(ctx, 0.99999, 0, 10); total != 0 {
		t.Errorf("min score above every pair: total %d", total)
	}

	dr, err := c.DocumentReuse(ctx, idA)
	if err != nil || len(dr) != 1 {
		t.Fatalf("document reuse: %+v %v", dr, err)
	}
	check("document reuse B", dr[0].B)

	res, err := c.Search(ctx, corpus.Query{Q: "岗位练兵"})
	if err != nil || res.Total != 2 || len(res.Hits) != 2 {
		t.Fatalf("search: %+v %v", res, err)
	}
	for _, h := range res.Hits {
		w := want[h.ID]
		if h.Part != 1 || h.DocType != doc.TypePlan || h.Year == nil || *h.Year != w.year ||
			h.Org == nil || *h.Org != w.org || h.ReuseScore < 0.8 {
			t.Errorf("hit %s: part %d type %q year %v org %v reuse %.2f", h.ID, h.Part, h.DocType, h.Year, h.Org, h.ReuseScore)
		}
	}
}

// failingReuses is a store whose reuse writes fail.
type failingReuses struct{ corpus.Store }

func (failingReuses) SetReuses(context.Context, []corpus.ReuseUpdate, []corpus.ReusePair) error {
	return errors.New("reuse write refused")
}

// TestAddBatchReuseWriteFails: when the reuse results cannot be written
// the batch says so, its documents are stored and indexed, and the index's
// reuse: filter keeps the stored scores (none) instead of the ones that
// were not written.
func TestAddBatchReuseWriteFails(t *testing.T) {
	ctx := context.Background()
	c := openTemp(t)
	a := plan("", "青山镇卫生院", sharedBody)
	if _, err := c.Add(ctx, "a.txt", []byte(a.Text), []doc.Document{a}); err != nil {
		t.Fatal(err)
	}
	st := c.Store
	c.Store = failingReuses{st}
	b := plan("", "白水乡卫生院", sharedBody)
	res, errs, err := c.AddBatch(ctx, []corpus.File{{Name: "b.txt", Original: []byte(b.Text), Docs: []doc.Document{b}}})
	c.Store = st
	if errs[0] != nil || err == nil || !strings.Contains(err.Error(), "查重失败") {
		t.Fatalf("batch error %v, file error %v; want the reuse failure", err, errs[0])
	}
	if n, _ := c.Index.Count(); n != 2 {
		t.Errorf("index holds %d documents, want 2", n)
	}
	sr, err := c.Search(ctx, corpus.Query{Q: "reuse:>=0.1"})
	if err != nil {
		t.Fatal(err)
	}
	if sr.Total != 0 {
		t.Errorf("reuse:>=0.1 finds %d documents, want none stored with a score", sr.Total)
	}
	if sc, err := c.Store.ReuseScores(ctx); err != nil || sc[res[0].IDs[0]] != 0 {
		t.Errorf("stored score of the new document %v (%v), want 0", sc[res[0].IDs[0]], err)
	}
}

// openTemp opens an embedded corpus in a temporary folder, closed when the
// test ends.
func openTemp(t *testing.T) *corpus.Corpus {
	t.Helper()
	c, err := local.Open(context.Background(), t.TempDir(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestStagedScoresApplyInOrder: two batches staged one after the other and
// indexed in the other order (two uploads at once) leave the reuse: filter
// with the scores the later alignment computed, as the store has them, not
// the older ones of the batch indexed last.
func TestStagedScoresApplyInOrder(t *testing.T) {
	ctx := context.Background()
	c := openTemp(t)
	lines := strings.Split(sharedBody, "\n")
	partA, partB, partC := lines[1], lines[2], lines[4]
	p := plan("", "青山镇卫生院", partA+"\n"+partB)
	if _, err := c.Add(ctx, "p.txt", []byte(p.Text), []doc.Document{p}); err != nil {
		t.Fatal(err)
	}
	a := plan("", "白水乡卫生院", partA+"\n"+partC)
	b := plan("", "东湖社区卫生服务中心", partB+"\n"+partC)
	resA, _, indexA := c.StageBatch(ctx, []corpus.File{{Name: "a.txt", Original: []byte(a.Text), Docs: []doc.Document{a}}})
	resB, _, indexB := c.StageBatch(ctx, []corpus.File{{Name: "b.txt", Original: []byte(b.Text), Docs: []doc.Document{b}}})
	if err := indexB(); err != nil {
		t.Fatal(err)
	}
	if err := indexA(); err != nil {
		t.Fatal(err)
	}
	list, _, err := c.List(ctx, corpus.ListFilter{Sort: "reuse", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]float64{}
	for _, d := range list {
		stored[d.ID] = d.ReuseScore
	}
	idA, idB := resA[0].IDs[0], resB[0].IDs[0]
	var idP string
	for id := range stored {
		if id != idA && id != idB {
			idP = id
		}
	}
	// Each document's text is covered by its two copies only once both
	// batches are aligned.
	for _, id := range []string{idP, idA, idB} {
		if stored[id] < 0.8 {
			t.Fatalf("stored scores %v: want every document ≥ 0.8 (p %s, a %s, b %s)", stored, idP, idA, idB)
		}
	}
	res, err := c.Search(ctx, corpus.Query{Q: "reuse:>=0.8", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range res.Hits {
		got = append(got, h.ID)
	}
	if res.Total != 3 {
		t.Errorf("reuse:>=0.8 finds %v, want all three (stored scores %v)", got, stored)
	}
}
