package clean

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/ingest/raw"
	"github.com/planmine/planmine/internal/shared"
)

// readLines reads a UTF-8 text file into one paragraph per line, as the
// TXT reader hands them over.
func readLines(tb testing.TB, path string) []raw.Para {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return splitText(string(b))
}

func splitText(s string) []raw.Para {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return paras(strings.Split(s, "\n")...)
}

// matchForm folds text as the gold matching rules say: Simplified script,
// half-width, whitespace removed.
func matchForm(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, fold.Text(s))
}

type goldFile struct {
	Documents    int      `json:"documents"`
	DocumentsMin int      `json:"documents_min"`
	Chrome       []string `json:"chrome"`
}

func loadGold(t *testing.T) map[string]goldFile {
	t.Helper()
	b, err := os.ReadFile(shared.Path(t, "gold", "seeds.json"))
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Files map[string]goldFile `json:"files"`
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	if len(g.Files) == 0 {
		t.Fatal("no files in seeds.json")
	}
	return g.Files
}

// survivors are distinctive content phrases per seed, picked by reading
// the pages, that must come through cleaning intact (in match form).
var survivors = map[string][]string{
	"000": {"全年拟发展新党员8人", "加强院内民主党派和无党派人士的联系", "抓好总支班子建设", "送市直机关工委培训6-8人"},
	"001": {"院领导班子四分之三是党员", "发展对象。二、和谐医患", "职工代表大会。定期深入职工中间", "医院连续8次被评为市级", "把稳“方向盘", "党建工作创"},
	"002": {"现将2025年医院党建工作作出如下计划", "全年计划发展党员2名", "中共成都市新津区中医医院委员会", "2025年1月16日"},
	"003": {"组长:崔福成", "坚持正确的办院方针", "由彭湘东同志负责处理日常事务", "崀山镇卫生院2011年4月30日", "清晨的阳光透过窗帘", "以下是本计划的方案"},
	"004": {"党组织的凝聚力是党的生命", "满意率达90.84%", "十、以真挚的感情关心人", "党员捐款"},
}

func TestSeedsGold(t *testing.T) {
	gold := loadGold(t)
	for name, g := range gold {
		t.Run(name[:3], func(t *testing.T) {
			in := readLines(t, shared.Path(t, "corpus", "seeds", name))
			parts := Split(name, in)
			if g.Documents > 0 && len(parts) != g.Documents {
				t.Errorf("got %d documents, want %d", len(parts), g.Documents)
			}
			if g.DocumentsMin > 0 && len(parts) < g.DocumentsMin {
				t.Errorf("got %d documents, want at least %d", len(parts), g.DocumentsMin)
			}
			var all strings.Builder
			for i, p := range parts {
				txt := partText(p)
				all.WriteString(matchForm(txt))
				for _, c := range g.Chrome {
					if strings.Contains(txt, c) || strings.Contains(matchForm(txt), matchForm(c)) {
						t.Errorf("part %d keeps chrome %q", i+1, c)
					}
				}
				if strings.TrimSpace(p.Title) == "" {
					t.Errorf("part %d has no title", i+1)
				}
			}
			for _, s := range survivors[name[:3]] {
				if !strings.Contains(all.String(), matchForm(s)) {
					t.Errorf("content %q lost", s)
				}
			}
			removed := hanCount(joinParas(in)) - hanCount(all.String())
			goldHan := 0
			for _, c := range g.Chrome {
				goldHan += hanCount(c)
			}
			t.Logf("%s: %d parts, Han removed %d (gold chrome strings hold %d)", name[:3], len(parts), removed, goldHan)
		})
	}
}

func joinParas(ps []raw.Para) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

func seedPath(t *testing.T, prefix string) string {
	t.Helper()
	m, _ := filepath.Glob(shared.Path(t, "corpus", "seeds", prefix+"_*.txt"))
	if len(m) != 1 {
		t.Fatalf("seed %s: %d files", prefix, len(m))
	}
	return m[0]
}

func TestSeedTitles(t *testing.T) {
	check := func(prefix string, ok func(title string) bool) {
		p := seedPath(t, prefix)
		for i, part := range Split(filepath.Base(p), readLines(t, p)) {
			if !ok(matchForm(part.Title)) {
				t.Errorf("%s part %d: title %q", prefix, i+1, part.Title)
			}
			if part.Paras[0].Text != part.Title {
				t.Errorf("%s part %d: first paragraph %q is not the title", prefix, i+1, part.Paras[0].Text)
			}
		}
	}
	check("000", func(s string) bool { return strings.Contains(s, "工作计划") })
	check("003", func(s string) bool { return strings.Contains(s, "方案") || strings.Contains(s, "计划") })
	check("004", func(s string) bool { return s == "医院党组织“凝聚力工程”工作总结" })

	p := seedPath(t, "001")
	want := []string{
		"XX旗医院三项举措不断提升党建工作水平",
		"XX县“四举措”构筑公立医院党建工作新格局",
		"市卫健局三项举措稳步推进公立医院党建工作",
		"XX区民营医疗机构三举措促进党建医疗双提升",
		"三举措着力打造公立医院党建工作品牌",
		"XX县:“强、促、抓”提升医院党建工作水平",
	}
	parts := Split(filepath.Base(p), readLines(t, p))
	if len(parts) != len(want) {
		t.Fatalf("001: %d parts", len(parts))
	}
	for i, w := range want {
		if parts[i].Title != w {
			t.Errorf("001 part %d: title %q, want %q", i+1, parts[i].Title, w)
		}
	}
	// 002 has no title line: the file name stands in.
	p = seedPath(t, "002")
	if parts := Split(filepath.Base(p), readLines(t, p)); parts[0].Title != strings.TrimSuffix(filepath.Base(p), ".txt") {
		t.Errorf("002 title %q", parts[0].Title)
	}
}

func TestExternalLicenceFooter(t *testing.T) {
	m, _ := filepath.Glob(shared.Path(t, "corpus", "external", "*_u8.txt"))
	if len(m) == 0 {
		t.Fatal("no _u8 files")
	}
	for _, p := range m {
		in := readLines(t, p)
		parts := Split(filepath.Base(p), in)
		if len(parts) != 1 {
			t.Errorf("%s: %d parts, want 1", filepath.Base(p), len(parts))
			continue
		}
		txt := partText(parts[0])
		for _, bad := range []string{"Public domain", "公有领域", "维基文库", "本作品", "\nfalse"} {
			if strings.Contains(txt, bad) {
				t.Errorf("%s: footer text %q kept", filepath.Base(p), bad)
			}
		}
		// The footer is a few hundred Han characters; the report is the rest.
		if lost := hanCount(joinParas(in)) - hanCount(txt); lost > 1200 || lost < 50 {
			t.Errorf("%s: removed %d Han characters", filepath.Base(p), lost)
		}
	}
}

func TestExternalDirtyPage(t *testing.T) {
	b, err := os.ReadFile(shared.Path(t, "corpus", "external", "gwr_cn_2018_gbk_dirty.txt"))
	if err != nil {
		t.Fatal(err)
	}
	u, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err != nil {
		t.Fatal(err)
	}
	parts := Split("gwr_cn_2018_gbk_dirty.txt", splitText(string(u)))
	if len(parts) != 1 {
		t.Fatalf("%d parts, want 1", len(parts))
	}
	ps := parts[0].Paras
	if !strings.HasPrefix(parts[0].Title, "政府工作报告") || ps[0].Text != parts[0].Title {
		t.Errorf("title %q, first para %q", parts[0].Title, ps[0].Text)
	}
	if ps[1].Text != "各位代表：" {
		t.Errorf("second para %q, want the salutation", ps[1].Text)
	}
	txt := partText(parts[0])
	for _, bad := range []string{"新华社北京3月22日电", "新华社记者", "\r", "\t"} {
		if strings.Contains(txt, bad) {
			t.Errorf("lead-in debris %q kept", bad)
		}
	}
	if !strings.Contains(txt, "团结凝聚力量，实干创造未来") {
		t.Error("closing paragraph lost")
	}
}

func BenchmarkSplit(b *testing.B) {
	m, _ := filepath.Glob(shared.Path(b, "corpus", "seeds", "*.txt"))
	var inputs [][]raw.Para
	size := 0
	for _, p := range m {
		in := readLines(b, p)
		inputs = append(inputs, in)
		for _, q := range in {
			size += len(q.Text) + 1
		}
	}
	b.SetBytes(int64(size))
	if err := fold.Init(); err != nil { // one-off table load, not per call
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k, in := range inputs {
			cp := append([]raw.Para(nil), in...)
			Split(m[k], cp)
		}
	}
}

// BenchmarkSplitFlat runs the seeds flattened onto one line each, as many
// real pages come: every step must stay linear in the line's length.
func BenchmarkSplitFlat(b *testing.B) {
	m, _ := filepath.Glob(shared.Path(b, "corpus", "seeds", "*.txt"))
	var inputs [][]raw.Para
	size := 0
	for _, p := range m {
		var line strings.Builder
		for _, q := range readLines(b, p) {
			line.WriteString(q.Text)
		}
		inputs = append(inputs, paras(line.String()))
		size += line.Len()
	}
	b.SetBytes(int64(size))
	if err := fold.Init(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k, in := range inputs {
			cp := append([]raw.Para(nil), in...)
			Split(m[k], cp)
		}
	}
}

// BenchmarkSplitReports runs the 72 government work reports of the bulk
// file: long plain texts, one document each.
func BenchmarkSplitReports(b *testing.B) {
	f, err := os.Open(shared.Path(b, "corpus", "external", "bulk_gwr_cn_1954_2025_wikisource.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var names []string
	var texts []string
	for sc.Scan() {
		var r struct {
			Title   string `json:"title"`
			Content string `json:"content"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			b.Fatal(err)
		}
		names, texts = append(names, r.Title+".txt"), append(texts, r.Content)
	}
	benchSplit(b, names, texts)
}

// BenchmarkSplitReal runs the real template-site pages of testdata/real.
func BenchmarkSplitReal(b *testing.B) {
	m, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "real", "*", "*.txt"))
	if len(m) == 0 {
		b.Skip("no real pages")
	}
	var texts []string
	for _, p := range m {
		t, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(t))
	}
	benchSplit(b, m, texts)
}

func benchSplit(b *testing.B, names, texts []string) {
	var inputs [][]raw.Para
	size := 0
	for _, t := range texts {
		inputs = append(inputs, splitText(t))
		size += len(t)
	}
	b.SetBytes(int64(size))
	if err := fold.Init(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k, in := range inputs {
			cp := append([]raw.Para(nil), in...)
			SplitWith(names[k], cp, Options{Recurring: func(string) bool { return false }})
		}
	}
}
