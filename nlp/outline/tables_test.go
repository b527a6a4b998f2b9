package outline

import (
	"strings"
	"testing"

	"github.com/planmine/planmine/ingest/fold"
)

func TestParseMarker(t *testing.T) {
	tests := []struct {
		line   string
		ok     bool
		typ    markerType
		n      int
		number string
	}{
		{"一、指导思想", true, typeCN, 1, "一"},
		{"十二、其他", true, typeCN, 12, "十二"},
		{"二十三、附则", true, typeCN, 23, "二十三"},
		{"三.工作要求", true, typeCN, 3, "三"},
		{"（一）强化领导", true, typeCNParen, 1, "一"},
		{"(四)加强建设", true, typeCNParen, 4, "四"},
		{"(一)、完善制度", true, typeCNParen, 1, "一"},
		{"1.加强学习", true, typeArabicDot, 1, "1"},
		{"１．加强学习", true, typeArabicDot, 1, "1"},
		{"12. 加强学习", true, typeArabicDot, 12, "12"},
		{"3、严格考核", true, typeArabicDun, 3, "3"},
		{"（2）按时交纳", true, typeArabicParen, 2, "2"},
		{"(10)其他", true, typeArabicParen, 10, "10"},
		{"2)个人自学", true, typeArabicHalf, 2, "2"},
		{"①集中学习", true, typeCircled, 1, "1"},
		{"⑳最后一项", true, typeCircled, 20, "20"},
		{"⑵第二项", true, typeArabicParen, 2, "2"},
		{"第一部分 总体要求", true, "第部分", 1, "一"},
		{"第三章：组织", true, "第章", 3, "三"},
		{"第十五条 党员应当", true, "第条", 15, "十五"},
		{"第2节 要求", true, "第节", 2, "2"},
		{"二）严格管理", true, typeCNHalf, 2, "二"},
		{"三 、保障措施", true, typeCN, 3, "三"},
		{"关键词三：守正创新", true, "关键词一", 3, "三"},
		{"亮点2、家庭医生签约提速", true, "亮点一", 2, "2"},
		{"镜头一 义诊进村", true, "镜头一", 1, "一"},
		// Not headings.
		{"一是抓学习", false, "", 0, ""},
		{"亮点一是服务下沉", false, "", 0, ""},
		{"关键词是担当", false, "", 0, ""},
		{"成效明显，群众满意", false, "", 0, ""},
		{"一要提高认识", false, "", 0, ""},
		{"一，", false, "", 0, ""},
		{"2025.全年", false, "", 0, ""},
		{"2025年全年", false, "", 0, ""},
		{"3.5亿元", false, "", 0, ""},
		{"1.1 概述", true, typeDecimal, 1, "1.1"},
		{"2.3质控小组", true, typeDecimal, 3, "2.3"},
		{"2.5倍", false, "", 0, ""},
		{"1.25万人", false, "", 0, ""},
		{"1.2.3细则", false, "", 0, ""},
		{"第一篇 卫生院工作总结", false, "", 0, ""},
		{"第2篇:支部计划", false, "", 0, ""},
		{"100、一百", false, "", 0, ""},
		{"0.无", false, "", 0, ""},
		{"第一阶段：动员", false, "", 0, ""},
		{"第一，要提高", false, "", 0, ""},
		{"一、", false, "", 0, ""},
		{"（一）", false, "", 0, ""},
		{"(甲)其他", false, "", 0, ""},
		{"两、三个", false, "", 0, ""},
		{"今年以来", false, "", 0, ""},
		{"", false, "", 0, ""},
	}
	for _, tt := range tests {
		m, ok := parseMarker([]rune(fold.Text(tt.line)))
		if ok != tt.ok {
			t.Errorf("parseMarker(%q) ok = %v, want %v", tt.line, ok, tt.ok)
			continue
		}
		if ok && (m.typ != tt.typ || m.n != tt.n || m.number != tt.number) {
			t.Errorf("parseMarker(%q) = %q %d %q, want %q %d %q", tt.line, m.typ, m.n, m.number, tt.typ, tt.n, tt.number)
		}
	}
}

func TestCutTitle(t *testing.T) {
	tests := []struct {
		rest, want string
		glued      bool
	}{
		{"强化组织领导。成立领导小组", "强化组织领导", false},
		{"强化组织领导.成立领导小组", "强化组织领导", false},
		{"认真落实\"三会一课\"制度.支部委员会每月召开1次.", "认真落实\"三会一课\"制度", false},
		{"经济增长6.5%左右的目标", "经济增长6.5%左右的目标", false},
		{"加强思想建设，筑牢信仰之基", "加强思想建设，筑牢信仰之基", false},
		{"加强学习！", "加强学习", false},
		{"学习制度：每周五集中学习。", "学习制度", false},
		{"考核制度：", "考核制度", false},
		{"指导思想认真贯彻党的二十大精神，坚持以人民为中心", "指导思想", false},
		{"工作目标通过一年努力", "工作目标", false},
		{"总体要求以习近平新时代中国特色社会主义思想为指导", "总体要求", false},
		{"主要内容1、开展主题党日", "主要内容", true},
		{"组织实施1.成立领导小组", "组织实施", true},
		{"主要标准(一)先进党组织", "主要标准", true},
		{"工作要求和保障措施", "工作要求和保障措施", false},
		{"2016年重点工作", "2016年重点工作", false},
		{"保障措施各科室要高度重视", "保障措施", false},
		{"主要做法近年来我院坚持党建引领", "主要做法", false},
		{"存在问题一是学习不够深入", "存在问题", false},
		{"下步打算2026年我院将继续加强党建工作", "下步打算", false},
		{"基本情况我院现有党员56名", "基本情况", false},
		{"目标任务全年发展党员3名", "目标任务", false},
		{"2026年工作打算", "2026年工作打算", false},
		{"提升服务能力第1、2项", "提升服务能力第1、2项", false},
		{"持续深入学习习近平新时代中国特色社会主义思想。制定计划", "持续深入学习习近平新时代中国特色社会主义思想", false},
		{"营造良好环境医院将加强内部安全管理工作确保患者安全和医务人员安全", "营造良好环境", false},
		{"项目背景随着分级诊疗的推进，基层压力增大。", "项目背景", false},
		{"存在问题及原因一是思想认识不到位", "存在问题及原因", false},
		{"工作目标本站将全年开展义诊4次", "工作目标", false},
		{"活动内容每月组织一次志愿服务", "活动内容", false},
		{"总体目标**全年发展党员2名", "总体目标", false},
		{"医疗服务门诊量持续增长住院人次稳步上升家庭医生签约覆盖面进一步扩大慢病管理规范化水平明显提高群众满意度逐年提升", "医疗服务门诊量持续增长住院人次稳步上升家庭医生签约覆盖面进一步扩大慢病管理规范化水平明显提高群众满意", false},
		{"当前，我院党建工作面临新的形势，需要我们进一步统一思想提高认识增强责任感和使命感切实做好新形势下的党建各项工作。", "当前，我院党建工作面临新的形势", false},
	}
	for _, tt := range tests {
		r := []rune(tt.rest)
		n, glued := cutTitle(r)
		if got := string(r[:n]); got != tt.want || glued != tt.glued {
			t.Errorf("cutTitle(%q) = %q %v, want %q %v", tt.rest, got, glued, tt.want, tt.glued)
		}
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		s  string
		n  int
		ok bool
	}{
		{"一", 1, true}, {"十", 10, true}, {"十一", 11, true}, {"二十", 20, true},
		{"九十九", 99, true}, {"7", 7, true}, {"12", 12, true},
		{"", 0, false}, {"一百", 0, false}, {"123", 0, false}, {"两", 0, false}, {"甲", 0, false},
	}
	for _, tt := range tests {
		n, ok := ParseNumber(tt.s)
		if n != tt.n || ok != tt.ok {
			t.Errorf("ParseNumber(%q) = %d %v, want %d %v", tt.s, n, ok, tt.n, tt.ok)
		}
	}
}

// TestTables keeps the word lists usable: no blanks, no duplicates, and no
// body opener that is itself a heading ending (that would cut every title).
func TestTables(t *testing.T) {
	for name, list := range map[string][]string{
		"headingEnds": headingEnds, "bodyStarts": bodyStarts, "bodyStartsStrong": bodyStartsStrong,
		"spaceBodyStarts": spaceBodyStarts, "docTitleEnds": docTitleEnds, "titleDecorations": titleDecorations, "debrisWords": debrisWords,
	} {
		seen := map[string]bool{}
		for _, w := range list {
			if w == "" {
				t.Errorf("%s has an empty entry", name)
			}
			if seen[w] {
				t.Errorf("%s lists %q twice", name, w)
			}
			seen[w] = true
		}
	}
	ends := map[string]bool{}
	for _, w := range headingEnds {
		ends[w] = true
	}
	for _, w := range bodyStarts {
		if ends[w] {
			t.Errorf("%q is both a heading ending and a body opener", w)
		}
	}
	if len(circled) != 60 {
		t.Errorf("circled has %d entries, want 60", len(circled))
	}
	for r, c := range circled {
		if c.n < 1 || c.n > 20 {
			t.Errorf("circled %q = %d", r, c.n)
		}
	}
}

func TestMaxOpener(t *testing.T) {
	for _, w := range bodyStartsStrong {
		if n := len([]rune(w)); n > maxOpener {
			t.Errorf("%q has %d runes, more than maxOpener %d", w, n, maxOpener)
		}
	}
}

func TestDerivedTables(t *testing.T) {
	for _, w := range bodyStarts {
		if n := len([]rune(w)); n > maxBodyStart {
			t.Errorf("%q has %d runes, more than maxBodyStart %d", w, n, maxBodyStart)
		}
	}
	n := 0
	for r, ws := range headingEndsByRune {
		for _, w := range ws {
			if w[0] != r {
				t.Errorf("%q filed under %q", string(w), r)
			}
			n++
		}
	}
	if n != len(headingEnds) {
		t.Errorf("headingEndsByRune holds %d words, headingEnds %d", n, len(headingEnds))
	}
}

func TestStyleRanks(t *testing.T) {
	order := []markerType{typeCN, typeCNParen, typeArabicDot, typeArabicParen, typeCircled}
	for i := 1; i < len(order); i++ {
		if order[i-1].rank() >= order[i].rank() {
			t.Errorf("%s (rank %d) should be shallower than %s (rank %d)", order[i-1], order[i-1].rank(), order[i], order[i].rank())
		}
	}
	if typeArabicDun.rank() != typeArabicDot.rank() || typeArabicHalf.rank() != typeArabicParen.rank() {
		t.Error("1、/1. and 1)/(1) should share a rank")
	}
	if markerType("第章").rank() != 0 || markerType("h1").rank() != 0 {
		t.Error("chapters and styled headings have no GB rank")
	}
}

func TestBoundaryBefore(t *testing.T) {
	tests := []struct {
		text string // the heading number starts after the last "|"
		ok   bool
		mode placeMode
	}{
		{"制定本计划。|一、", true, inLine},
		{"主要做法是：|一、", true, inLine},
		{"主要做法是:|一、", true, inLine},
		{"落到实处；|（二）", true, inLine},
		{"要求。”|二、", true, inLine},
		{"作用。 |二、", true, inLine},
		{"加强党建工作 |1)", true, inLine},
		{"**|三、", true, inLine},
		{"【篇一】|一、", true, inLine},
		{"王某、李某、|四、", true, afterComma},
		{"做好一、|二、", false, inLine},
		{"开展“双报到”|二、", false, inLine},
		{"年度|二、", false, inLine},
	}
	for _, tt := range tests {
		k := strings.LastIndex(tt.text, "|")
		orig := []rune(tt.text[:k] + tt.text[k+1:])
		i := len([]rune(tt.text[:k]))
		mode, ok := boundaryBefore(orig, 0, i)
		if ok != tt.ok || ok && mode != tt.mode {
			t.Errorf("boundaryBefore(%q) = %v %v, want %v %v", tt.text, mode, ok, tt.mode, tt.ok)
		}
	}
}

func TestDocTitleBefore(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"卫生院2027年健康教育工作方案", true},
		{"社区卫生服务中心党支部工作計劃", true},
		{"县疾控中心2027年工作要点", true},
		{"方案", false}, // too short to be a title
		{"按照上级要求，制定本方案", false},
		{"某医院党支部开展活动", false},
		{"2028 社区卫生服务站健康教育计划范文", true},
		{"卫生院党支部主题党日活动方案模板", true},
		{"醫院黨支部工作總結範文", true},
		{"优秀党员事迹范文", false},
	}
	for _, tt := range tests {
		r := []rune(tt.line)
		if got := docTitleBefore(r, 0, len(r)); got != tt.want {
			t.Errorf("docTitleBefore(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestBadTitle(t *testing.T) {
	tests := []struct {
		rest string
		want bool
	}{
		{"二级医院门诊量占六成", true},
		{"3月份完成换届", true},
		{"四至六月开展督查", true},
		{"二的要求落实", true},
		{"2026年6月 撰写人：某某", true},
		{"第 1 页共 6 页", true},
		{"2026年工作总结", false},
		{"一流服务创建", false},
		{"加强组织建设", false},
	}
	for _, tt := range tests {
		if got := badTitle([]rune(tt.rest)); got != tt.want {
			t.Errorf("badTitle(%q) = %v, want %v", tt.rest, got, tt.want)
		}
	}
}

func TestPlaceDecimal(t *testing.T) {
	one := frame{typ: typeArabicDot, n: 1}
	dec := frame{typ: typeDecimal, n: 1, parent: 1}
	tests := []struct {
		name   string
		stack  []frame
		parent int
		n      int
		depth  int
		ok     bool
	}{
		{"1.1 under 1.", []frame{{typ: typeCN, n: 1}, one}, 1, 1, 2, true},
		{"1.2 after 1.1", []frame{{typ: typeCN, n: 1}, one, dec}, 1, 2, 2, true},
		{"1.3 after 1.1 skips", []frame{{typ: typeCN, n: 1}, one, dec}, 1, 3, 2, false},
		{"2.1 under 1. is no child", []frame{{typ: typeCN, n: 1}, one}, 2, 1, 0, false},
		{"1.2 without 1.1", []frame{{typ: typeCN, n: 1}, one}, 1, 2, 2, false},
		{"nothing open", nil, 1, 1, 0, false},
	}
	for _, tt := range tests {
		d, ok := placeDecimal(tt.stack, &node{typ: typeDecimal, n: tt.n, parent: tt.parent})
		if ok != tt.ok || ok && d != tt.depth {
			t.Errorf("%s: depth %d ok %v, want %d %v", tt.name, d, ok, tt.depth, tt.ok)
		}
	}
}

func TestIsCNDigit(t *testing.T) {
	for r := range cnDigits {
		if !isCNDigit(r) {
			t.Errorf("isCNDigit(%q) = false, but %q is in cnDigits", r, r)
		}
	}
	n := 0
	for _, r := range "一二三四五六七八九两〇零" {
		if isCNDigit(r) {
			n++
		}
	}
	if n != len(cnDigits) {
		t.Errorf("isCNDigit knows %d digits, cnDigits %d", n, len(cnDigits))
	}
	for _, r := range "十百年A1、" {
		if isCNDigit(r) {
			t.Errorf("isCNDigit(%q) = true", r)
		}
	}
}

func TestBoundaryBits(t *testing.T) {
	for r := range boundaryRunes {
		if r >= 1<<16 {
			t.Errorf("boundary rune %q is outside the BMP", r)
		}
	}
	for r := rune(0); r < 1<<16+10; r++ {
		if got, want := isBoundary(r), boundaryRunes[r]; got != want {
			t.Errorf("isBoundary(%q) = %v, want %v", r, got, want)
		}
	}
	if isBoundary(-1) {
		t.Error("isBoundary(-1) = true")
	}
}
