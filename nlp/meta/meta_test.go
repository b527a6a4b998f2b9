package meta

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/internal/shared"
)

func TestDocType(t *testing.T) {
	tests := []struct {
		title, text, want string
	}{
		{"2022年医院党小组工作计划", "", doc.TypePlan},
		{"2024年卫生院党支部工作要点", "", doc.TypePlan},
		{"医院“十四五”党建工作规划", "", doc.TypePlan},
		{"2025年党建工作思路和打算", "", doc.TypePlan},
		{"2023年度医院党委工作总结", "", doc.TypeSummary},
		{"党支部书记抓基层党建工作述职报告", "", doc.TypeSummary},
		{"上半年党建工作汇报", "", doc.TypeSummary},
		{"崀山镇卫生院2011年创先争优活动实施方案", "", doc.TypeScheme},
		{"“清廉医院”建设工作方案", "", doc.TypeScheme},
		{"党员积分制管理实施细则", "", doc.TypeScheme},
		{"XX旗医院三项举措不断提升党建工作水平", "", doc.TypeExperience},
		{"医院党建工作经验材料汇编", "", doc.TypeExperience},
		{"以高质量党建引领医院高质量发展的做法", "", doc.TypeExperience},
		{"2024年政府工作报告", "", doc.TypeReport},
		{"乡镇卫生院基层党建工作发展研究", "", doc.TypeReport},
		{"关于公立医院党建工作的调研与思考", "", doc.TypeReport},
		{"关于开展基层党建调研的通知", "", doc.TypeNotice},
		{"先进党支部推荐材料（县疾控中心第二党支部）", "", doc.TypeExperience},
		{"", "为做好保障工作，经研究，决定成立领导小组，现将领导小组组成和职责分工通知如下。", doc.TypeNotice},
		{"关于2023年度党风廉政建设情况的调研报告", "", doc.TypeReport},
		{"关于印发2024年党建工作要点的通知", "", doc.TypeNotice},
		{"关于加强公立医院党的建设工作的意见", "", doc.TypeNotice},
		{"關於開展主題教育的通知", "", doc.TypeNotice},
		{"2022年醫院黨小組工作計劃 篇1", "", doc.TypePlan},
		{"医院党组织“凝聚力工程”工作总结", "", doc.TypeSummary},
		// Title silent: the opening sentence says it.
		{"", "结合医院实际，现将2025年医院党建工作作出如下计划。\n一、工作思路", doc.TypePlan},
		{"崀山镇卫生院2011年创先争优活动", "实施方案\n为认真贯彻落实……", doc.TypeScheme},
		{"", "2024年以来，在院党委的领导下，现将全年工作总结如下：", doc.TypeSummary},
		{"XX县：“强、促、抓”提升医院党建水平", "近年来，XX县坚持党建引领。\n一、主要做法\n（一）强班子。", doc.TypeExperience},
		{"这是一个没有类型词的标题", "正文内容。", doc.TypeOther},
		{"某某县：“强、促、抓”提升医院党建工作水平", "近年来，某某县坚持党建引领。", doc.TypeExperience},
		{"红色引擎赋能公立医院高质量发展", "", doc.TypeExperience},
		{"", "", doc.TypeOther},
		// Two types joined by a conjunction: the first names the document.
		{"某某卫生院2025年度工作总结及2026年工作打算", "", doc.TypeSummary},
		{"某某醫院2024年工作總結和2025年工作計劃", "", doc.TypeSummary},
		{"党支部上半年工作总结与下半年工作安排", "", doc.TypeSummary},
		{"2026年工作要点暨2025年工作回顾", "", doc.TypePlan},
		{"关于印发2024年工作总结和2025年工作计划的通知", "", doc.TypeNotice},
		{"关于召开年度工作总结暨表彰大会的通知", "", doc.TypeNotice},
		{"2025年工作总结报告", "", doc.TypeSummary},
		// Feature-story words.
		{"某某县人民医院创建“暖心医院”党建品牌纪实", "", doc.TypeExperience},
		{"党建引领促发展——某某卫生院工作侧记", "", doc.TypeExperience},
		{"基层党建工作亮点巡礼", "", doc.TypeExperience},
		{"党建引领聚合力 医防融合惠民生", "党建引领聚合力 医防融合惠民生\n——某某县中医院创建“杏林先锋”党建品牌纪实\n近年来，某某县中医院……", doc.TypeExperience},
		{"红旗飘飘映初心", "红旗飘飘映初心\n—— 某某社区卫生服务中心党支部工作掠影\n", doc.TypeExperience},
		{"关于2024年度党建工作成效的报告", "", doc.TypeReport},
		// A news headline that says how the work is arranged.
		{"四月份院党委党建工作这样安排", "", doc.TypePlan},
		{"某某卫生院创建群众满意卫生院情况汇报", "", doc.TypeSummary},
		// Title silent, the body reports a review meeting or looks back.
		{"", "1月10日，某某县人民医院召开2025年度党支部书记抓党建述职评议会，8名支部书记现场述职。", doc.TypeSummary},
		{"", "同志们：\n回首过去的一年，我们攻坚克难，门诊量再创新高。", doc.TypeSummary},
		{"", "按照考评要求，我们逐项梳理年度任务完成情况。\n一、总体情况\n二、主要做法和成效", doc.TypeSummary},
		{"2025年度某某医院扎实开展主题教育情况", "", doc.TypeSummary},
		{"关于2025年度医疗质量检查情况的通报", "", doc.TypeNotice},
		// A long notice title is still the title.
		{"某某市卫生健康委关于印发2025年全市卫生健康工作总结和2026年全市卫生健康工作要点的通知", "各区县卫生健康局：\n现将2025年工作总结印发给你们。", doc.TypeNotice},
		{"某某卫生院2025年度工作总结暨2026年工作计划：夯实基层网底 守护群众健康", "", doc.TypeSummary},
		{"卫生健康局2025年工作总结及2026年工作计划材料", "", doc.TypeSummary},
		// A norm that mentions reporting on completion is no summary.
		{"", "一、有年度工作计划\n党支部工作计划的落实情况每季度检查一次，每项工作任务完成情况要有汇报总结。", doc.TypeOther},
		// A file name given as the title says nothing.
		{"b07_some_site_page", "现将2025年医院党建工作作出如下计划。", doc.TypePlan},
		// ... but a title a page glued to the first line does.
		{"c09_site_page", "2027 卫生院健康教育工作计划范文一、指导思想坚持预防为主。", doc.TypePlan},
		{"c10_site_page", "（一）有年度工作计划\n每季度检查计划落实情况。", doc.TypeOther},
		// A verb that sets a year's work: news of a plan being made, a review.
		{"", "3月2日，某某卫生院召开支部委员会，研究部署2027年党建工作。", doc.TypePlan},
		{"", "回眸2026年卫生健康党建工作，十个关键词记录奋斗足迹。", doc.TypeSummary},
		{"回眸2026：卫生院党建十件事", "", doc.TypeSummary},
		// A meeting that reviews one year and sets the next is only news.
		{"", "会议总结了2026年机关党建工作，研究部署2027年重点任务。", doc.TypeOther},
		// A scheme says it is one; news that reads out a scheme is not.
		{"", "结合我院实际，制定如下实施方案。\n一、目标", doc.TypeScheme},
		{"", "宣讲组对医院主题教育实施方案进行了解读，并听取了各支部的汇报。", doc.TypeOther},
		// A salutation to units and a phrase that reports to them: a notice,
		// whatever the site's title says.
		{"某某镇村卫生室建设工作计划", "各村卫生室，镇直各单位：\n现将2026年度村卫生室建设考核情况通报如下：", doc.TypeNotice},
		{"2027年护理工作计划", "各科室：\n为进一步提升护理质量，特制定本计划。", doc.TypePlan},
		// A page titled by an organisation's name presents it.
		{"某某县中医院党总支", "某某县中医院始建于1958年，现有职工300人。", doc.TypeExperience},
		{"中心卫生院", "中心卫生院始建于1958年。", doc.TypeOther},
		// More words of the genre's titles.
		{"卫生院2027年党风廉政建设工作部署", "", doc.TypePlan},
		{"社区卫生服务中心2027年度工作设想", "", doc.TypePlan},
		{"医院上半年党建工作小结", "", doc.TypeSummary},
		{"医院党支部党员积分管理办法", "", doc.TypeScheme},
		{"关于推进卫生院党建与业务融合的实施意见", "", doc.TypeScheme},
		{"关于创建群众满意卫生院工作的汇报", "", doc.TypeSummary},
		{"某某县卫生健康局关于义诊活动安排的公告", "", doc.TypeNotice},
	}
	for _, tt := range tests {
		if got := Extract(tt.title, tt.text).DocType; got != tt.want {
			t.Errorf("DocType(%q, %q) = %s, want %s", tt.title, tt.text, got, tt.want)
		}
	}
}

func TestYear(t *testing.T) {
	tests := []struct {
		title, text string
		want        int
	}{
		{"2022年医院党小组工作计划", "", 2022},
		{"二〇二二年工作计划", "为做好2022年工作，制定本计划。", 2022},
		{"医院2019年度工作总结", "", 2019},
		{"20XX年医院党支部工作计划", "2019年我院……", 0},
		{"20xx年党建工作总结", "", 0},
		{"医院党建工作计划", "2025年是“十四五”规划收官之年，现将工作计划如下。", 2025},
		{"医院党建工作计划", "今年以来。\n\n某某医院\n2023年12月28日", 2023},
		{"医院党建工作计划", "正文没有年份。", 0},
		{"党员发展3000人的方案", "", 0},
		// A plan's year is the one its plan word follows, not a summary's.
		{"卫生局工作计划", "一、重点工作\n1、完善2024年工作总结和2025年工作思路；", 2025},
		{"卫生院工作总结", "回顾2024年工作，展望2025年工作计划。", 2024},
		// A founding year is no document's year.
		{"社区卫生服务中心党支部工作总结", "中心成立于2005年，现有职工32人。2025年，我们坚持党建引领。", 2025},
		{"医院党委工作计划", "我院1952年建院，是一所二级甲等医院。2026年，医院党委将围绕中心工作。", 2026},
		// A year the text names as its own, past the opening.
		{"新春致辞", strings.Repeat("我们坚持以人民健康为中心，持续改善医疗服务。\n", 20) + "2026年是医院发展进程中极不平凡的一年。", 2026},
		{"新春致辞", strings.Repeat("我们坚持以人民健康为中心，持续改善医疗服务。\n", 20) + "2019年是新中国成立70周年。", 0},
		// Last resort: the year the body dates an event by, or the year of
		// the notice it carries out; not a founding date.
		{"镇卫生院慢病管理工作方案", strings.Repeat("为做好慢病管理，结合实际制定本方案。\n", 10) + "确保在2027年10月底前通过市级验收。", 2027},
		{"医院爱国卫生月活动总结", strings.Repeat("全院干部职工积极参与。\n", 10) + "我院按照《关于开展 2026 年“爱国卫生月”活动的通知》要求，开展了活动。", 2026},
		{"卫生院工作总结", strings.Repeat("全院干部职工积极参与。\n", 10) + "本院成立于1998年5月，现有职工40人。", 0},
		// A title's year in Chinese numerals.
		{"二〇二七年医院党委工作计划", "为做好党建工作，制定本计划。", 2027},
		{"一九九八年工作总结", "", 1998},
		// A title glued to the first line gives its year.
		{"c09_site_page", "2027 卫生院健康教育工作计划范文一、指导思想坚持预防为主。", 2027},
	}
	for _, tt := range tests {
		if got := Extract(tt.title, tt.text).Year; got != tt.want {
			t.Errorf("Year(%q, %q) = %d, want %d", tt.title, tt.text, got, tt.want)
		}
	}
}

func TestSignature(t *testing.T) {
	tests := []struct {
		name, title, text, org, date string
	}{
		{"org line then date line", "", "正文。\n中共成都市某某区人民医院委员会\n2025年1月16日\n上一篇：某某\n下一篇：某某", "中共成都市某某区人民医院委员会", "2025-01-16"},
		{"org and date on one line", "", "由张三同志负责日常事务。\n某某镇卫生院 2011年4月30日。", "某某镇卫生院", "2011-04-30"},
		{"chinese numeral date", "", "正文。\n某某县卫生健康局\n二〇二五年一月十六日", "某某县卫生健康局", "2025-01-16"},
		{"chinese numeral date with tens", "", "正文。\n某某医院党委\n二〇二三年十二月二十八日", "某某医院党委", "2023-12-28"},
		{"dashed date", "", "正文。\n某某社区党支部\n2024-03-05", "某某社区党支部", "2024-03-05"},
		{"dotted date", "", "正文。\n某某街道办事处\n2025.1.16", "某某街道办事处", "2025-01-16"},
		{"traditional", "", "正文。\n某某醫院黨總支\n2022年3月1日", "某某医院党总支", "2022-03-01"},
		{"date inside a sentence is no signature", "", "正文。\n3月底前，在2024年3月31日前完成换届。", "", ""},
		{"title org when no signature", "崀山镇卫生院2011年创先争优活动实施方案", "正文。", "崀山镇卫生院", ""},
		{"title org before 关于", "某某市中医医院党委关于开展主题党日活动的通知", "正文。", "某某市中医医院党委", ""},
		{"title org before a subject", "XX旗医院三项举措不断提升党建工作水平", "正文。", "XX旗医院", ""},
		{"title starting with a verb has no org", "加强医院党建工作的实施方案", "正文。", "", ""},
		{"title starting with year has no org", "2022年医院党小组工作计划", "正文。", "", ""},
		{"bare suffix is no org", "医院党组织“凝聚力工程”工作总结", "正文。", "", ""},
		{"generic issuer is no org", "卫生院党支部开展主题党日活动实施方案", "正文。", "", ""},
		{"generic compound is no org", "中心卫生院创先争优活动方案", "正文。", "", ""},
		{"named bureau", "市卫健局三项举措稳步推进公立医院党建工作", "正文。", "市卫健局", ""},
		{"numeral-led experience title has no org", "三举措着力打造公立医院党建工作品牌", "正文。", "", ""},
		{"org before a colon", "某某县人民医院：“三个坚持”提升党建质量", "正文。", "某某县人民医院", ""},
		{"signature beats title", "某某医院2024年工作计划", "正文。\n某某医院党委办公室\n2024年2月1日", "某某医院党委办公室", "2024-02-01"},
		{"long body line before date is not org", "", "全院干部职工要统一思想提高认识切实把各项工作落到实处确保取得实效\n2024年2月1日", "", "2024-02-01"},
		{"invalid date", "", "正文。\n某某医院\n2024年13月40日", "", ""},
		{"red-head header", "关于开展主题党日活动的通知", "中共某某县卫生健康局委员会文件\n某卫党发〔2024〕3号\n各支部：\n正文。", "中共某某县卫生健康局委员会", ""},
		{"issuer label", "", "发文机关：某某市第一人民医院\n正文。", "某某市第一人民医院", ""},
		{"ordinal inside a hospital name", "市第三人民医院党委2026年党建工作总结", "正文。", "市第三人民医院党委", ""},
		{"ordinal hospital after a county", "某某县第二人民医院关于开展义诊活动的通知", "正文。", "某某县第二人民医院", ""},
		{"traditional ordinal hospital", "市第一醫院黨委2025年工作計劃", "正文。", "市第一医院党委", ""},
		{"ordinal period ends the org", "某某卫生院第一季度党建工作计划", "正文。", "某某卫生院", ""},
		{"ordinal batch ends the org", "某某医院第二批主题教育实施方案", "正文。", "某某医院", ""},
		{"document-number line is no header", "", "某卫党发〔2024〕3号文件\n正文。", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Extract(tt.title, tt.text)
			if m.Org != tt.org || m.Date != tt.date {
				t.Errorf("got org %q date %q, want %q %q", m.Org, m.Date, tt.org, tt.date)
			}
		})
	}
}

func TestTables(t *testing.T) {
	types := map[string]bool{doc.TypePlan: true, doc.TypeSummary: true, doc.TypeScheme: true,
		doc.TypeExperience: true, doc.TypeReport: true, doc.TypeNotice: true}
	for _, list := range [][]typeWord{typeWords, bodyTypeWords, yearVerbs} {
		seen := map[string]bool{}
		for _, w := range list {
			if w.word == "" || seen[w.word] || !types[w.typ] {
				t.Errorf("bad type word %+v", w)
			}
			seen[w.word] = true
		}
	}
	for _, s := range orgSuffixes {
		if s == "" {
			t.Error("empty org suffix")
		}
	}
	for r := range cnDateDigits {
		if hanYear(string([]rune{r, r, r, r})) != cnDateDigits[r]*1111 {
			t.Errorf("hanYear of %q", r)
		}
	}
	for s, want := range map[string]int{"一": 1, "十": 10, "十二": 12, "二十": 20, "三十一": 31, "甲": 0} {
		if got := hanNum(s); got != want {
			t.Errorf("hanNum(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestGold checks the labelled documents: seed 002 whole, and the part of
// seed 003 that ends at the cue (its scheme is the last one in the file).
func TestGold(t *testing.T) {
	type gdoc struct {
		Cue     string `json:"cue"`
		DocType string `json:"doc_type"`
		Year    int    `json:"year"`
		Org     string `json:"org"`
		Date    string `json:"date"`
	}
	var g struct {
		Files map[string]struct {
			Docs []gdoc `json:"docs"`
		} `json:"files"`
	}
	b, err := os.ReadFile(shared.Path(t, "gold", "seeds.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		data, err := os.ReadFile(shared.Path(t, "corpus", "seeds", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	find := func(name, cue string) gdoc {
		for _, d := range g.Files[name].Docs {
			if d.Cue == cue {
				return d
			}
		}
		t.Fatalf("gold for %s %q missing", name, cue)
		return gdoc{}
	}

	text := read("002_9058a1a23e0705b8.txt")
	first, _, _ := strings.Cut(text, "\n")
	want := find("002_9058a1a23e0705b8.txt", "现将2025年医院党建工作作出如下计划")
	got := Extract(first, text)
	if got.DocType != want.DocType || got.Year != want.Year || got.Org != want.Org || got.Date != want.Date {
		t.Errorf("seed 002: got %+v, want %+v", got, want)
	}

	// Seed 003: the last scheme starts at its title line.
	text = read("003_fa072e7aee8cd29d.txt")
	i := strings.LastIndex(text, "崀山镇卫生院2011年创先争优活动")
	if i < 0 {
		t.Fatal("seed 003 title not found")
	}
	part := text[i:]
	title, _, _ := strings.Cut(part, "\n")
	want = find("003_fa072e7aee8cd29d.txt", "由彭湘东同志负责处理日常事务")
	got = Extract(title, part)
	if got.DocType != want.DocType || got.Year != want.Year || got.Date != want.Date || got.Org != "崀山镇卫生院" {
		t.Errorf("seed 003: got %+v, want %+v", got, want)
	}
}

func FuzzExtract(f *testing.F) {
	f.Add("2022年医院工作计划", "正文。\n某某医院\n2022年1月1日")
	f.Add("", "二〇二五年十三月四十日")
	f.Add("XX医院关于", "发文机关：\n2025.1.")
	f.Fuzz(func(t *testing.T, title, text string) {
		m := Extract(title, text)
		if m.DocType == "" {
			t.Fatal("empty doc type")
		}
		if m.Date != "" && len(m.Date) != len("2006-01-02") {
			t.Fatalf("bad date %q", m.Date)
		}
	})
}

func TestTitleRules(t *testing.T) {
	for head, want := range map[string]string{
		"市第三人民医院党委": "市第三人民医院党委", "某某卫生院第一季度": "某某卫生院", "某某医院第二批": "某某医院",
		"某某中心第5次": "某某中心", "第二党支部": "第二党支部", "某某医院": "某某医院",
	} {
		if got := head[:ordinalStop(head)]; got != want {
			t.Errorf("ordinalStop(%q) keeps %q, want %q", head, got, want)
		}
	}
	for between, want := range map[string]bool{
		"及2027年工作": true, "和下一步工作": true, "暨表彰大会的": false, "工作": false,
		"与下半年工作安排及其他十分重要的事项": false,
	} {
		if got := joined(between); got != want {
			t.Errorf("joined(%q) = %v, want %v", between, got, want)
		}
	}
	for text, want := range map[string]string{
		"标题\n——某某医院党建纪实\n正文": "某某医院党建纪实", "标题\n正文\n": "", "——\n正文": "",
	} {
		if got := subtitle(splitLines(text)); got != want {
			t.Errorf("subtitle(%q) = %q, want %q", text, got, want)
		}
	}
}

func BenchmarkExtract(b *testing.B) {
	data, err := os.ReadFile(shared.Path(b, "corpus", "seeds", "003_fa072e7aee8cd29d.txt"))
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	title, _, _ := strings.Cut(text, "\n")
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		Extract(title, text)
	}
}
