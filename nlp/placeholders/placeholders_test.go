package placeholders

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/internal/shared"
)

func slots(in string) []string {
	var out []string
	for _, p := range Extract(in) {
		out = append(out, p.Text)
	}
	return out
}

func TestExtractFinds(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"XX旗医院在XX旗卫健委的领导下", []string{"XX旗", "XX旗"}},
		{"近年来，xx县高度重视公立医院党建", []string{"xx县"}},
		{"Xxx卫生院创先争优活动实施方案", []string{"Xxx卫生院"}},
		{"参加xx医院的专科培训", []string{"xx医院"}},
		{"全院共有正式党员X名，预备党员X名。", []string{"X名", "X名"}},
		{"全镇共有卫生室_个，乡村医生_名。", []string{"_个", "_名"}},
		{"隆重纪念建院**周年。", []string{"**周年"}},
		{"汇聚了省内X余名知名专家", []string{"X余名"}},
		{"全年服务超过X人次。", []string{"X人次"}},
		{"该院于20xx年X月份成立了党委", []string{"20xx年X月份"}},
		{"20XX年X月X日，召开动员大会", []string{"20XX年X月X日"}},
		{"20XX年，我院将继续", []string{"20XX年"}},
		{"制定20xx年度工作计划", []string{"20xx年"}},
		{"巩固XX年度民主评议成果", []string{"XX年度"}},
		{"围绕每月X号党员活动日", []string{"X号"}},
		{"连续X年组织党员轮训", []string{"X年"}},
		{"X月份，按照上级要求", []string{"X月份"}},
		{"深入学习十x大精神和xx届三中全会精神", []string{"十x大", "xx届"}},
		{"认真学习党的xx大会议精神", []string{"xx大"}},
		{"大力弘扬新时期##城市精神", []string{"##城市"}},
		{"为创建“平安##”作出贡献", []string{"平安##"}},
		{"××医院关于××年度工作的安排", []string{"××医院", "××年度"}},
		{"○○县卫生健康局", []string{"○○县"}},
		{"由（  ）同志负责，联系电话()。", []string{"（  ）", "()"}},
		{"ＸＸ市人民医院", []string{"ＸＸ市"}},
		{"根據xx黨發文件要求", []string{"xx"}},
		{"參加XX社區和XX街道黨建聯盟", []string{"XX社區", "XX街道"}},
		// Both ends of a range left open make one slot.
		{"培养入党积极分子X-X名，按期换届", []string{"X-X名"}},
		{"每月开展X～X次主题党日", []string{"X～X次"}},
		{"吸收X至X人加入志愿服务队", []string{"X至X人"}},
		{"新建XX-XX个党建示范点", []string{"XX-XX个"}},
		// Units after 余/多 and a magnitude, and more units.
		{"开展义诊xx场次，服务群众xx多余人次", []string{"xx场次", "xx多余人次"}},
		{"全年接种疫苗×余万剂次，设置接种点×个、留观室×间", []string{"×余万剂次", "×个", "×间"}},
		{"区财政安排x万元专项资金，另安排x万用于培训", []string{"x万元", "x万"}},
		{"学习总书记关于卫生健康工作的****批示精神", []string{"****"}},
		// Place and name words, with a space some pages put after letters.
		{"xx 区卫生健康局", []string{"xx 区"}},
		{"在xx广场举办义诊，xxx科室获评先进", []string{"xx广场", "xxx科室"}},
		{"zz市第一人民医院zz区分院", []string{"zz市", "zz区"}},
		{"以马列主义、*思想、xx理论为指导，结合xx实际", []string{"*思想", "xx理论", "xx实际"}},
		{"制定xx规划，×党委召开会议", []string{"xx规划", "×党委"}},
		// Asterisk masks.
		{"参加*市创建活动，从*年5月起，全院*名医生，年龄*岁", []string{"*市", "*年", "*名", "*岁"}},
		{"被评为**市重点专科，**两个村开展义诊，*多校区体检", []string{"**市", "**", "*多校区"}},
		{"20**年3月1日", []string{"20**年"}},
		// Campaign names built on a place.
		{"推进“健康XX”建设，入选健康×行动示范，共建平安xx", []string{"健康XX", "健康×行动", "平安xx"}},
		// Masked figures keep their digits and no unit.
		{"诊断符合率达98.xxxx，接诊2xxxx人次，甲级病历率9xxxx。", []string{"98.xxxx", "2xxxx", "9xxxx"}},
		{"根据(某卫发20xx5号)文件", []string{"20xx5号"}},
		{"于201X年启动", []string{"201X年"}},
		// Lines and brackets to fill in.
		{"____年____月____日召开会议，联系人：____", []string{"____年____月____日", "____"}},
		{"于20_年完成，20__年度总结", []string{"20_年", "20__年"}},
		{"追忆〔...〕烈士，每月开展[X]次，于（…）日前上报", []string{"〔...〕", "[X]次", "（…）日"}},
		// Masked names and a year with its last digits removed.
		{"由赵某某、孙某某主讲，某某县卫生院承办", []string{"赵某某", "孙某某", "某某县"}},
		{"【二】20年，我院党建工作稳步推进", []string{"20年"}},
		// One mark for both open digits of a year.
		{"20*年下半年，卫生院将继续；20x年已完成验收", []string{"20*年", "20x年"}},
		// A plenary session left open after the congress.
		{"学习贯彻党的十x大和x中全会精神，十九届x中全会", []string{"十x大", "x中全会", "x中全会"}},
		// Several kinds of place, a central clinic, a place's field of work.
		{"推动XX县区卫生事业发展，某某中心卫生院承办，××县市区参加", []string{"XX县区", "某某中心卫生院", "××县市区"}},
		{"为**经济社会发展作贡献，xx卫生工作取得新进展", []string{"**经济", "xx卫生工作"}},
		// One 某 before a place or unit word; a name ending in 人民医院.
		{"由某县人民医院承办，某镇卫生院协办，XX人民医院参加", []string{"某县", "某镇", "XX人民医院"}},
		// Years in Chinese numerals or with one blank digit.
		{"二〇XX年工作要点，于202_年底前完成", []string{"二〇XX年", "202_年"}},
		// Fields in brackets for the writer to fill; 〇 as a mask.
		{"【单位名称】2027年工作计划，联系人（姓名），〇〇县卫生健康局", []string{"【单位名称】", "（姓名）", "〇〇县"}},
		// Letters set apart from every character of a spaced-out page.
		{"全 县 共 有 XX 县 人 民 医 院 等 3 所", []string{"XX 县"}},
		// A page whose words were blanked out: three or more single
		// underscores between Chinese words stand for words.
		{"组织_职工深入学习_、领会_。认真学习_精神", []string{"_", "_", "_", "_"}},
		// A lone X naming a place, blanks with a measure, an open age bound,
		// a masked dotted date.
		{"X区卫生健康委员会，X县人民医院", []string{"X区", "X县"}},
		{"面积_平方公里，距县城_公里，0_岁儿童", []string{"_平方公里", "_公里", "0_岁"}},
		{"定于2026.xx.xx召开", []string{"2026.xx.xx"}},
	}
	for _, c := range cases {
		got := slots(c.in)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("Extract(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestExtractRejects(t *testing.T) {
	for _, in := range []string{
		"开展CT、DR、MRI检查，ICU床位20张",
		"推行PDCA循环管理，建成5G智慧病房",
		"拍X光片，行X线检查和X射线防护培训",
		"引进GE Revolution CT和Philips X5超声",
		"新增X-ray设备一台",
		"X-X光机对比试验",
		"型号AX-X2的设备",
		"二○二二年工作要点，二○○一年成立",
		"XX世纪九十年代",
		"第XIV届会议，XXI世纪",
		"规格3x3，放大5x倍",
		"详见 http://www.xx.com/xx/index.html 页面",
		"## 一、总体要求",
		"使用Excel表格统计，尺码XXL",
		"a x b 的乘积",
		"工作方案_第1页",
		// One or two single underscores join words; a page tail is not a word.
		"医院工作计划_范文，方案_模板",
		"方案_第1页，方案_第2页，方案_第3页",
		"附件_2.docx",
		"执行（一）项规定()",
		// Names, products and operators with x or marks.
		"实施“415X”人才工程，购置X光机",
		"按X区域划分网格，拍x线片",
		"面积为3×4米，a*b的值",
		"**一、指导思想**\n坚持党的领导",
		"* 加强学习\n***\n",
		"方案_第1页，变量max_len",
		"建院20年，近20年，2020年，",
		"某些科室，某种程度上",
		"某项工作在某一方面",
		"二〇二五年工作要点，一〇〇人",
		"（单位：人）",
		"函数f(x)的值",
	} {
		got := slots(in)
		if in == "执行（一）项规定()" {
			if len(got) != 1 {
				t.Errorf("Extract(%q) = %q, want only the empty ()", in, got)
			}
			continue
		}
		if len(got) != 0 {
			t.Errorf("Extract(%q) = %q, want none", in, got)
		}
	}
}

func TestSpans(t *testing.T) {
	in := "一、總體要求\n參加XX醫院的20XX年X月活動，共X余名黨員。"
	runes := []rune(in)
	ps := Extract(in)
	if len(ps) != 3 {
		t.Fatalf("got %v", ps)
	}
	for _, p := range ps {
		if string(runes[p.Start:p.End]) != p.Text {
			t.Errorf("span [%d,%d) = %q, text %q", p.Start, p.End, string(runes[p.Start:p.End]), p.Text)
		}
	}
	if ps[0].Text != "XX醫院" {
		t.Errorf("text is not as written: %q", ps[0].Text)
	}
}

func TestNoPanicOnOddInput(t *testing.T) {
	for _, s := range []string{"", "X", "x", "20", "20x", "十x", "##", "#", "(", "( ", "○○", "××", "年X", string([]byte{0xff, 'X', 'X'})} {
		for _, p := range Extract(s) {
			if p.Start < 0 || p.End > utf8.RuneCountInString(s) || p.Start >= p.End {
				t.Errorf("Extract(%q): bad span %+v", s, p)
			}
		}
	}
}

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

func TestGoldRecall(t *testing.T) {
	b, err := os.ReadFile(shared.Path(t, "gold", "seeds.json"))
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Files map[string]struct {
			Placeholders []string `json:"placeholders"`
		} `json:"files"`
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	for name, f := range g.Files {
		if len(f.Placeholders) == 0 {
			continue
		}
		d, err := os.ReadFile(shared.Path(t, "corpus", "seeds", name))
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		ps := Extract(string(d))
		for _, p := range ps {
			got[goldKey(p.Text)] = true
		}
		hit := 0
		for _, w := range f.Placeholders {
			if got[goldKey(w)] {
				hit++
			} else {
				t.Logf("%s: missed %q", name, w)
			}
		}
		r := float64(hit) / float64(len(f.Placeholders))
		t.Logf("%s: placeholder recall %.2f (%d/%d), %d predicted", name, r, hit, len(f.Placeholders), len(ps))
		if r < 0.9 {
			t.Errorf("%s: placeholder recall %.2f < 0.9", name, r)
		}
	}
}

// TestNoneInFilledDocument: seed 002 is a filled-in plan; the gold lists
// no placeholders for it, so every slot found there is a false positive.
func TestNoneInFilledDocument(t *testing.T) {
	d, err := os.ReadFile(shared.Path(t, "corpus", "seeds", "002_9058a1a23e0705b8.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if ps := Extract(string(d)); len(ps) != 0 {
		t.Errorf("filled document gave %v", ps)
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
	for _, s := range []string{"XX旗医院", "20xx年X月", "十x大", "##城市", "○○县", "（ ）", "X光", "98.xxxx", "**一**", "____年__", "〔...〕日", "王某某", "20**年", "20年,", "×余万剂次"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := utf8.RuneCountInString(s)
		prev := 0
		for _, p := range Extract(s) {
			if p.Start < prev || p.End > n || p.Start >= p.End {
				t.Fatalf("bad span %+v in %q", p, s)
			}
			prev = p.End
		}
	})
}
