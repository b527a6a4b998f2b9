package ingest

import (
	"strconv"
	"strings"
)

// This file holds the language tables for rendering Word's automatic list
// numbers (w:numFmt values of ECMA-376 §17.18.59) as the text a reader sees.

// cnDigits are the Chinese digits used by chineseCounting and friends.
var cnDigits = []string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// cnZero fills a skipped place in counting (一百零一); 〇 is only a digit.
const cnZero = "零"

// cnLegalDigits are the financial (大写) digits of chineseLegalSimplified.
var cnLegalDigits = []string{"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"}

// cnUnits are the place units below 万, lowest first.
var cnUnits = []string{"", "十", "百", "千"}
var cnLegalUnits = []string{"", "拾", "佰", "仟"}

// heavenlyStems is ideographTraditional (甲乙丙丁…), cycling after 10.
var heavenlyStems = []string{"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"}

// earthlyBranches is ideographZodiac (子丑寅卯…), cycling after 12.
var earthlyBranches = []string{"子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥"}

// enclosed formats with their first code point and how many exist (①…⑳).
var enclosedFormats = map[string]struct {
	first rune
	count int
}{
	"decimalEnclosedCircle":         {'①', 20},
	"decimalEnclosedCircleChinese":  {'①', 20},
	"decimalEnclosedParen":          {'⑴', 20},
	"decimalEnclosedFullstop":       {'⒈', 20},
	"ideographEnclosedCircle":       {'㈠', 10},
	"decimalEnclosedCircleJapanese": {'①', 20},
}

// chineseCount writes n (1 ≤ n < 100000000) in Chinese counting:
// 1→一, 10→十, 11→十一, 20→二十, 100→一百, 101→一百零一, 110→一百一十.
// n ≤ 0 falls back to Arabic digits, which Word also does.
func chineseCount(n int, digits, units []string, tenBare bool) string {
	if n <= 0 || n >= 100000000 {
		return strconv.Itoa(n)
	}
	if n >= 10000 {
		hi, lo := n/10000, n%10000
		s := chineseCount(hi, digits, units, tenBare) + "万"
		if lo == 0 {
			return s
		}
		if lo < 1000 {
			s += cnZero
		}
		// Below 万 the leading 十 keeps its 一 (一万零一十) in careful usage.
		return s + chineseCount(lo, digits, units, false)
	}
	var sb strings.Builder
	zero := false
	started := false
	for p := 3; p >= 0; p-- {
		pow := 1
		for i := 0; i < p; i++ {
			pow *= 10
		}
		d := (n / pow) % 10
		if d == 0 {
			if started {
				zero = true
			}
			continue
		}
		if zero {
			sb.WriteString(cnZero)
			zero = false
		}
		// 十一 not 一十一 when 十 leads the number.
		if !(p == 1 && d == 1 && !started && tenBare) {
			sb.WriteString(digits[d])
		}
		sb.WriteString(units[p])
		started = true
	}
	return sb.String()
}

// alphaNumber is Word's letter numbering: A…Z, then AA…ZZ, AAA… (the letter
// repeats; it is not base 26).
func alphaNumber(n int, upper bool) string {
	if n <= 0 {
		return strconv.Itoa(n)
	}
	base := byte('a')
	if upper {
		base = 'A'
	}
	c := base + byte((n-1)%26)
	return strings.Repeat(string(c), (n-1)/26+1)
}

var romanTable = []struct {
	v int
	s string
}{
	{1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"},
	{50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"},
}

func romanNumber(n int, upper bool) string {
	if n <= 0 || n >= 4000 {
		return strconv.Itoa(n)
	}
	var sb strings.Builder
	for _, r := range romanTable {
		for n >= r.v {
			sb.WriteString(r.s)
			n -= r.v
		}
	}
	if upper {
		return sb.String()
	}
	return strings.ToLower(sb.String())
}

// fullWidthDigits writes n with full-width digits (１２).
func fullWidthDigits(n int) string {
	var sb strings.Builder
	for _, c := range strconv.Itoa(n) {
		if c >= '0' && c <= '9' {
			sb.WriteRune(c - '0' + '０')
		} else {
			sb.WriteRune(c)
		}
	}
	return sb.String()
}

// ideographDigital writes each digit as a Chinese digit (2025→二〇二五).
func ideographDigital(n int) string {
	var sb strings.Builder
	for _, c := range strconv.Itoa(n) {
		if c >= '0' && c <= '9' {
			sb.WriteString(cnDigits[c-'0'])
		} else {
			sb.WriteRune(c)
		}
	}
	return sb.String()
}

// formatNumber renders counter n in Word number format f. The bool is false
// for formats that produce no number (bullet, none), which must not be
// turned into heading numbers.
func formatNumber(f string, n int) (string, bool) {
	switch f {
	case "", "decimal", "ordinal", "cardinalText", "ordinalText", "decimalHalfWidth", "arabicAbjad", "hex":
		return strconv.Itoa(n), true
	case "decimalZero":
		if n >= 0 && n < 10 {
			return "0" + strconv.Itoa(n), true
		}
		return strconv.Itoa(n), true
	case "decimalFullWidth", "decimalFullWidth2":
		return fullWidthDigits(n), true
	case "chineseCounting", "japaneseCounting", "taiwaneseCounting", "koreanCounting":
		return chineseCount(n, cnDigits, cnUnits, true), true
	case "chineseCountingThousand", "japaneseDigitalTenThousand", "taiwaneseCountingThousand", "koreanDigital2":
		return chineseCount(n, cnDigits, cnUnits, true), true
	case "chineseLegalSimplified", "japaneseLegal", "ideographLegalTraditional":
		return chineseCount(n, cnLegalDigits, cnLegalUnits, false), true
	case "ideographDigital", "taiwaneseDigital", "koreanDigital":
		return ideographDigital(n), true
	case "ideographTraditional":
		if n <= 0 {
			return strconv.Itoa(n), true
		}
		return heavenlyStems[(n-1)%len(heavenlyStems)], true
	case "ideographZodiac", "ideographZodiacTraditional":
		if n <= 0 {
			return strconv.Itoa(n), true
		}
		return earthlyBranches[(n-1)%len(earthlyBranches)], true
	case "upperLetter":
		return alphaNumber(n, true), true
	case "lowerLetter":
		return alphaNumber(n, false), true
	case "upperRoman":
		return romanNumber(n, true), true
	case "lowerRoman":
		return romanNumber(n, false), true
	case "bullet", "none":
		return "", false
	}
	if e, ok := enclosedFormats[f]; ok && e.count > 0 {
		if n >= 1 && n <= e.count {
			return string(e.first + rune(n-1)), true
		}
		return strconv.Itoa(n), true
	}
	// Unknown formats: Word falls back to decimal.
	return strconv.Itoa(n), true
}
