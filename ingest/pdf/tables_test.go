package pdf

import (
	"testing"
	"unicode"
)

func TestIsPageNumber(t *testing.T) {
	cases := []struct {
		s    string
		want bool
	}{
		{"3", true}, {"- 3 -", true}, {"— 12 —", true}, {"－ 7 －", true},
		{"第 3 页", true}, {"第3页 共13页", true}, {"共13页 第3页", true},
		{"3/13", true}, {"3 / 13", true}, {"Page 2 of 9", true}, {"- iv -", true},
		{"2025年1月16日", false}, {"一、工作思路", false}, {"全年发展党员2名", false},
		{"第三部分", false}, {"", false}, {"12345", false},
	}
	for _, c := range cases {
		if got := isPageNumber(c.s); got != c.want {
			t.Errorf("isPageNumber(%q) = %v, want %v", c.s, got, c.want)
		}
	}
}

func TestIsHeading(t *testing.T) {
	cases := []struct {
		s    string
		want bool
	}{
		{"一、指导思想", true}, {"十二、其他事项", true}, {"（三）强化监督执纪", true},
		{"(一)加强组织领导", true}, {"1.健全制度体系", true}, {"2、落实主体责任", true},
		{"（4）开展谈心谈话", true}, {"③定期通报", true}, {"第二章 组织机构", true},
		{"第十条 党支部应当", true}, {"第一阶段：动员部署", true}, {"篇3：医院党建工作计划", true},
		{"附件1：任务分工表", true},
		{"党委每季度召开一次会议", false}, {"2025年是关键之年", false}, {"1.5万人次以上", false},
		{"一是强化学习", false}, {"十四五规划收官", false},
	}
	for _, c := range cases {
		if got := isHeading(c.s); got != c.want {
			t.Errorf("isHeading(%q) = %v, want %v", c.s, got, c.want)
		}
	}
}

func TestEndsSentence(t *testing.T) {
	cases := []struct {
		s    string
		want bool
	}{
		{"确保各项任务落到实处。", true}, {"是否达标？", true}, {"主要做法如下：", true},
		{"开展“三会一课”。”", true}, {"（详见附件。）", true}, {"加强党的建设；", true},
		{"推动医院高质量", false}, {"坚持“以人民为中心”", false}, {"共计5项,", false}, {"", false},
	}
	for _, c := range cases {
		if got := endsSentence(c.s); got != c.want {
			t.Errorf("endsSentence(%q) = %v, want %v", c.s, got, c.want)
		}
	}
}

func TestNormSpaces(t *testing.T) {
	cases := []struct{ in, want string }{
		{"2023 年", "2023年"},
		{"发展党员 2 名", "发展党员2名"},
		{"党 建 工 作", "党建工作"},
		{"  　开展 PDCA 循环  ", "开展PDCA循环"},
		{"PDCA   cycle", "PDCA cycle"},
		{"目标 ： 100 %", "目标：100 %"},
		{"第\t3\u00a0季度", "第3季度"},
	}
	for _, c := range cases {
		if got := normSpaces(c.in); got != c.want {
			t.Errorf("normSpaces(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFoldRadicals(t *testing.T) {
	cases := []struct{ in, want string }{
		{"\u2F17四五", "十四五"},
		{"\u2ED3期", "长期"}, {"\u2ED4诊", "门诊"}, {"\u2EA0主", "民主"},
		{"\u2EC5面", "见面"}, {"\u2ED8年", "青年"}, {"\u2EDB险", "风险"}, {"\u2EE3干", "骨干"},
		{"\u2F2F作", "工作"}, {"党建", "党建"},
	}
	for _, c := range cases {
		if got := foldRadicals(c.in); got != c.want {
			t.Errorf("foldRadicals(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for k, v := range radicalFold {
		if k < 0x2E80 || k > 0x2EFF || !unicode.Is(unicode.Han, v) || v < 0x4E00 {
			t.Errorf("radicalFold %U → %U is not supplement → unified ideograph", k, v)
		}
	}
}

func TestParseCMap(t *testing.T) {
	src := `/CIDInit /ProcSet findresource begin 12 dict begin begincmap
% a comment <00> <FF>
/CMapName /X def
2 begincodespacerange <00> <7F> <8000> <FFFF> endcodespacerange
2 beginbfchar <41> <0041> <8001> <515A> endbfchar
3 beginbfrange
<8010> <8012> <5DE5>
<8020> <8021> [<5EFA> <D840DC00>]
<42> <43> <0062>
endbfrange
1 beginbfchar <8002> (\000A) endbfchar
endcmap`
	m := parseCMap([]byte(src))
	if m == nil {
		t.Fatal("nil cmap")
	}
	cases := []struct {
		n    int
		code uint32
		want string
		ok   bool
	}{
		{1, 0x41, "A", true}, {2, 0x8001, "党", true},
		{2, 0x8010, "工", true}, {2, 0x8012, "巧", true},
		{2, 0x8020, "建", true}, {2, 0x8021, "\U00020000", true},
		{1, 0x43, "c", true}, {2, 0x8002, "A", true},
		{2, 0x9999, "", false}, {1, 0x41 + 0x100, "", false},
	}
	for _, c := range cases {
		got, ok := m.lookup(c.n, c.code)
		if got != c.want || ok != c.ok {
			t.Errorf("lookup(%d,%X) = %q,%v want %q,%v", c.n, c.code, got, ok, c.want, c.ok)
		}
	}
	if n := m.codeLen("\x41\x80\x01", 2); n != 1 {
		t.Errorf("codeLen one-byte = %d", n)
	}
	if n := m.codeLen("\x80\x01", 1); n != 2 {
		t.Errorf("codeLen two-byte = %d", n)
	}
	if parseCMap([]byte("begincmap endcmap")) != nil {
		t.Error("empty CMap should give nil")
	}
}

func TestQualityGate(t *testing.T) {
	cases := []struct {
		text string
		ok   bool
	}{
		{"按照中央关于加强公立医院党的建设要求，结合医院实际，现将2025年工作计划如下。", true},
		{"¼)ö*ÌÀÃ 'Km=zfmÓì¢£Ç¡C¤*ÑcM zÛ¡C Ï m¥¡C¤*##Ô;´À{", false},
		{"\uFFFD\uFFFD\uFFFD党建\uFFFD\uFFFD", false},
		{"\uE001\uE002\uE003\uE004", false},
		{"", false},
	}
	for _, c := range cases {
		q := measureText(c.text)
		if q.ok() != c.ok {
			t.Errorf("gate(%q) = %v (han %.2f garbage %.2f), want %v", c.text, q.ok(), q.han(), q.garbage(), c.ok)
		}
	}
}
