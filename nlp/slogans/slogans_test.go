package slogans

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode"

	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/internal/shared"
)

func texts(t *testing.T, in string) map[string]string {
	t.Helper()
	s, _ := Extract(in)
	m := map[string]string{}
	for _, x := range s {
		m[x.Text] = x.Kind
	}
	return m
}

func TestExtractFinds(t *testing.T) {
	cases := []struct {
		in   string
		want map[string]string // text → kind
	}{
		{"深入开展“学雷锋、树新风”志愿服务活动。", map[string]string{"学雷锋、树新风": KindQuoted}},
		{"打造“工作圈”“交友圈”“生活圈”，增强凝聚力。", map[string]string{"工作圈": KindQuoted, "交友圈": KindQuoted, "生活圈": KindQuoted}},
		{"严格落实三会一课制度，每季度讲一次党课。", map[string]string{"三会一课": KindFormula}},
		{"認真落實「三會一課」制度。", map[string]string{"三会一课": KindFormula}},
		{"巩固拓展两学一做学习教育常态化制度化成果。", map[string]string{"两学一做": KindFormula}},
		{"持续深化“三严三实”专题教育。", map[string]string{"三严三实": KindFormula}},
		{"坚决纠治四风问题，驰而不息落实中央八项规定精神。", map[string]string{"四风": KindFormula, "八项规定": KindFormula}},
		{"增强四个意识、坚定四个自信、做到两个维护。", map[string]string{"四个意识": KindFormula, "四个自信": KindFormula, "两个维护": KindFormula}},
		{"严格执行三重一大集体决策制度。", map[string]string{"三重一大": KindFormula}},
		{"科学谋划十五五时期医院发展。", map[string]string{"十五五": KindFormula}},
		{"开展四讲四有主题实践活动。", map[string]string{"四讲四有": KindFormula}},
		{"推行一岗双责，压实管党治党责任。", map[string]string{"一岗双责": KindFormula}},
		{"围绕“七一”建党节开展系列活动。", map[string]string{"七一": KindQuoted}},
		{"组织五四青年节座谈会和三八妇女节表彰。", map[string]string{"五四": KindQuoted, "三八": KindQuoted}},
		{"评选『优秀共产党员』和「服务明星」。", map[string]string{"优秀共产党员": KindQuoted, "服务明星": KindQuoted}},
		{"开展＂党员先锋岗＂创建。", map[string]string{"党员先锋岗": KindQuoted}},
		{"學習“以病人為中心”的服務理念。", map[string]string{"以病人为中心": KindQuoted}},
		{"“创先争优“活动以创建“五好”党组织为目标", map[string]string{"五好": KindFormula}},
		{"深化“三亮三比三评”活动。", map[string]string{"三亮三比三评": KindFormula}},
		{"开展四赛四比四做岗位练兵。", map[string]string{"四赛四比四做": KindFormula}},
	}
	for _, c := range cases {
		got := texts(t, c.in)
		for w, k := range c.want {
			if got[w] != k {
				t.Errorf("Extract(%q): %q kind %q, want %q (got %v)", c.in, w, got[w], k, got)
			}
		}
	}
}

func TestExtractRejects(t *testing.T) {
	cases := []struct {
		in     string
		reject []string
	}{
		{"培养入党积极分子三个月后进行考察。", []string{"三个月"}},
		{"今年发展党员两名，每月开展一次主题党日。", []string{"两名", "一次"}},
		{"从四个方面抓好落实。", []string{"四个方面"}},
		{"党委每两年一次开展民主评议，三天一次巡查。", []string{"两年一次", "三天一次"}},
		{"要十全十美，不能三心二意，更不能七上八下。", []string{"十全十美", "三心二意", "七上八下"}},
		{"院长强调：“我们要把群众满意作为工作的出发点和落脚点。全院上下要一起努力。”", []string{"我们要把群众满意作为工作的出发点和落脚点。全院上下要一起努力。"}},
		{"学习《中国共产党章程》和《关于新形势下党内政治生活的若干准则》。", []string{"中国共产党章程"}},
		{"时间定在七一前的星期五四点，三八个床位。", []string{"五四", "三八"}},
		{"“A”级医院", []string{"A"}},
		{"推进长三角一体化发展，两岸双方加强交流。", []string{"三角一体", "两岸双方"}},
		{"学习“党政领导干部选拔任用工作条例”。", []string{"党政领导干部选拔任用工作条例"}},
		// The tail of a longer chain is not a formula of its own.
		{"深化“三亮三比三评”活动，开展四赛四比四做。", []string{"三比三评", "四比四做"}},
	}
	for _, c := range cases {
		got := texts(t, c.in)
		for _, r := range c.reject {
			if _, ok := got[r]; ok {
				t.Errorf("Extract(%q) gave %q, want none (got %v)", c.in, r, got)
			}
		}
	}
}

func TestCitations(t *testing.T) {
	in := "认真学习《中国共产党章程》《中国共產黨章程》和《关于学习〈条例〉的通知》，对照〈准则〉，学习“党政领导干部选拔任用工作条例”。《未闭合\n下一行》"
	_, c := Extract(in)
	var got []string
	for _, x := range c {
		got = append(got, x.Text)
	}
	want := []string{"中国共产党章程", "关于学习〈条例〉的通知", "准则", "党政领导干部选拔任用工作条例"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("citations = %q, want %q", got, want)
	}
}

func TestOrderAndCount(t *testing.T) {
	in := "落实“三会一课”，坚持三会一课。开展“党员示范岗”活动，推进三会一课规范化；“党员示范岗”挂牌。"
	s, _ := Extract(in)
	if len(s) != 2 || s[0].Text != "三会一课" || s[1].Text != "党员示范岗" {
		t.Fatalf("got %v", s)
	}
	if s[0].Count != 3 || s[0].Kind != KindFormula {
		t.Errorf("三会一课 = %+v, want formula ×3", s[0])
	}
	if s[1].Count != 2 {
		t.Errorf("党员示范岗 count = %d, want 2", s[1].Count)
	}
}

func TestTraditionalSameAsSimplified(t *testing.T) {
	a, _ := Extract("堅持“三會一課”，開展“黨員責任崗”和“雙向承諾”活動，落實十四五規劃。")
	b, _ := Extract("坚持“三会一课”，开展“党员责任岗”和“双向承诺”活动，落实十四五规划。")
	if len(a) != len(b) || len(a) != 4 {
		t.Fatalf("traditional %v, simplified %v", a, b)
	}
	for i := range a {
		if a[i] != b[i] {
			t.Errorf("slogan %d: traditional %+v, simplified %+v", i, a[i], b[i])
		}
	}
}

func TestLexicon(t *testing.T) {
	if _, err := parseLexicon(formulasTxt); err != nil {
		t.Fatal(err)
	}
	l := Lexicon()
	if len(l) < 30 {
		t.Fatalf("lexicon has %d entries", len(l))
	}
	for _, f := range l {
		if fold.Text(f.Text) != f.Text {
			t.Errorf("lexicon entry %q is not in folded (Simplified) form", f.Text)
		}
	}
	if got := strings.Join(Expansion("三会一课"), "、"); got != "支部党员大会、支部委员会、党小组会、党课" {
		t.Errorf("Expansion(三会一课) = %q", got)
	}
	for _, bad := range []string{"三会一课\n", "三会一课\tweird\n", "四风\t-\n四风\t-\n"} {
		if _, err := parseLexicon(bad); err == nil {
			t.Errorf("parseLexicon(%q) accepted a bad file", bad)
		}
	}
	s, _ := Extract("贯彻中央八项规定精神")
	if len(s) != 1 || s[0].Text != "八项规定" {
		t.Errorf("variant not mapped to canonical: %v", s)
	}
}

func TestPattern(t *testing.T) {
	cases := map[string]bool{
		"三严三实": true, "两学一做": true, "三会一课": true, "五查五看": true, "一岗双责": false,
		"十三五": true, "三心二意": false, "一心一意": false, "两年一次": false, "三个月": false,
		"十全十美": false, "四面八方": false, "十四五个": false, "三角一体": false, "两岸双方": false,
		"五险一金": true, "两免一补": true, "三区三州": true,
		"三亮三比三评": true, "四赛四比四做": true, "三比三评三": false,
	}
	for s, want := range cases {
		if got := isPatternFormula([]rune(s)); got != want {
			t.Errorf("isPatternFormula(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestNoPanicOnOddInput(t *testing.T) {
	for _, s := range []string{"", "“", "”", "《", "》", "“”", "三", "十四", "\"\"\"", "《〈》〉", string([]byte{0xff, 0xfe})} {
		Extract(s)
	}
}

// goldKey folds per the gold matching rules: script and width folded,
// punctuation treated alike, whitespace removed.
func goldKey(s string) string {
	var b strings.Builder
	for _, r := range fold.Text(s) {
		switch {
		case unicode.IsSpace(r):
		case unicode.IsPunct(r) || unicode.IsSymbol(r):
			b.WriteRune('·')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

type goldFile struct {
	Files map[string]struct {
		Docs []struct {
			Slogans []string `json:"slogans"`
		} `json:"docs"`
	} `json:"files"`
}

func loadGold(t *testing.T) goldFile {
	t.Helper()
	b, err := os.ReadFile(shared.Path(t, "gold", "seeds.json"))
	if err != nil {
		t.Fatal(err)
	}
	var g goldFile
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

func TestGoldRecall(t *testing.T) {
	g := loadGold(t)
	for name, f := range g.Files {
		var want []string
		for _, d := range f.Docs {
			want = append(want, d.Slogans...)
		}
		if len(want) == 0 {
			continue
		}
		b, err := os.ReadFile(shared.Path(t, "corpus", "seeds", name))
		if err != nil {
			t.Fatal(err)
		}
		s, _ := Extract(string(b))
		got := map[string]bool{}
		for _, x := range s {
			got[goldKey(x.Text)] = true
		}
		hit := 0
		for _, w := range want {
			if got[goldKey(w)] {
				hit++
			} else {
				t.Logf("%s: missed %q", name, w)
			}
		}
		r := float64(hit) / float64(len(want))
		t.Logf("%s: slogan recall %.2f (%d/%d), %d predicted", name, r, hit, len(want), len(s))
		if r < 0.9 {
			t.Errorf("%s: slogan recall %.2f < 0.9", name, r)
		}
	}
}

func BenchmarkExtract(b *testing.B) {
	all := shared.Seeds(b)
	text := string(all)
	fold.Init()
	b.SetBytes(int64(len(all)))
	b.ResetTimer()
	for b.Loop() {
		Extract(text)
	}
}

func BenchmarkExtractFolded(b *testing.B) {
	all := shared.Seeds(b)
	text := string(all)
	folded := fold.Text(text)
	b.SetBytes(int64(len(all)))
	b.ResetTimer()
	for b.Loop() {
		ExtractFolded(text, folded)
	}
}

func TestExtractFoldedSameAsExtract(t *testing.T) {
	d, err := os.ReadFile(shared.Path(t, "corpus", "seeds", "000_948abd7a737fa59a.txt"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(d)
	a := fmt.Sprint(Extract(text))
	if b := fmt.Sprint(ExtractFolded(text, fold.Text(text))); a != b {
		t.Errorf("ExtractFolded differs from Extract")
	}
	// A folded text of another length must not break the spans.
	_ = fmt.Sprint(ExtractFolded(text, "短"))
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{"“三会一课”", "《条例》", "十四五", "“七一”", "“创先争优“活动“五好”"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sl, _ := Extract(s)
		for _, x := range sl {
			if x.Count < 1 || x.Text == "" {
				t.Fatalf("bad slogan %+v in %q", x, s)
			}
		}
	})
}
