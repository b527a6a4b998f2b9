package people

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-ego/gse"
	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/internal/shared"
	"github.com/planmine/planmine/nlp/segment"
	"github.com/planmine/planmine/nlp/segment/gsedict"
)

func pairs(in string) string {
	var b []string
	for _, p := range Extract(in) {
		b = append(b, p.Role+":"+p.Name)
	}
	return strings.Join(b, " ")
}

func TestExtract(t *testing.T) {
	cases := []struct{ in, want string }{
		{"组长：王建国\n副组长：张丽华、赵明\n成员：孙志强、周敏、吴海燕", "组长:王建国 副组长:张丽华 副组长:赵明 成员:孙志强 成员:周敏 成员:吴海燕"},
		{"组长:高志远 副组长:林国栋郭晓梅 成员:韩冬梅罗建平许文", "组长:高志远 副组长:林国栋 副组长:郭晓梅 成员:韩冬梅 成员:罗建平 成员:许文"},
		{"组长：院长张三\n副组长：副院长李四、党委副书记王五", "组长:张三 副组长:李四 副组长:王五"},
		{"组  长：刘德明（党委书记、院长）\n副组长：陈一鸣（副院长）", "组长:刘德明 副组长:陈一鸣"},
		{"成立以院长黄卫东为组长、副院长唐小兵为副组长，各科室主任为成员的领导小组。", "组长:黄卫东 副组长:唐小兵"},
		// A hard-wrapped page breaks the group inside a sentence.
		{"我院十分重视控烟工作，专门成立了以党支部书记林秋生同志\n为组长，总务科主任宋建华、副主任郑丽为副组长、各科室主\n任为成员的控烟工作领导小组。", "组长:林秋生 副组长:宋建华 副组长:郑丽"},
		// One name with a note on the role's line, the others one per line.
		{"领导小组成员名单如下：\n组长：叶建新（镇长）\n成员：陈卫国（计生办）\n\n刘小华（科教办）\n\n黄志明（卫生院）", "组长:叶建新 成员:陈卫国 成员:刘小华 成员:黄志明"},
		// 由…兼任组长 with an adverb before the verb.
		{"医院成立领导小组，由党委书记、院长何立新亲自兼任组长。", "组长:何立新"},
		{"成立以马国强同志为组长，杨帆、朱丽为副组长的工作领导小组。", "组长:马国强 副组长:杨帆 副组长:朱丽"},
		{"组长：欧阳春晓 副组长：司马光明、诸葛亮", "组长:欧阳春晓 副组长:司马光明 副组长:诸葛亮"},
		{"組長：鄭偉強\n副組長：謝國華、鍾麗\n成員：蔣勝利、劉曉東", "组长:鄭偉強 副组长:謝國華 副组长:鍾麗 组员:NONE"},
		{"领导小组:组长:何建华副组长:梁文成员:曹小军、冯丽、邓超三、主要任务加强组织建设", "组长:何建华 副组长:梁文 成员:曹小军 成员:冯丽 成员:邓超"},
		{"成员：张三、李四", "成员:张三 成员:李四"},
		{"成员：宋江、蔡文姬等同志", "成员:宋江 成员:蔡文姬"},
		{"办公室主任：彭红梅\n联络员：曾小芳", "办公室主任:彭红梅 联络员:曾小芳"},
		{"组长：刘国平。\n组长：刘国平", "组长:刘国平"},
		// 由…担任: the names sit between 由 and 担任.
		{"组长由党委副书记陈卫东担任，副组长由副院长杨帆、纪委书记欧阳晓担任。", "组长:陈卫东 副组长:杨帆 副组长:欧阳晓"},
		{"領導小組組長由院長黃志明擔任。", "组长:黃志明"},
		// Table rows with spaces and no colon.
		{"组　长　陈卫东\n副组长　杨帆　欧阳晓\n成　员　马丽　王刚　诸葛明", "组长:陈卫东 副组长:杨帆 副组长:欧阳晓 成员:马丽 成员:王刚 成员:诸葛明"},
		{"组长 宋明\t副院长", "组长:宋明"},
		// Professional titles and department-and-title prefixes before names.
		{"副组长：副主任医师林小燕、主管护师郑红", "副组长:林小燕 副组长:郑红"},
		{"成员：院办主任王立、医务科科长赵强、护理部主任孙梅", "成员:王立 成员:赵强 成员:孙梅"},
		{"成员：药剂科主任何平、主管药师方芳", "成员:何平 成员:方芳"},
		// Inline "…任组长": names before 任 back to the clause start or 由.
		{"院长孙立平任领导小组组长，林海涛任常务副组长，周敏、吴涛、郑凯任副组长。", "组长:孙立平 常务副组长:林海涛 副组长:周敏 副组长:吴涛 副组长:郑凯"},
		{"市卫健委成立专项工作组，由何志强书记任组长，分管副主任任副组长。", "组长:何志强"},
		{"組長由黨委書記趙文華同志兼任，副組長由馮建軍同志兼任。", "组长:趙文華 副组长:馮建軍"},
		// "成员包括…" and "成员为…" without a colon after the role.
		{"领导小组成员包括曹丽、邓伟、许建国等同志。", "成员:曹丽 成员:邓伟 成员:许建国"},
		{"成员包括：曹丽、邓伟", "成员:曹丽 成员:邓伟"},
		// Names one per line after a role that ends its line.
		{"组　长：黄振东（院长）\n副组长：\n宋晓丽（副院长）\n梁志刚（工会主席）\n成员：\n\n罗小兰（医务科）\n韩磊\n领导小组下设办公室，负责日常工作。\n许多", "组长:黄振东 副组长:宋晓丽 副组长:梁志刚 成员:罗小兰 成员:韩磊"},
		// Minority names the surname table cannot cut, next to ordinary
		// names, and page debris glued to the last name.
		{"组长:高建华副组长:袁丽成员:吕明、乌兰图雅、萨仁、田野2 领导小组下设办公室", "组长:高建华 副组长:袁丽 成员:吕明 成员:乌兰图雅 成员:萨仁 成员:田野"},
		// The last names run into the prose of a flattened page.
		{"成员：冯涛彭丽华钟敏领导小组办公室设在院办，负责协调。", "成员:冯涛 成员:彭丽华 成员:钟敏"},
		// A role in brackets after each name.
		{"领导小组：庞立新（组长）、院长温晓燕（副组长）、覃志勇（成员）", "组长:庞立新 副组长:温晓燕 成员:覃志勇"},
		// 成员有…, and …担任组长 as …任组长.
		{"领导小组成员有：蒙小军、韦丽。", "成员:蒙小军 成员:韦丽"},
		{"院党委书记庞立新担任组长，院长温晓燕兼任副组长。", "组长:庞立新 副组长:温晓燕"},
		// A 组员 is a member; two names joined by 和 are two names.
		{"组员：梁晓红和邱建军", "成员:梁晓红 成员:邱建军"},
		// Roles written right before names in a news report's clause.
		{"第三督导组组长罗建华、副组长钟雪梅、组员杜志刚和姚丽5人到各支部督查。", "组长:罗建华 副组长:钟雪梅 成员:杜志刚 成员:姚丽"},
		{"第二組組長葉志明、副組長傅麗娟、組員崔國強深入科室宣講。", "组长:葉志明 副组长:傅麗娟 成员:崔國強"},
		// A table pads two-character names to three ("姜 潮"); members one
		// per line with their posts after them.
		{"组 长：\n姜 潮\n副组长：董志刚、王天明\n成 员：刘明浩 省卫生厅办公室主任\n徐 玲 省卫生厅规财处处长\n王 平 省卫生厅 保健办主任\n领导小组办公室设在应急办。",
			"组长:姜潮 副组长:董志刚 副组长:王天明 成员:刘明浩 成员:徐玲 成员:王平"},
		{"组 长：李红星  副省长\n副组长：李朝晖  省政府副秘书长\n    段飞  省卫生健康委主任\n    黎 明  市副市长",
			"组长:李红星 副组长:李朝晖 副组长:段飞 副组长:黎明"},
		// A page that spaces every character pads no name.
		{"组 长 :***(院长 )负 责 总 指挥 全 面 工作", ""},
		// Names with their post in brackets and a duty after it.
		{"副组长：孙桂芳(副院长)负责协调和上报工作 成员：张桂兰(防保科长)具体负责应急工作 赵庆红(内科主任)具体负责院内抢救工作",
			"副组长:孙桂芳 成员:张桂兰 成员:赵庆红"},
	}
	for _, c := range cases {
		want := c.want
		if strings.Contains(want, "组员:NONE") {
			// Traditional input: roles fold to Simplified, names stay as written.
			want = "组长:鄭偉強 副组长:謝國華 副组长:鍾麗 成员:蔣勝利 成员:劉曉東"
		}
		if got := pairs(c.in); got != want {
			t.Errorf("Extract(%q)\n got %q\nwant %q", c.in, got, want)
		}
	}
}

func TestRejects(t *testing.T) {
	for _, in := range []string{
		"成员：各科室主任",
		"成员：医务科、护理部、院办、财务科负责人",
		"成员：全体班子成员",
		"主任：负责全面工作",
		"领导小组下设办公室，办公室设在卫生院办公室，由彭湘东同志负责处理日常事务。",
		"组长：由院长担任",
		"成员：各支部书记、各职能科室负责人",
		"班子成员要带头讲党课，主任医师要带头查房。",
		"组长：XX 副组长：XXX",
		"成员：2名党员",
		"组长由院长担任。",
		"成员 要带头学习，做到学懂弄通。",
		"主任 负责全面工作",
		"组长和成员由领导小组研究确定后担任。",
		"他曾任组长多年，现任副组长。",
		"由分管副院长任副组长，各科室主任任成员。",
		"主任任职期间，各项任务繁重。",
		"成员：\n全体党员参加学习。",
		"成员：乌兰图雅、萨仁",
		"成员为各科室负责人。",
		// One role before a name is a title in a sentence, not a chain;
		// roles followed by duties are no names.
		"组长王建军主持会议，会议研究了下一步工作。",
		"组长负责统筹，副组长协助组长，组员分头落实。",
		"小组成员积极参与，组长认真组织。",
		"各科室负责人（成员）按分工落实。",
		"成员有责任按时参加学习。",
		"由分管领导担任组长。",
	} {
		if got := pairs(in); got != "" {
			t.Errorf("Extract(%q) = %q, want none", in, got)
		}
	}
}

// TestRoleRunes keeps the cheap filters in step with the tables they stand
// for.
func TestRoleRunes(t *testing.T) {
	for _, r := range roles {
		rs := []rune(r)
		if !strings.ContainsRune(roleStarts, rs[0]) {
			t.Errorf("role %s: %c missing from roleStarts", r, rs[0])
		}
		if !strings.ContainsRune(roleEnds, rs[len(rs)-1]) {
			t.Errorf("role %s: %c missing from roleEnds", r, rs[len(rs)-1])
		}
	}
	for _, w := range groupWords {
		if !strings.ContainsRune(groupStarts, []rune(w)[0]) {
			t.Errorf("group word %s missing from groupStarts", w)
		}
	}
}

func TestLoneName(t *testing.T) {
	for in, want := range map[string]bool{
		"那顺布和": true, "其木格": true, "萨仁": true, "乌兰图雅": true,
		"其他": false, "全体党员": false, "医务科": false, "主任": false, "组长": false,
		"宝泉第": false, "各科室": false, "专家代表": false, "张三的": false, "阿卜杜拉江": false, "王": false,
	} {
		r := []rune(in)
		p := &parser{f: r, orig: r}
		if got := p.loneName(0, len(r)); got != want {
			t.Errorf("loneName(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestProseStart(t *testing.T) {
	for in, want := range map[string]string{
		"冯涛彭丽华钟敏领导小组办公室": "冯涛彭丽华钟敏",
		"吴晓东负责日常工作":      "吴晓东",
		"刘洋办公室设在院办":      "刘洋",
		"张伟":             "张伟",
		"邱建军一行来到卫生院":     "邱建军",
		"梁晓红深入支部督导":      "梁晓红",
	} {
		r := []rune(in)
		p := &parser{f: r, orig: r}
		if got := string(r[:p.proseStart(0, len(r))]); got != want {
			t.Errorf("proseStart(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSegmentations(t *testing.T) {
	cases := map[string]string{
		"李立明李峰谢力民":  "李立明|李峰|谢力民",
		"何先进彭湘东李晓玲": "何先进|彭湘东|李晓玲",
		"欧阳春晓王芳":    "欧阳春晓|王芳",
		"张伟":        "张伟",
		"赵钱孙":       "赵钱孙",
	}
	for in, want := range cases {
		r := []rune(in)
		segs := segmentations(r)
		if len(segs) == 0 {
			t.Errorf("segmentations(%q): none", in)
			continue
		}
		var parts []string
		prev := 0
		for _, c := range segs[0].cuts {
			parts = append(parts, string(r[prev:c]))
			prev = c
		}
		if got := strings.Join(parts, "|"); got != want {
			t.Errorf("segmentations(%q)[0] = %q, want %q", in, got, want)
		}
	}
	for _, bad := range []string{"的确", "负责人", "主要内容"} {
		p := &parser{f: []rune(bad), orig: []rune(bad)}
		if n := p.names(0, len(p.f)); n != nil {
			t.Errorf("names(%q) = %v, want nil", bad, n)
		}
	}
}

func TestSurnameTable(t *testing.T) {
	st := parseSurnames(surnamesTxt)
	if len(st.single) < 200 || len(st.compound) < 30 {
		t.Fatalf("surname table: %d single, %d compound", len(st.single), len(st.compound))
	}
	for _, r := range "王李张刘陈" {
		if st.single[r] != 1 {
			t.Errorf("%c is not a common surname", r)
		}
	}
	for _, s := range []string{"欧阳", "司马", "诸葛"} {
		if !st.compound[s] {
			t.Errorf("%s missing from compound surnames", s)
		}
	}
	for r := range st.single {
		if fold.Text(string(r)) != string(r) {
			t.Errorf("surname %c is not Simplified", r)
		}
	}
}

// TestTieBreak: 王刚李林芳 cuts as 王刚/李林芳 or 王刚李/林芳 at equal
// cost; the segmenter's person-name tags decide.
func TestTieBreak(t *testing.T) {
	old := segmenter
	defer func() { segmenter = old }()
	r := []rune("王刚李林芳")
	segs := segmentations(r)
	if len(segs) < 2 || segs[1].cost-segs[0].cost >= tieMargin {
		t.Fatalf("expected a tie, got %v", segs)
	}
	for dict, want := range map[string]string{
		"王刚 100 nr\n李林芳 100 nr\n": "王刚|李林芳",
		"王刚李 100 nr\n林芳 100 nr\n": "王刚李|林芳",
	} {
		sg := &gse.Segmenter{SkipLog: true}
		if err := sg.LoadDictStr(dict); err != nil {
			t.Fatal(err)
		}
		data, err := gsedict.Build(sg)
		if err != nil {
			t.Fatal(err)
		}
		cs, err := segment.Open(data)
		if err != nil {
			t.Fatal(err)
		}
		segmenter = func() (*segment.Segmenter, error) { return cs, nil }
		p := &parser{f: r, orig: r}
		var parts []string
		for _, n := range p.names(0, len(r)) {
			parts = append(parts, string(r[n[0]:n[1]]))
		}
		if got := strings.Join(parts, "|"); got != want {
			t.Errorf("with dict %q: %q, want %q", dict, got, want)
		}
	}
	segmenter = func() (*segment.Segmenter, error) { return nil, fmt.Errorf("unavailable") }
	p := &parser{f: r, orig: r}
	if n := p.names(0, len(r)); len(n) != 2 {
		t.Errorf("without a segmenter: %v", n)
	}
}

func TestGoldRecall(t *testing.T) {
	b, err := os.ReadFile(shared.Path(t, "gold", "seeds.json"))
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Files map[string]struct {
			Docs []struct {
				People [][2]string `json:"people"`
			} `json:"docs"`
		} `json:"files"`
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	for name, f := range g.Files {
		var want [][2]string
		for _, d := range f.Docs {
			want = append(want, d.People...)
		}
		if len(want) == 0 {
			continue
		}
		d, err := os.ReadFile(shared.Path(t, "corpus", "seeds", name))
		if err != nil {
			t.Fatal(err)
		}
		got := map[[2]string]bool{}
		ps := Extract(string(d))
		for _, p := range ps {
			got[[2]string{fold.Text(p.Role), fold.Text(p.Name)}] = true
		}
		hit := 0
		for _, w := range want {
			if got[[2]string{fold.Text(w[0]), fold.Text(w[1])}] {
				hit++
			} else {
				t.Logf("%s: missed %v", name, w)
			}
		}
		r := float64(hit) / float64(len(want))
		t.Logf("%s: people recall %.2f (%d/%d), %d predicted", name, r, hit, len(want), len(ps))
		if r < 0.9 {
			t.Errorf("%s: people recall %.2f < 0.9", name, r)
		}
		if len(ps) > len(want)+2 {
			t.Errorf("%s: %d people predicted for %d gold", name, len(ps), len(want))
		}
	}
}

// TestNoPeopleElsewhere: the other seeds name no leadership group members.
func TestNoPeopleElsewhere(t *testing.T) {
	for _, n := range []string{"000_948abd7a737fa59a.txt", "001_f4d157a1266cd397.txt", "002_9058a1a23e0705b8.txt", "004_5ca0019a6ce73c5f.txt"} {
		d, err := os.ReadFile(shared.Path(t, "corpus", "seeds", n))
		if err != nil {
			t.Fatal(err)
		}
		if ps := Extract(string(d)); len(ps) != 0 {
			t.Errorf("%s: %v", n, ps)
		}
	}
}

func TestNoPanicOnOddInput(t *testing.T) {
	for _, s := range []string{"", "组长", "组长:", "组长：：", "以为组长", "以" + strings.Repeat("王", 60) + "为组长", "成员：" + strings.Repeat("王李张", 40), string([]byte{0xff, 0xfe}) + "组长:张三"} {
		Extract(s)
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

// TestNoneInOfficialReports: published government and congress reports are
// filled-in text with no leadership-group lists; anything found there is a
// false positive on text nobody here wrote.
func TestNoneInOfficialReports(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(shared.Path(t, "corpus", "external"), "*_u8.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no external reports found: %v", err)
	}
	for _, f := range files {
		d, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if got := Extract(string(d)); len(got) != 0 {
			t.Errorf("%s: %v", filepath.Base(f), got)
		}
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{"组长:刘国平 副组长:李立明李峰", "成立以张三为组长的领导小组", "成员：各科室主任"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range Extract(s) {
			if p.Name == "" || p.Role == "" {
				t.Fatalf("empty person %+v in %q", p, s)
			}
		}
	})
}
