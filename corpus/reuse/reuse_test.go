package reuse

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/longbridgeapp/opencc"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/nlp/fingerprint"
)

// planParas is a plan written for these tests, in the genre's style.
var planParas = []string{
	"为认真落实医院党委年度工作部署，进一步加强党支部标准化规范化建设，推动党建工作与医疗业务深度融合，结合内科党支部工作实际，制定本计划。",
	"一、加强政治理论学习。支部每月组织一次集中学习，全年集中学习不少于十二次，每名党员撰写学习心得不少于两篇，由支部委员轮流领学，确保学习内容入脑入心。",
	"二、规范组织生活。严格执行支部委员会每月召开一次、党员大会每季度召开一次的制度，每月第一个星期五开展主题党日活动，年底前召开专题组织生活会并开展民主评议党员。",
	"三、做好党员发展工作。坚持成熟一个发展一个的原则，全年计划发展党员两名，培养入党积极分子四名，重点从青年医生和护理骨干中发现和培养对象。",
	"四、开展党员先锋岗创建。在门诊、病房和医技窗口设立党员先锋岗五个，党员亮身份、亮承诺，患者满意度力争达到百分之九十五以上，全年收到表扬信不少于二十封。",
	"五、推进志愿服务。组织党员医务人员每季度深入社区开展一次义诊和健康讲座，全年服务群众不少于八百人次，把党组织的关怀送到群众身边。",
	"六、强化作风建设。支部书记每半年与每名党员谈心谈话一次，对群众反映的服务问题建立台账、限期整改，年底前完成全部整改事项并向党委书面报告。",
}

func planText() string { return strings.Join(planParas, "\n") }

// copiedPlan is planText copied by another branch: punctuation turned to
// ASCII, numbers and the unit changed, the headings renumbered and the
// paragraphs put in another order.
func copiedPlan() string {
	ps := []string{planParas[0], planParas[4], planParas[2], planParas[1], planParas[6], planParas[3], planParas[5]}
	text := strings.Join(ps, "\n")
	text = strings.NewReplacer(
		"内科党支部", "外科第二党支部", "十二次", "十次", "两名", "三名", "四名", "六名",
		"五个", "六个", "八百人次", "一千人次", "百分之九十五", "百分之九十",
		"一、", "1.", "二、", "2.", "三、", "3.", "四、", "4.", "五、", "5.", "六、", "6.",
		"，", ",", "。", ".", "、", ",",
	).Replace(text)
	return text
}

// otherPlan shares only official formulas with planText.
const otherPlan = "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，充分发挥党组织的战斗堡垒作用和党员的先锋模范作用。" +
	"本年度行政党支部将围绕后勤保障提质增效开展工作：完成门诊楼电梯更新改造，食堂推行营养配餐，职工满意度测评每半年一次。" +
	"坚持以人民为中心的发展思想，不忘初心、牢记使命，全心全意为人民服务。支部将组织党员参观红色教育基地一次，开展廉洁文化进科室活动，" +
	"落实全面从严治党主体责任，严格落实中央八项规定及其实施细则精神，驰而不息纠治“四风”，确保各项工作落到实处。"

// planWithFormulas is planText prefixed by the same formulas as otherPlan.
func planWithFormulas() string {
	return "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，充分发挥党组织的战斗堡垒作用和党员的先锋模范作用。\n" +
		planText() + "\n坚持以人民为中心的发展思想，不忘初心、牢记使命，全心全意为人民服务。"
}

const unrelatedPlan = "县教育局二〇二五年工作要点：推进义务教育优质均衡发展，新建乡镇寄宿制学校两所，改造薄弱学校校舍一万平方米，" +
	"培训乡村教师三百人次，实施课后服务全覆盖，学前教育毛入园率达到百分之九十二，普通高中招生规模稳定在三千人左右。"

func mkdoc(id, text string) *doc.Document {
	return &doc.Document{ID: id, Source: id + ".txt", Part: 1, Title: id, Text: text}
}

func traditional(t *testing.T, s string) string {
	t.Helper()
	cc, err := opencc.New("s2t")
	if err != nil {
		t.Fatal(err)
	}
	out, err := cc.Convert(s)
	if err != nil {
		t.Fatal(err)
	}
	if out == s {
		t.Fatal("s2t changed nothing")
	}
	return out
}

func TestOwnCopies(t *testing.T) {
	cases := []struct {
		name     string
		copy     string
		minScore float64
		wantPair bool
	}{
		{"ascii punctuation, numbers changed, reordered", copiedPlan(), 0.8, true},
		{"traditional script", "", 0.95, true},
		{"formulas only", otherPlan, 0, false},
		{"unrelated", unrelatedPlan, 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := c.copy
			if c.name == "traditional script" {
				text = traditional(t, planText())
			}
			src := mkdoc("src", planWithFormulas())
			cp := mkdoc("copy", text)
			r := Analyze([]*doc.Document{src, cp}, Options{})
			p := findPair(r, "src", "copy")
			if !c.wantPair {
				if p != nil {
					t.Fatalf("unexpected pair, score %.2f, passages %q", p.Score, p.Passages[0].AText)
				}
				return
			}
			if p == nil {
				t.Fatal("pair not found")
			}
			if p.Score < c.minScore {
				t.Errorf("score %.3f < %.2f", p.Score, c.minScore)
			}
			// Every passage's spans must hold the text they claim.
			for _, ps := range p.Passages {
				if got := string([]rune(docText(p.A.ID, src, cp))[ps.AStart:ps.AEnd]); got != ps.AText {
					t.Errorf("a_text mismatch: %q vs %q", got, ps.AText)
				}
				if got := string([]rune(docText(p.B.ID, src, cp))[ps.BStart:ps.BEnd]); got != ps.BText {
					t.Errorf("b_text mismatch: %q vs %q", got, ps.BText)
				}
			}
			if len(r.Clusters) != 1 {
				t.Errorf("clusters = %v, want one", r.Clusters)
			}
		})
	}
}

func docText(id string, ds ...*doc.Document) string {
	for _, d := range ds {
		if d.ID == id {
			return d.Text
		}
	}
	return ""
}

func TestFormulasAreBoilerplate(t *testing.T) {
	a := mkdoc("a", planWithFormulas())
	b := mkdoc("b", otherPlan)
	ix := New(Options{})
	ix.Add(a)
	ix.Add(b)
	r := ix.Report()
	if len(r.Pairs) != 0 {
		t.Fatalf("formula-only overlap reported as copying: %+v", r.Pairs[0].Passages)
	}
	for _, d := range r.Documents {
		if d.Boilerplate <= 0.05 {
			t.Errorf("%s: boilerplate share %.3f, want the formulas counted", d.ID, d.Boilerplate)
		}
		if d.Copied != 0 {
			t.Errorf("%s: copied %.3f, want 0", d.ID, d.Copied)
		}
	}
	// Without the lexicon the same overlap is copying: the layer is what
	// suppresses it.
	r = Analyze([]*doc.Document{a, b}, Options{NoLexicon: true})
	if p := findPair(r, "a", "b"); p == nil || len(p.Passages) == 0 {
		t.Error("without the lexicon the shared formulas should align")
	}
}

// TestManyVerbatimCopies: a dozen copies of one plan in a small corpus are
// copying, however many there are (a document-frequency cap once wrote
// them off as common phrasing: seed 000's 篇1/篇4/篇7 in four formats).
func TestManyVerbatimCopies(t *testing.T) {
	docs := copiesCorpus(t, 12)
	r := Analyze(docs, Options{})
	for _, d := range r.Documents {
		if !strings.HasPrefix(d.ID, "copy-") {
			continue
		}
		if d.Copied < 0.99 || d.Sources != 11 || d.MaxSource < 0.99 {
			t.Errorf("%s: copied %.3f from %d sources (max %.3f), want 1 from 11", d.ID, d.Copied, d.Sources, d.MaxSource)
		}
	}
	if len(r.Clusters) != 1 || len(r.Clusters[0]) != 12 {
		t.Errorf("clusters %v, want the 12 copies", r.Clusters)
	}
}

// copiesCorpus is n copies of the test plan (each with its own heading
// line) among 20 government work reports that copy nothing from it.
func copiesCorpus(t *testing.T, n int) []*doc.Document {
	var docs []*doc.Document
	for i := range n {
		docs = append(docs, mkdoc(fmt.Sprintf("copy-%02d", i), fmt.Sprintf("第%d党支部\n", i+1)+planWithFormulas()))
	}
	for _, d := range bulkReports(t)[40:60] {
		docs = append(docs, d)
	}
	return docs
}

// TestAlignIndependentOfOrder adds the same documents in several orders and
// batch sizes, aligns each batch as it arrives (Align) and keeps each
// document's cover as the union of its pairs' covers, as the stored corpus
// does: every pair, cover and share must equal the all-at-once Report.
func TestAlignIndependentOfOrder(t *testing.T) {
	docs := copiesCorpus(t, 12)
	// Two partial copies and one document that quotes a copy, so covers
	// are unions of several pairs' passages.
	docs = append(docs,
		mkdoc("half-1", strings.Join(planParas[:4], "\n")+"\n"+unrelatedPlan),
		mkdoc("half-2", strings.Join(planParas[3:], "\n")),
		mkdoc("mixed", planParas[1]+"\n"+string([]rune(docs[13].Text)[:300])))
	want := Analyze(docs, Options{})
	wantPairs := map[string]Pair{}
	for _, p := range want.Pairs {
		wantPairs[p.A.ID+"|"+p.B.ID] = p
	}
	// 66 pairs among the copies, the halves with them and each other, the
	// quote with a copy and a report.
	if len(wantPairs) < 66+2*12+1+2 {
		t.Fatalf("all at once found %d pairs", len(wantPairs))
	}
	wantDocs := map[string]DocStats{}
	for _, d := range want.Documents {
		wantDocs[d.ID] = d
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for run := range 6 {
		order := rng.Perm(len(docs))
		batch := []int{1, 1, 3, 7, 16, len(docs)}[run]
		ix := New(Options{})
		got := map[string]Aligned{}
		covers := map[string][][2]int{}
		countable := map[string]int{}
		for at := 0; at < len(order); at += batch {
			var ids []string
			for _, k := range order[at:min(at+batch, len(order))] {
				ix.Add(docs[k])
				ids = append(ids, docs[k].ID)
			}
			err := ix.Align(ids, func(a Aligned) error {
				key := a.A.ID + "|" + a.B.ID
				if _, dup := got[key]; dup || a.A.ID >= a.B.ID {
					t.Errorf("run %d: pair %s aligned twice or not canonical", run, key)
				}
				got[key] = a
				covers[a.A.ID] = fingerprint.Union(append(covers[a.A.ID], a.CoverA...))
				covers[a.B.ID] = fingerprint.Union(append(covers[a.B.ID], a.CoverB...))
				countable[a.A.ID], countable[a.B.ID] = a.CountableA, a.CountableB
				return nil
			}, nil)
			if err != nil {
				t.Fatal(err)
			}
		}
		if len(got) != len(wantPairs) {
			t.Errorf("run %d (batches of %d): %d pairs, all at once %d", run, batch, len(got), len(wantPairs))
		}
		for key, w := range wantPairs {
			g, ok := got[key]
			if !ok {
				t.Errorf("run %d: pair %s missing", run, key)
				continue
			}
			gj, _ := json.Marshal(g.Pair)
			wj, _ := json.Marshal(w)
			if !bytes.Equal(gj, wj) {
				t.Errorf("run %d: pair %s differs from all at once:\n%.300s\n%.300s", run, key, gj, wj)
			}
		}
		for id, w := range wantDocs {
			if g := share(fingerprint.Measure(covers[id]), countable[id]); g != w.Copied {
				t.Errorf("run %d: %s copied %.4f from its covers, all at once %.4f", run, id, g, w.Copied)
			}
		}
	}
}

// TestFiguresFromStoredPairs: a document's figures rebuilt from its pairs
// as a store keeps them (JSON, either orientation) equal Report's, and the
// copied share is never below the largest single source.
func TestFiguresFromStoredPairs(t *testing.T) {
	docs := copiesCorpus(t, 3)
	docs = append(docs, mkdoc("half-1", strings.Join(planParas[:4], "\n")+"\n"+unrelatedPlan))
	ix := New(Options{})
	for _, d := range docs {
		ix.Add(d)
	}
	r := ix.Report()
	for _, want := range r.Documents {
		var stored []Pair
		for _, p := range r.Pairs {
			if p.A.ID == want.ID || p.B.ID == want.ID {
				b, _ := json.Marshal(p)
				var q Pair
				if err := json.Unmarshal(b, &q); err != nil {
					t.Fatal(err)
				}
				stored = append(stored, q)
			}
		}
		var d *doc.Document
		for _, x := range docs {
			if x.ID == want.ID {
				d = x
			}
		}
		got, cover := ix.Figures(d, stored)
		if got.Copied != want.Copied || got.MaxSource != want.MaxSource || got.MaxSourceID != want.MaxSourceID ||
			got.Sources != want.Sources || got.Countable != want.Countable {
			t.Errorf("%s: figures from stored pairs %+v, report %+v", want.ID, got, want)
		}
		if got.Copied < got.MaxSource {
			t.Errorf("%s: copied %.4f below the largest source %.4f", want.ID, got.Copied, got.MaxSource)
		}
		if share(fingerprint.Measure(cover), got.Countable) != got.Copied {
			t.Errorf("%s: cover measures %d of %d, copied %.4f", want.ID, fingerprint.Measure(cover), got.Countable, got.Copied)
		}
	}
}

func TestTemplates(t *testing.T) {
	ix := New(Options{})
	ix.AddTemplate(mkdoc("tpl", planText()))
	ix.Add(mkdoc("a", planWithFormulas()))
	ix.Add(mkdoc("b", copiedPlan()))
	r := ix.Report()
	for _, p := range r.Pairs {
		if !p.Template && p.Score > 0.2 {
			t.Errorf("peer pair %s-%s score %.2f: text from a template counted as copying", p.A.ID, p.B.ID, p.Score)
		}
	}
	tp := 0
	for _, p := range r.Pairs {
		if p.Template {
			tp++
			if p.B.ID != "tpl" || len(p.Passages) != 0 || len(p.Boilerplate) == 0 {
				t.Errorf("template pair malformed: %+v", p)
			}
			for _, ps := range p.Boilerplate {
				if ps.Kind != KindTemplate {
					t.Errorf("template passage kind %q", ps.Kind)
				}
			}
		}
	}
	if tp != 2 {
		t.Errorf("%d template pairs, want 2", tp)
	}
	if len(r.Clusters) != 0 {
		t.Errorf("clusters %v: template copies are not peer copying", r.Clusters)
	}
}

func TestIncrementalAndRemove(t *testing.T) {
	ix := New(Options{})
	ix.Add(mkdoc("src", planText()))
	ix.Add(mkdoc("other", unrelatedPlan))
	ix.Add(mkdoc("copy", copiedPlan()))
	ps := ix.Sources("copy")
	if len(ps) != 1 || ps[0].A.ID != "copy" || ps[0].B.ID != "src" {
		t.Fatalf("Sources(copy) = %+v", ps)
	}
	if ix.Sources("missing") != nil {
		t.Error("Sources of unknown id must be nil")
	}
	if _, st, ok := ix.Document("copy"); !ok || st.Copied < 0.8 || st.MaxSourceID != "src" || st.Sources != 1 {
		t.Errorf("Document(copy) stats = %+v", st)
	}
	if _, _, ok := ix.Document("missing"); ok {
		t.Error("Document of unknown id must report !ok")
	}
	if !ix.Remove("src") || ix.Remove("src") {
		t.Fatal("Remove should report true once")
	}
	if ps := ix.Sources("copy"); len(ps) != 0 {
		t.Errorf("after Remove, Sources(copy) = %d pairs", len(ps))
	}
	if ix.Len() != 2 {
		t.Errorf("Len = %d, want 2", ix.Len())
	}
	if ix.post.Len() == 0 {
		t.Fatal("postings vanished")
	}
	// Re-adding under the same ID replaces, not duplicates.
	ix.Add(mkdoc("copy", copiedPlan()))
	ix.Add(mkdoc("copy", copiedPlan()))
	if ix.Len() != 2 {
		t.Errorf("Len after re-add = %d, want 2", ix.Len())
	}
	if !ix.post.check() {
		t.Fatal("postings not strictly ascending")
	}
	ix.Add(nil) // must not panic
}

func TestConcurrentReaders(t *testing.T) {
	ix := New(Options{})
	ix.Add(mkdoc("src", planText()))
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i == 0 {
				for j := range 5 {
					ix.Add(mkdoc(fmt.Sprintf("c%d", j), copiedPlan()))
				}
				return
			}
			for range 5 {
				ix.Sources("src")
				ix.Report()
			}
		}()
	}
	wg.Wait()
	if n := len(ix.Sources("src")); n != 5 {
		t.Errorf("Sources(src) = %d pairs, want 5", n)
	}
}

func TestJSONShape(t *testing.T) {
	r := Analyze([]*doc.Document{mkdoc("src", planText()), mkdoc("copy", copiedPlan())}, Options{})
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"pairs", "clusters", "documents"} {
		if _, ok := m[k]; !ok {
			t.Errorf("missing %q", k)
		}
	}
	p := m["pairs"].([]any)[0].(map[string]any)
	for _, k := range []string{"a", "b", "score", "a_covered", "b_covered", "passages"} {
		if _, ok := p[k]; !ok {
			t.Errorf("pair missing %q", k)
		}
	}
	for _, k := range []string{"id", "source", "part", "title"} {
		if _, ok := p["a"].(map[string]any)[k]; !ok {
			t.Errorf("doc ref missing %q", k)
		}
	}
	ps := p["passages"].([]any)[0].(map[string]any)
	for _, k := range []string{"a_start", "a_end", "b_start", "b_end", "a_text", "b_text", "chars"} {
		if _, ok := ps[k]; !ok {
			t.Errorf("passage missing %q", k)
		}
	}
	// An empty report still has arrays, not nulls.
	b, _ = json.Marshal(Analyze(nil, Options{}))
	if !bytes.Contains(b, []byte(`"pairs":[]`)) || !bytes.Contains(b, []byte(`"clusters":[]`)) {
		t.Errorf("empty report JSON = %s", b)
	}
}

func TestWriteText(t *testing.T) {
	r := Analyze([]*doc.Document{mkdoc("src", planWithFormulas()), mkdoc("copy", copiedPlan())}, Options{})
	var b bytes.Buffer
	if err := WriteText(&b, r); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"相似文档对 (pairs): 1", "复制比 score", "文档簇 (clusters): 1", "src", "copy", "总复制比"} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q:\n%s", want, out)
		}
	}
}

func TestSectionStats(t *testing.T) {
	text := planText()
	rs := []rune(text)
	mid := len([]rune(planParas[0])) + 1
	d := mkdoc("src", text)
	d.Sections = []doc.Section{{Level: 1, Number: "一", Title: "引言", Start: 0, End: mid,
		Children: []doc.Section{{Level: 2, Number: "1", Title: "子", Start: 0, End: 10}}},
		{Level: 1, Number: "二", Title: "正文", Start: mid, End: len(rs)}}
	// The copy takes only the first paragraph.
	cp := mkdoc("copy", planParas[0]+unrelatedPlan)
	r := Analyze([]*doc.Document{d, cp}, Options{})
	var st *DocStats
	for i := range r.Documents {
		if r.Documents[i].ID == "src" {
			st = &r.Documents[i]
		}
	}
	if st == nil || len(st.Sections) != 3 {
		t.Fatalf("section stats = %+v", st)
	}
	if st.Sections[0].Copied < 0.9 || st.Sections[2].Copied > 0.05 {
		t.Errorf("section shares = %.2f / %.2f, want ~1 / ~0", st.Sections[0].Copied, st.Sections[2].Copied)
	}
	if st.MaxSourceID != "copy" || st.Sources != 1 {
		t.Errorf("max source %q, sources %d", st.MaxSourceID, st.Sources)
	}
}

func TestNoPanicOnOddInput(t *testing.T) {
	docs := []*doc.Document{mkdoc("empty", ""), mkdoc("punct", "，。、；：！？\n\n"), mkdoc("short", "党建"),
		mkdoc("bad", string([]byte{0xff, 0xfe, 0xe4})), mkdoc("rep", strings.Repeat("党", 5000))}
	r := Analyze(docs, Options{})
	if len(r.Documents) != len(docs) {
		t.Errorf("%d documents", len(r.Documents))
	}
	_ = fingerprint.DefaultLexicon()
}

func TestClusters(t *testing.T) {
	pair := func(a, b string, ac, bc float64) Pair {
		return Pair{A: DocRef{ID: a}, B: DocRef{ID: b}, Score: max(ac, bc), ACovered: ac, BCovered: bc}
	}
	cases := []struct {
		name  string
		pairs []Pair
		want  string
	}{
		{"chain", []Pair{pair("a", "b", 0.9, 0.9), pair("b", "c", 0.8, 0.7)}, "[[a b c]]"},
		{"two groups", []Pair{pair("a", "b", 0.9, 0.9), pair("x", "y", 0.6, 0.6), pair("a", "x", 0.1, 0.1)}, "[[a b] [x y]]"},
		{"short quote does not link", []Pair{pair("r", "big1", 0.9, 0.05), pair("r", "big2", 0.9, 0.04)}, "[]"},
		{"template ignored", []Pair{{A: DocRef{ID: "a"}, B: DocRef{ID: "t"}, Score: 1, ACovered: 1, BCovered: 1, Template: true}}, "[]"},
	}
	for _, c := range cases {
		if got := fmt.Sprint(clusters(c.pairs, 0.5, 0.2)); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}
