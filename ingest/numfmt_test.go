package ingest

import "testing"

func TestFormatNumber(t *testing.T) {
	cases := []struct {
		fmt  string
		n    int
		want string
		ok   bool
	}{
		{"decimal", 3, "3", true},
		{"", 12, "12", true},
		{"decimalZero", 7, "07", true},
		{"decimalZero", 12, "12", true},
		{"decimalFullWidth", 15, "１５", true},
		{"chineseCounting", 1, "一", true},
		{"chineseCounting", 9, "九", true},
		{"chineseCounting", 10, "十", true},
		{"chineseCounting", 11, "十一", true},
		{"chineseCounting", 20, "二十", true},
		{"chineseCounting", 21, "二十一", true},
		{"chineseCounting", 99, "九十九", true},
		{"chineseCounting", 100, "一百", true},
		{"chineseCounting", 101, "一百零一", true},
		{"chineseCounting", 110, "一百一十", true},
		{"chineseCounting", 1005, "一千零五", true},
		{"chineseCounting", 10000, "一万", true},
		{"chineseCounting", 10010, "一万零一十", true},
		{"chineseCountingThousand", 35, "三十五", true},
		{"japaneseCounting", 4, "四", true},
		{"chineseLegalSimplified", 12, "壹拾贰", true},
		{"ideographDigital", 2026, "二〇二六", true},
		{"ideographTraditional", 1, "甲", true},
		{"ideographTraditional", 10, "癸", true},
		{"ideographTraditional", 11, "甲", true},
		{"ideographZodiac", 2, "丑", true},
		{"decimalEnclosedCircle", 1, "①", true},
		{"decimalEnclosedCircle", 20, "⑳", true},
		{"decimalEnclosedCircle", 21, "21", true},
		{"decimalEnclosedCircleChinese", 3, "③", true},
		{"decimalEnclosedParen", 2, "⑵", true},
		{"ideographEnclosedCircle", 1, "㈠", true},
		{"upperLetter", 1, "A", true},
		{"upperLetter", 27, "AA", true},
		{"lowerLetter", 3, "c", true},
		{"upperRoman", 14, "XIV", true},
		{"lowerRoman", 9, "ix", true},
		{"upperRoman", 1994, "MCMXCIV", true},
		{"bullet", 1, "", false},
		{"none", 1, "", false},
		{"someFutureFormat", 5, "5", true},
		{"chineseCounting", 0, "0", true},
		{"upperLetter", -1, "-1", true},
	}
	for _, c := range cases {
		got, ok := formatNumber(c.fmt, c.n)
		if got != c.want || ok != c.ok {
			t.Errorf("formatNumber(%q, %d) = %q, %v; want %q, %v", c.fmt, c.n, got, ok, c.want, c.ok)
		}
	}
}

func TestHeadingLevel(t *testing.T) {
	cases := map[string]int{
		"heading 1": 1, "Heading 2": 2, "heading3": 3, "标题 1": 1, "標題 4": 4,
		"Normal": 0, "Title": 0, "heading": 0, "heading 10": 0, "List Paragraph": 0, "标题": 0,
	}
	for name, want := range cases {
		if got := headingLevel(name); got != want {
			t.Errorf("headingLevel(%q) = %d, want %d", name, got, want)
		}
	}
}
