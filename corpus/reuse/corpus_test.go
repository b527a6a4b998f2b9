package reuse

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/internal/shared"
	"github.com/planmine/planmine/nlp/fingerprint"
	"github.com/planmine/planmine/nlp/outline"
)

// These loaders stand in for ingest until it lands: they read the shared
// sample files and split them the way the gold labels describe.

func readShared(t testing.TB, elem ...string) string {
	t.Helper()
	b, err := os.ReadFile(shared.Path(t, elem...))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(elem[len(elem)-1], "_gbk") {
		b, err = simplifiedchinese.GB18030.NewDecoder().Bytes(b)
		if err != nil {
			t.Fatal(err)
		}
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

var partTitle = regexp.MustCompile(`^.* 篇(\d+)$`)

// seed000Parts splits seed 000 on its "… 篇N" title lines.
func seed000Parts(t testing.TB) []*doc.Document {
	lines := strings.Split(readShared(t, "corpus", "seeds", "000_948abd7a737fa59a.txt"), "\n")
	var docs []*doc.Document
	var cur *doc.Document
	var body []string
	flush := func() {
		if cur != nil {
			cur.Text = strings.Join(body, "\n")
			docs = append(docs, cur)
		}
	}
	for _, l := range lines {
		if m := partTitle.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			flush()
			n := len(docs) + 1
			cur = &doc.Document{ID: "000-" + m[1], Source: "000.txt", Part: n, Title: strings.TrimSpace(l)}
			body = []string{l}
			continue
		}
		body = append(body, l)
	}
	flush()
	return docs
}

// seed003Docs splits seed 003 where a scheme title starts a line: a line
// whose text before the first 方案 is short and names an 活动, or a bare
// 实施方案 line (the title then began on the line before).
func seed003Docs(t testing.TB) []*doc.Document {
	lines := strings.Split(readShared(t, "corpus", "seeds", "003_fa072e7aee8cd29d.txt"), "\n")
	starts := []int{0}
	for i, l := range lines {
		if i < 4 {
			continue
		}
		l = strings.TrimSpace(l)
		if l == "实施方案" {
			starts = append(starts, i-1)
			continue
		}
		head, _, ok := strings.Cut(l, "方案")
		if ok && len([]rune(head)) <= 30 && strings.Contains(head, "活动") && !strings.Contains(head, "，") && !strings.Contains(head, ",") {
			if starts[len(starts)-1] != i {
				starts = append(starts, i)
			}
		}
	}
	starts = append(starts, len(lines))
	var docs []*doc.Document
	for k := 0; k+1 < len(starts); k++ {
		if starts[k+1] <= starts[k] {
			continue
		}
		text := strings.Join(lines[starts[k]:starts[k+1]], "\n")
		title := []rune(strings.TrimSpace(lines[starts[k]]))
		title = title[:min(len(title), 30)]
		docs = append(docs, &doc.Document{ID: fmt.Sprintf("003-%d", len(docs)+1), Source: "003.txt",
			Part: len(docs) + 1, Title: string(title), Text: text})
	}
	return docs
}

// external reads one file of corpus/external as a document named after it.
func external(t testing.TB, name string) *doc.Document {
	return &doc.Document{ID: name, Source: name, Part: 1, Title: name, Text: readShared(t, "corpus", "external", name)}
}

// wikisourceFooters are the licence footers the _u8 reports end with (one
// for State Council reports, one for Party congress reports): chrome that
// ingest will strip; until then tests load them as templates.
func wikisourceFooters(t testing.TB) []*doc.Document {
	var out []*doc.Document
	for _, f := range []struct{ file, marker string }{
		{"gwr_cn_2016_u8.txt", "本作品是中华人民共和国的"},
		{"cpc_congress_19_u8.txt", "本作品来自1949年10月1日"},
	} {
		text := readShared(t, "corpus", "external", f.file)
		i := strings.Index(text, f.marker)
		if i < 0 {
			t.Fatalf("footer not found in %s", f.file)
		}
		out = append(out, &doc.Document{ID: "footer-" + f.file, Source: "template", Title: "维基文库版权声明", Text: text[i:]})
	}
	return out
}

// bulkReports reads the 72 reports of the JSONL.
func bulkReports(t testing.TB) []*doc.Document {
	f, err := os.Open(shared.Path(t, "corpus", "external", "bulk_gwr_cn_1954_2025_wikisource.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var docs []*doc.Document
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var r struct {
			Title, Content string
			Year           json.RawMessage
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, &doc.Document{ID: fmt.Sprintf("gwr-%s-%d", strings.Trim(string(r.Year), `"`), len(docs)), Source: "bulk.jsonl",
			Part: len(docs) + 1, Title: r.Title, Text: r.Content})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return docs
}

func findPair(r Report, a, b string) *Pair {
	for i, p := range r.Pairs {
		if p.A.ID == a && p.B.ID == b || p.A.ID == b && p.B.ID == a {
			return &r.Pairs[i]
		}
	}
	return nil
}

func TestSeed000Cluster(t *testing.T) {
	docs := seed000Parts(t)
	if len(docs) != 8 {
		t.Fatalf("seed 000 split into %d parts, want 8", len(docs))
	}
	r := Analyze(docs, Options{})
	want := []string{"000-1", "000-4", "000-7"}
	if len(r.Clusters) != 1 || strings.Join(r.Clusters[0], ",") != strings.Join(want, ",") {
		t.Fatalf("clusters = %v, want [%v]", r.Clusters, want)
	}
	for _, pr := range [][2]string{{"000-1", "000-4"}, {"000-1", "000-7"}, {"000-4", "000-7"}} {
		p := findPair(r, pr[0], pr[1])
		if p == nil {
			t.Fatalf("pair %v missing", pr)
		}
		if p.ACovered < 0.95 || p.BCovered < 0.95 {
			t.Errorf("pair %v covered %.3f/%.3f, want ≥ 0.95 each", pr, p.ACovered, p.BCovered)
		}
	}
	for _, p := range r.Pairs {
		in := strings.Contains("000-1 000-4 000-7", p.A.ID) && strings.Contains("000-1 000-4 000-7", p.B.ID)
		if !in && p.Score > 0.1 {
			t.Errorf("unexpected pair %s-%s score %.2f", p.A.ID, p.B.ID, p.Score)
		}
	}
}

func TestSeed003Pair(t *testing.T) {
	docs := seed003Docs(t)
	var a, b string
	for _, d := range docs {
		if strings.Contains(d.Text, "大由卫生院创先争优活动实施方案为认真贯彻落实") {
			a = d.ID
		}
		if strings.HasPrefix(strings.TrimSpace(d.Text), "崀山镇卫生院2011年创先争优活动\n") {
			b = d.ID
		}
	}
	if a == "" || b == "" || a == b {
		t.Fatalf("cue documents not split apart: %q %q", a, b)
	}
	r := Analyze(docs, Options{})
	p := findPair(r, a, b)
	if p == nil || len(p.Passages) == 0 {
		t.Fatalf("pair %s-%s not reported", a, b)
	}
	if p.Score < 0.9 {
		t.Errorf("score %.2f: the shorter scheme is copied whole", p.Score)
	}
	if p.Longest < 300 {
		t.Errorf("longest passage %d runes", p.Longest)
	}
}

// TestSeedsFormulasBoilerplate runs all five seeds together: the political
// formulas they share must come out as boilerplate, never as copying.
func TestSeedsFormulasBoilerplate(t *testing.T) {
	docs := append(seed000Parts(t), seed003Docs(t)...)
	for _, n := range []string{"001_f4d157a1266cd397.txt", "002_9058a1a23e0705b8.txt", "004_5ca0019a6ce73c5f.txt"} {
		docs = append(docs, &doc.Document{ID: n[:3], Source: n, Part: 1, Title: n, Text: readShared(t, "corpus", "seeds", n)})
	}
	r := Analyze(docs, Options{})
	lex := Options{}.withDefaults().Lexicon
	for _, p := range r.Pairs {
		for _, ps := range p.Passages {
			// A copy passage must hold text beyond formulas and citations.
			s := fingerprint.Normalize(ps.AText)
			if s.Len()-fingerprint.Measure(fingerprint.Intervals(lex.Find(s))) < 20 {
				t.Errorf("%s-%s: formula reported as copying: %q", p.A.ID, p.B.ID, ps.AText)
			}
		}
	}
	withShare := 0
	for _, d := range r.Documents {
		if d.Boilerplate > 0 {
			withShare++
		}
	}
	if withShare < len(docs)/3 {
		t.Errorf("only %d of %d documents have a boilerplate share", withShare, len(docs))
	}
	if len(r.Clusters) != 2 {
		t.Errorf("clusters = %v, want the 000 trio and the 003 pair", r.Clusters)
	}
}

func externalIndex(t *testing.T, names ...string) Report {
	ix := New(Options{})
	for _, f := range wikisourceFooters(t) {
		ix.AddTemplate(f)
	}
	for _, n := range names {
		ix.Add(external(t, n))
	}
	return ix.Report()
}

func TestExternalSameReport(t *testing.T) {
	r := externalIndex(t, "gwr_cn_2016_u8.txt", "gwr_cn_2016_gbk.txt", "gwr_cn_2017_u8.txt", "gwr_cn_2017_gbk.txt",
		"gwr_cn_2018_u8.txt", "gwr_cn_2018_gbk.txt", "gwr_cn_2018_gbk_dirty.txt")
	for _, pr := range [][2]string{
		{"gwr_cn_2016_u8.txt", "gwr_cn_2016_gbk.txt"}, {"gwr_cn_2017_u8.txt", "gwr_cn_2017_gbk.txt"},
		{"gwr_cn_2018_u8.txt", "gwr_cn_2018_gbk.txt"}, {"gwr_cn_2018_u8.txt", "gwr_cn_2018_gbk_dirty.txt"},
		{"gwr_cn_2018_gbk.txt", "gwr_cn_2018_gbk_dirty.txt"},
	} {
		p := findPair(r, pr[0], pr[1])
		if p == nil || p.Score < 0.95 {
			t.Errorf("%v: %+v, want score ≥ 0.95", pr, p)
		}
	}
}

func TestExternalRecurringFormulas(t *testing.T) {
	r := externalIndex(t, "gwr_cn_2016_u8.txt", "gwr_cn_2017_u8.txt", "gwr_cn_2023_u8.txt", "gwr_cn_2024_u8.txt",
		"cpc_congress_18_u8.txt", "cpc_congress_19_u8.txt", "cpc_congress_20_u8.txt")
	for _, p := range r.Pairs {
		if p.Template {
			continue
		}
		if p.Score >= 0.15 {
			t.Errorf("%s-%s score %.3f, want < 0.15", p.A.ID, p.B.ID, p.Score)
		}
	}
	for _, pr := range [][2]string{{"gwr_cn_2023_u8.txt", "gwr_cn_2024_u8.txt"}, {"cpc_congress_18_u8.txt", "cpc_congress_19_u8.txt"},
		{"cpc_congress_19_u8.txt", "cpc_congress_20_u8.txt"}} {
		p := findPair(r, pr[0], pr[1])
		if p == nil {
			t.Errorf("%v: the partial reuse between these reports should be reported", pr)
			continue
		}
		if len(p.Boilerplate) == 0 {
			t.Errorf("%v: no recurring formulas reported as boilerplate", pr)
		}
	}
	// The licence footers every _u8 file ends with are template text.
	for _, d := range r.Documents {
		if d.Boilerplate <= 0 {
			t.Errorf("%s: boilerplate share 0", d.ID)
		}
	}
	if len(r.Clusters) != 0 {
		t.Errorf("clusters %v: different reports are not copies", r.Clusters)
	}
}

// TestAnalyzeEachSections: outlines extracted by AnalyzeEach's callback,
// in its parallel pass, give the report that outlines extracted before
// Analyze give, sections' figures included.
func TestAnalyzeEachSections(t *testing.T) {
	docs := append(seed003Docs(t), seed000Parts(t)...)
	docs = append(docs, bulkReports(t)[:24]...)
	before := make([]*doc.Document, len(docs))
	for i, d := range docs {
		c := *d
		c.Sections = outline.Extract(c.Text, c.Hints)
		before[i] = &c
	}
	want := Analyze(before, Options{})
	each := make([]*doc.Document, len(docs))
	for i, d := range docs {
		c := *d
		c.Sections = nil
		each[i] = &c
	}
	got := AnalyzeEach(each, Options{}, func(d *doc.Document) {
		d.Sections = outline.Extract(d.Text, d.Hints)
	})
	n := 0
	for _, d := range got.Documents {
		n += len(d.Sections)
	}
	if n == 0 {
		t.Fatal("no sections in the report: the test needs outlined documents")
	}
	var gb, wb bytes.Buffer
	if err := WriteJSON(&gb, got); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&wb, want); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gb.Bytes(), wb.Bytes()) {
		t.Fatalf("AnalyzeEach report differs from Analyze after outlining (%d vs %d bytes)", gb.Len(), wb.Len())
	}
}
