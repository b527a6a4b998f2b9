package clean

import (
	"strings"
	"testing"

	"github.com/planmine/planmine/ingest/raw"
)

func paras(lines ...string) []raw.Para {
	ps := make([]raw.Para, len(lines))
	for i, l := range lines {
		ps[i] = raw.Para{Text: l}
	}
	return ps
}

func partText(p Part) string {
	var b strings.Builder
	for _, q := range p.Paras {
		b.WriteString(q.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

// body is filler long enough to count as a document body: one sentence
// of the genre repeated.
func body(s string, n int) string { return strings.Repeat(s, n) }

const sent = "坚持以人民健康为中心，持续改进医疗服务质量，切实加强党员队伍建设，推动医院高质量发展。"

func TestSplitPian(t *testing.T) {
	in := paras(
		"当前位置:某某范文网 >", "",
		"2024年卫生院党支部工作计划(通用3篇)",
		"2024年卫生院党支部工作计划 篇1", "一、指导思想", body(sent, 3),
		"2024年卫生院党支部工作计划(通用3篇)",
		"2024年卫生院党支部工作计划 篇2", "一、工作目标", body(sent, 2),
		"2024年卫生院党支部工作计划(通用3篇)",
		"2024年卫生院党支部工作计划 篇3", "一、主要任务", body(sent, 2),
		"版权所有 某某范文网 转载请注明出处",
	)
	parts := Split("x.txt", in)
	if len(parts) != 3 {
		t.Fatalf("got %d parts, want 3", len(parts))
	}
	for i, p := range parts {
		if p.Title != "2024年卫生院党支部工作计划" {
			t.Errorf("part %d title %q", i+1, p.Title)
		}
		txt := partText(p)
		for _, bad := range []string{"通用3篇", "当前位置", "版权所有", "篇"} {
			if strings.Contains(txt, bad) {
				t.Errorf("part %d keeps %q", i+1, bad)
			}
		}
	}
}

func TestSplitCompilation(t *testing.T) {
	in := paras(
		"某县人民医院“三个聚焦”强化党建引领(1)"+body(sent, 4),
		"某市中医院打造“红色杏林”党建品牌(2)"+body(sent, 4)+"某区妇幼保健院党建业务深度融合(3)"+body(sent, 4),
	)
	parts := Split("汇编.txt", in)
	want := []string{"某县人民医院“三个聚焦”强化党建引领", "某市中医院打造“红色杏林”党建品牌", "某区妇幼保健院党建业务深度融合"}
	if len(parts) != len(want) {
		t.Fatalf("got %d parts, want %d", len(parts), len(want))
	}
	for i, p := range parts {
		if p.Title != want[i] {
			t.Errorf("part %d title %q, want %q", i+1, p.Title, want[i])
		}
		if p.Paras[0].Text != want[i] {
			t.Errorf("part %d first para %q", i+1, p.Paras[0].Text)
		}
		if strings.Contains(partText(p), "(") {
			t.Errorf("part %d keeps its (N) marker", i+1)
		}
	}
}

// TestSplitCounted: collection pages numbering their pieces with a
// counter alone on its line or after a repeated title.
func TestSplitCounted(t *testing.T) {
	piece := body(sent, 4)
	runPages(t, []pageCase{
		{
			name:   "loneBracketed",
			lines:  []string{"卫生院党支部工作计划(精选3篇)", "【篇一】", "2025年卫生院党支部工作计划", piece, "【篇二】", "2025年卫生院党支部工作计划", piece, "【篇三】", "2025年卫生院党支部工作计划", piece},
			titles: []string{"2025年卫生院党支部工作计划", "2025年卫生院党支部工作计划", "2025年卫生院党支部工作计划"},
			gone:   []string{"【篇", "精选3篇"},
		},
		{
			// Pieces without titles of their own take the page's.
			name:   "loneBare",
			lines:  []string{"社区卫生服务中心工作总结", "篇一", piece, "篇二", piece},
			titles: []string{"社区卫生服务中心工作总结", "社区卫生服务中心工作总结"},
		},
		{
			name:   "titledCounters",
			lines:  []string{"医院团委工作计划范文", "医院团委工作计划范文一", piece, "医院团委工作计划范文二", piece, "医院团委工作计划范文三", piece},
			titles: []string{"医院团委工作计划", "医院团委工作计划", "医院团委工作计划"},
		},
		{
			name:   "titledBracketCounters",
			lines:  []string{"疾控中心健康教育工作计划（一）", piece, "疾控中心健康教育工作计划（二）", piece},
			titles: []string{"疾控中心健康教育工作计划", "疾控中心健康教育工作计划"},
		},
		{
			// One piece shown: its counter goes, nothing is split.
			name:   "onePiece",
			lines:  []string{"【篇一】", "2025年卫生院党支部工作计划", piece},
			titles: []string{"2025年卫生院党支部工作计划"},
			gone:   []string{"【篇一】"},
		},
		{
			// A list of article titles carries no bodies.
			name:   "articleList",
			lines:  []string{"2025年卫生院党支部工作计划", "第一篇", "第二篇", piece},
			titles: []string{"2025年卫生院党支部工作计划"},
		},
	})
}

func TestIssuedNames(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"现将《2025年全县卫生健康工作要点》印发给你们,请认真贯彻落实。", []string{"2025年全县卫生健康工作要点"}},
		{"局党委制定了《全系统“七一”系列活动方案》,现印发给你们,请遵照执行。", []string{"全系统“七一”系列活动方案"}},
		{"《2025年工作总结》和《2026年工作要点》已经局务会研究同意,现印发给各单位。", []string{"2025年工作总结", "2026年工作要点"}},
		{"根据《中国共产党支部工作条例(试行)》要求,结合实际制定本方案。", nil},
		{"认真学习《条例》,把学习成果印发给全体党员。", nil},
	}
	for _, tt := range tests {
		got := issuedNames(tt.in)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("issuedNames(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSmallNumber(t *testing.T) {
	for in, want := range map[string]int{"1": 1, "12": 12, "一": 1, "九": 9, "十": 10, "十二": 12, "二十": 20, "二十三": 23, "": -1, "甲": -1} {
		if got := smallNumber(in); got != want {
			t.Errorf("smallNumber(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestSplitCompilationNegative(t *testing.T) {
	// Numbered list items inside one plan are not a compilation.
	in := paras(
		"某卫生院2024年党建工作计划",
		"一、主要措施",
		"加强学习教育(1)每月集中学习一次；坚持“三会一课”制度(2)每季度讲一次党课；",
		body(sent, 4),
	)
	if parts := Split("plan.txt", in); len(parts) != 1 {
		t.Fatalf("got %d parts, want 1", len(parts))
	}
}

func TestSplitGluedSchemes(t *testing.T) {
	in := paras(
		"某镇卫生院创先争优活动实施方案为认真贯彻落实上级部署，"+body(sent, 4),
		"一、指导思想", body(sent, 2)+"某县中医院创先争优活动实施方案根据县委统一部署，"+body(sent, 4),
		"某乡卫生院深入开展创先争优活动方案",
		"某乡卫生院是辖区群众的健康守门人。"+body(sent, 4),
	)
	parts := Split("schemes.txt", in)
	want := []string{"某镇卫生院创先争优活动实施方案", "某县中医院创先争优活动实施方案", "某乡卫生院深入开展创先争优活动方案"}
	if len(parts) != len(want) {
		for _, p := range parts {
			t.Logf("part %q", p.Title)
		}
		t.Fatalf("got %d parts, want %d", len(parts), len(want))
	}
	for i, p := range parts {
		if p.Title != want[i] {
			t.Errorf("part %d title %q, want %q", i+1, p.Title, want[i])
		}
	}
	if !strings.HasPrefix(parts[1].Paras[1].Text, "根据县委统一部署") {
		t.Errorf("part 2 body starts %q", parts[1].Paras[1].Text)
	}
}

func TestSplitSingleDocument(t *testing.T) {
	tests := []struct {
		name  string
		in    []raw.Para
		title string
	}{
		{"a/护理部总结.txt", paras(
			"来源：某某日报",
			"某医院护理部2024年工作总结",
			"一、主要工作", body(sent, 3),
			"为进一步做好明年工作，特制定如下工作计划。", body(sent, 3),
			"二、下一步工作计划", body(sent, 3),
		), "某医院护理部2024年工作总结"},
		{"b/无标题文档.txt", paras(
			"2025年是全面深化改革的关键之年，现将本年度工作安排如下。",
			"一、工作思路", body(sent, 3),
		), "无标题文档"},
		{"c/report.docx", paras(
			"各位代表：", "现在，我代表市人民政府向大会报告工作。", body(sent, 3),
		), "report"},
	}
	for _, tt := range tests {
		parts := Split(tt.name, tt.in)
		if len(parts) != 1 {
			t.Errorf("%s: got %d parts, want 1", tt.name, len(parts))
			continue
		}
		if parts[0].Title != tt.title {
			t.Errorf("%s: title %q, want %q", tt.name, parts[0].Title, tt.title)
		}
		if strings.Contains(partText(parts[0]), "来源") {
			t.Errorf("%s: source line kept", tt.name)
		}
	}
}

func TestSplitEmpty(t *testing.T) {
	for _, in := range [][]raw.Para{nil, paras("", "  ", "\u200b"), paras("上一篇：某某", "网站地图", "Copyright 2024")} {
		if parts := Split("x.txt", in); len(parts) != 0 {
			t.Errorf("Split(%v) = %d parts, want 0", in, len(parts))
		}
	}
}

func TestSplitKeepsHints(t *testing.T) {
	in := []raw.Para{
		{Text: "某医院2024年党建工作计划", Style: "Title"},
		{Text: "一、指导思想", Level: 1, Style: "Heading 1", Number: "一、"},
		{Text: "（一）加强学习", Level: 2, Style: "Heading 2", Number: "（一）"},
		{Text: body(sent, 3), Page: 2, InTable: true},
		{Text: "\u200b（二）强化监督", Level: 2, Number: "（二）"},
	}
	parts := Split("x.docx", in)
	if len(parts) != 1 {
		t.Fatalf("got %d parts", len(parts))
	}
	ps := parts[0].Paras
	if len(ps) != 5 {
		t.Fatalf("got %d paras, want 5", len(ps))
	}
	if ps[1].Level != 1 || ps[1].Number != "一、" || ps[1].Style != "Heading 1" {
		t.Errorf("heading hints lost: %+v", ps[1])
	}
	if ps[3].Page != 2 || !ps[3].InTable {
		t.Errorf("page/table hints lost: %+v", ps[3])
	}
	if ps[4].Text != "（二）强化监督" || ps[4].Number != "（二）" {
		t.Errorf("para 5 = %+v", ps[4])
	}
}

func TestPageDebris(t *testing.T) {
	long := "医院始终坚持以患者为中心，不断完善就诊环境，提升服务质量，组织党员深入农村开展义诊"
	in := paras(
		"1、某旗医院三项举措提升党建水平"+long+"和健康宣讲等活动，推动党员发展",
		"2、对象的培养工作。"+long+"及送医送药活动并及时召开党员大会或职工代表大会",
		"3、。定期深入职工中间，关心职工思想。"+long+"，做到热心接待，细心问诊，耐心解惑",
		"4、，爱心呵护。",
	)
	parts := Split("x.txt", in)
	if len(parts) != 1 || len(parts[0].Paras) != 1 {
		t.Fatalf("want one joined paragraph, got %#v", parts)
	}
	got := parts[0].Paras[0].Text
	for _, want := range []string{"党员发展对象的培养", "职工代表大会。定期", "耐心解惑，爱心呵护。"} {
		if !strings.Contains(got, want) {
			t.Errorf("joined text lacks %q", want)
		}
	}
	if strings.HasPrefix(got, "1、") {
		t.Errorf("page number 1 kept")
	}
}

func TestPageDebrisNegative(t *testing.T) {
	// Real list items after sentence ends and short headings stay.
	in := paras(
		"二、主要措施",
		"1、加强理论学习。每月组织一次集中学习，全年不少于十二次，学习笔记不少于一万字。",
		"2、严格组织生活。认真落实“三会一课”制度，每季度至少讲一次党课。",
		"3、强化作风建设。持续整治形式主义、官僚主义，营造风清气正的良好氛围。",
		"三、保障措施",
		"1、组织保障",
		"2、制度保障",
		"3、经费保障",
		"4、监督保障",
	)
	parts := Split("x.txt", in)
	if len(parts) != 1 {
		t.Fatalf("got %d parts", len(parts))
	}
	if got, want := len(parts[0].Paras), len(in); got != want {
		t.Fatalf("got %d paras, want %d", got, want)
	}
	for i, p := range parts[0].Paras {
		if p.Text != in[i].Text {
			t.Errorf("para %d changed: %q -> %q", i, in[i].Text, p.Text)
		}
	}
}

func TestBlankRunsCollapse(t *testing.T) {
	parts := Split("x.txt", paras("", "某医院工作计划", "", "", "", "一、目标", body(sent, 2), "", ""))
	if len(parts) != 1 {
		t.Fatalf("got %d parts", len(parts))
	}
	var texts []string
	for _, p := range parts[0].Paras {
		texts = append(texts, p.Text)
	}
	want := []string{"某医院工作计划", "", "一、目标", body(sent, 2)}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Errorf("paras = %q, want %q", texts, want)
	}
}

func TestLicenceFooter(t *testing.T) {
	var in []string
	for i := 0; i < 20; i++ {
		in = append(in, body(sent, 1))
	}
	in = append(in, "", "本作品是某国的法律、法规，根据《", "著作权法", "》第五条，属于", "公有领域", "。", "Public domain", "false")
	parts := Split("r_u8.txt", paras(in...))
	if len(parts) != 1 {
		t.Fatalf("got %d parts", len(parts))
	}
	txt := partText(parts[0])
	if strings.Contains(txt, "本作品") || strings.Contains(txt, "Public") || strings.Contains(txt, "false") {
		t.Errorf("licence footer kept: %q", txt[len(txt)-200:])
	}
	// A sentence that starts with 本作品 inside the text is content.
	in2 := []string{"本作品集收录了全院职工的优秀征文。", body(sent, 3), body(sent, 3)}
	if p := Split("x.txt", paras(in2...)); len(p) != 1 || len(p[0].Paras) != 3 {
		t.Errorf("content line lost: %#v", p)
	}
}
func TestSplitNoticeAndExcerpts(t *testing.T) {
	runPages(t, []pageCase{
		{
			name: "notice",
			lines: []string{
				"某某市卫生健康委关于印发2025年全市卫生健康工作要点的通知",
				"某卫健发〔2025〕3号",
				"某某市卫生健康委关于印发",
				"2025年全市卫生健康工作要点的通知",
				"各区县卫生健康局，委属各单位：",
				"现将《2025年全市卫生健康工作要点》印发给你们，请结合实际认真贯彻落实。",
				"某某市卫生健康委员会",
				"2025年3月1日",
				"2025年全市卫生健康工作要点",
				"2025年全市卫生健康工作的总体要求是：坚持以人民健康为中心，推动卫生健康事业高质量发展。",
				"一、深化医药卫生体制改革",
			},
			titles: []string{"某某市卫生健康委关于印发2025年全市卫生健康工作要点的通知", "2025年全市卫生健康工作要点"},
			kept:   []string{"某卫健发〔2025〕3号", "请结合实际认真贯彻落实"},
		},
		{
			// The attachment's own title may add a qualifier.
			name: "noticeQualified",
			lines: []string{
				"某某县卫生健康局关于印发《基层医疗机构党建工作考核办法》的通知",
				"各乡镇卫生院：",
				"现将《基层医疗机构党建工作考核办法》印发给你们，请遵照执行。",
				"某某县卫生健康局",
				"2025年4月2日",
				"基层医疗机构党建工作考核办法（试行）",
				"第一条 为规范基层医疗机构党建工作考核，制定本办法。",
			},
			titles: []string{"某某县卫生健康局关于印发《基层医疗机构党建工作考核办法》的通知", "基层医疗机构党建工作考核办法（试行）"},
		},
		{
			// A cover without a title of its own names what it issues.
			name: "noticeUntitledCover",
			lines: []string{
				"各乡镇卫生院，局属各单位：",
				"现将《2025年全县卫生健康工作要点》印发给你们，请结合实际认真贯彻落实。",
				"某某县卫生健康局",
				"2025年3月1日",
				"2025年全县卫生健康工作要点",
				"2025年全县卫生健康工作的总体要求是：坚持以人民健康为中心，推动卫生健康事业高质量发展。",
				"一、深化医药卫生体制改革",
			},
			titles: []string{"noticeUntitledCover", "2025年全县卫生健康工作要点"},
		},
		{
			// A notice of an undertaking (关于开展…的通知) attaching its scheme.
			name: "noticeOfActivity",
			lines: []string{
				"中共某某县卫生健康局委员会关于开展“七一”系列活动的通知",
				"各基层党组织：",
				"为庆祝建党104周年，局党委制定了《全县卫生健康系统“七一”系列活动方案》，现印发给你们，请认真组织实施。",
				"中共某某县卫生健康局委员会",
				"2025年6月10日",
				"全县卫生健康系统“七一”系列活动方案",
				"一、开展主题党日活动",
				"6月下旬，各基层党组织结合实际开展主题党日活动。",
			},
			titles: []string{"中共某某县卫生健康局委员会关于开展“七一”系列活动的通知", "全县卫生健康系统“七一”系列活动方案"},
		},
		{
			// A cover listing its attachments, each under its label.
			name: "noticeAttachmentList",
			lines: []string{
				"某某县卫生健康局关于印发两个方案的通知",
				"各乡镇卫生院：",
				"为加强基层党建工作，我局制定了以下文件，现印发给你们，请认真贯彻落实。",
				"附件：1.某某县卫生健康系统党支部标准化建设实施方案",
				"2.某某县卫生健康系统党员积分管理办法",
				"某某县卫生健康局",
				"2025年3月1日",
				"附件1",
				"某某县卫生健康系统党支部标准化建设实施方案",
				"为推进党支部标准化规范化建设，制定本方案。",
				"附件2",
				"某某县卫生健康系统党员积分管理办法",
				"第一条 为加强党员教育管理，制定本办法。",
			},
			titles: []string{"某某县卫生健康局关于印发两个方案的通知", "某某县卫生健康系统党支部标准化建设实施方案", "某某县卫生健康系统党员积分管理办法"},
		},
		{
			// A report that mentions an issued document it does not hold.
			name: "issuedNotAttached",
			lines: []string{
				"县卫健局召开2025年全县卫生健康工作会议",
				"3月5日，县卫健局召开全县卫生健康工作会议，会上将《2025年全县卫生健康工作要点》印发给各单位。",
				"会议要求，各单位要对照工作要点，细化任务分工，确保各项工作落到实处。",
			},
			titles: []string{"县卫健局召开2025年全县卫生健康工作会议"},
		},
		{
			// Without the notice's cover text the page holds the attached
			// document alone, under its own title.
			name: "noticeTitleOnly",
			lines: []string{
				"关于印发某某县紧密型医共体建设实施方案的通知",
				"某某县紧密型医共体建设",
				"实施方案",
				"为推进县域医疗卫生资源整合，制定本实施方案。",
				"一、总体目标",
			},
			titles: []string{"某某县紧密型医共体建设实施方案"},
		},
		{
			name: "excerpts",
			lines: []string{
				"卫生院工作计划范文8篇",
				"卫生院工作计划",
				"一、加强党建工作",
				"1、全年召开支部党员大会4次；",
				"查看全文",
				"卫生院工作计划二",
				"一、提升医疗质量",
				"1、开展院内业务培训12次；",
				"查看全文",
				"卫生院工作计划",
				"(一)完善公共卫生服务",
				"1.全年建立居民健康档案3000份。",
			},
			titles: []string{"卫生院工作计划", "卫生院工作计划", "卫生院工作计划"},
			gone:   []string{"查看全文", "范文8篇"},
			kept:   []string{"卫生院工作计划二", "建立居民健康档案3000份"},
		},
		{
			// A news report naming a summary speech is one document.
			name: "newsNoSplit",
			lines: []string{
				"12月26日，县妇幼保健院召开2024年度党支部书记述职评议会，院领导班子成员、全体党员等60余人参加。会议由党委副书记主持。" +
					"各党支部书记围绕政治建设、党建与业务融合等方面进行述职，参会人员对4个党支部进行了民主测评。",
				"党委书记王某作总结讲话，对各支部一年来的工作给予肯定，并对下一步工作提出明确要求。他指出，各支部要坚持问题导向，以高质量党建引领医院高质量发展，" +
					"切实把党建优势转化为发展优势，为守护妇女儿童健康贡献力量。",
			},
			titles: []string{"newsNoSplit"},
		},
		{
			name:   "conjoined",
			lines:  []string{"县卫生健康局2024年工作总结及2025年工作思路2024年以来，县卫生健康局坚持以人民健康为中心，扎实推进各项工作。" + body(sent, 6)},
			titles: []string{"县卫生健康局2024年工作总结及2025年工作思路"},
		},
	})
}

// TestPreambleSentencesKept: sentences before the first title-like line
// are text a reader wrote. Too short for a document of their own, they
// open the first document; they are never dropped.
func TestPreambleSentencesKept(t *testing.T) {
	for _, c := range []struct {
		name, text string
		parts      int
	}{
		{"salutation before a section named like a title",
			"各位代表！\n我代表县人民政府，向大会报告工作，请予审议。\n\n过去一年卫生健康工作总结\n一年来，全县卫生健康系统认真落实各项部署，门诊量稳步增长，群众满意度持续提高，基层服务能力明显增强，各项任务圆满完成。", 1},
		{"a title and one sentence before the next title",
			"某某县中医院党总支2026年工作计划\n（12）建立患者回访制度，及时了解患者对医院服务的满意度，改善服务品质。\n某某中心卫生院创先争优活动方案\n为了提升医院的服务水平，提高医务人员的业务素质，中心卫生院决定开展创先争优活动。以下是本方案的主要内容，请各科室认真组织实施，确保活动取得实效。", 1},
	} {
		parts := Split("x.txt", splitText(c.text))
		var all string
		for _, p := range parts {
			all += partText(p)
		}
		if len(parts) != c.parts {
			t.Errorf("%s: %d parts, want %d", c.name, len(parts), c.parts)
		}
		for _, want := range []string{"请予审议", "改善服务品质"} {
			if strings.Contains(c.text, want) && !strings.Contains(all, want) {
				t.Errorf("%s: %q was dropped", c.name, want)
			}
		}
	}
}

// nextSentenceStartRef is nextSentenceStart byte by byte.
func nextSentenceStartRef(f string, i int) int {
	for ; i < len(f); i++ {
		switch f[i] {
		case '!', '?':
			return i + 1
		case "。"[0]:
			if strings.HasPrefix(f[i:], "。") {
				return i + len("。")
			}
		}
	}
	return -1
}

func FuzzNextSentenceStart(f *testing.F) {
	f.Add("第一句。第二句!第三句?", 0)
	f.Add("\xe3\x80\x82\xe3\x80", 1)
	// Stops past the first search windows, and one across their edge.
	f.Add(strings.Repeat("a", 127)+"。"+strings.Repeat("b", 300)+"!", 0)
	f.Add(strings.Repeat("a", 126)+"。", 0)
	f.Add(strings.Repeat("甲", 300)+"?"+strings.Repeat("乙", 100)+"。", 2)
	f.Add(strings.Repeat("甲", 1000), 0)
	f.Fuzz(func(t *testing.T, s string, i int) {
		if i < 0 || i > len(s) {
			return
		}
		if got, want := nextSentenceStart(s, i), nextSentenceStartRef(s, i); got != want {
			t.Errorf("nextSentenceStart(%q, %d) = %d, want %d", s, i, got, want)
		}
	})
}

func FuzzHasPianWord(f *testing.F) {
	for _, s := range []string{"", "篇", "工作计划范文", "范\xe6\x96\x87", "\x87篇", "文章", "第三篇总结", "范", "\xe8\x8c\x83\xe6\x96"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := hasPianWord(s, true), strings.Contains(s, "篇") || strings.Contains(s, "范文"); got != want {
			t.Errorf("hasPianWord(%q, true) = %v, want %v", s, got, want)
		}
		if got, want := hasPianWord(s, false), strings.Contains(s, "篇"); got != want {
			t.Errorf("hasPianWord(%q, false) = %v, want %v", s, got, want)
		}
	})
}
