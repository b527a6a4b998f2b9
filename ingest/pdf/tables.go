package pdf

import (
	"strings"

	"github.com/planmine/planmine/internal/lazyregexp"
	"golang.org/x/text/unicode/norm"
)

// radicalFold maps CJK Radicals Supplement code points that fonts (notably
// Chromium's Type 3 subsets) emit in place of the unified ideograph they
// look like. The Kangxi Radicals block (U+2F00–U+2FDF) is folded by NFKC;
// this block has no compatibility decomposition for most entries.
var radicalFold = map[rune]rune{
	'⺁': '厂', '⺟': '母', '⺠': '民', '⺩': '王', '⺫': '罒', '⻄': '西',
	'⻅': '见', '⻆': '角', '⻈': '讠', '⻉': '贝', '⻋': '车', '⻓': '长',
	'⻔': '门', '⻗': '雨', '⻘': '青', '⻙': '韦', '⻚': '页', '⻛': '风',
	'⻜': '飞', '⻝': '食', '⻠': '饣', '⻢': '马', '⻣': '骨', '⻤': '鬼',
	'⻥': '鱼', '⻦': '鸟', '⻧': '卤', '⻨': '麦', '⻩': '黄', '⻪': '黾',
	'⻬': '齐', '⻮': '齿', '⻯': '龙', '⻰': '龙', '⻳': '龟',
}

// foldRadicals replaces radical code points by their ideographs.
func foldRadicals(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 0x2E80 && r <= 0x2FDF }) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 0x2F00 && r <= 0x2FDF:
			b.WriteString(norm.NFKC.String(string(r)))
		case r >= 0x2E80 && r <= 0x2EFF:
			if u, ok := radicalFold[r]; ok {
				b.WriteRune(u)
			} else {
				b.WriteRune(r)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// sentenceEnd holds the characters after which a line ends its paragraph
// even when it reaches the right margin (。；：！？ and their ASCII forms).
const sentenceEnd = "。；：！？!?;:…"

// closers may follow a sentence end: 。” 。） still end the sentence.
const closers = "”’」』）)】》\"'"

// noLineStart holds punctuation that line breaking never puts at the start
// of a line (kinsoku): it travels with the character before it.
const noLineStart = "，。、；：！？）》」』】”’…,.;:!?)]}%"

// headingRe matches the outline markers that begin a new paragraph:
// 一、 （一） (一) 1. 1、 （1） ① 第一章 第二条 第三部分 篇1 一是.
var headingRe = lazyregexp.New(`^\s*(?:` +
	`[一二三四五六七八九十百零〇两]+\s*[、.．]` +
	`|[（(]\s*[一二三四五六七八九十百零〇]+\s*[）)]` +
	`|\d{1,3}\s*[、．]` +
	`|\d{1,3}\.(?:\D|$)` +
	`|[（(]\s*\d{1,3}\s*[）)]` +
	`|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]` +
	`|第\s*[一二三四五六七八九十百零〇\d]+\s*[章节条部分篇阶段]` +
	`|篇\s*[一二三四五六七八九十\d]+` +
	`|附件\s*\d*\s*[:：]?` +
	`)`)

// pageNumberRes match lines that are only a page number:
// "3", "- 3 -", "— 3 —", "第 3 页", "第3页 共13页", "3/13", "3 / 13", "Page 3 of 13".
var pageNumberRes = []*lazyregexp.Regexp{
	lazyregexp.New(`^[-—–－·•\s]*\d{1,4}[-—–－·•\s]*$`),
	lazyregexp.New(`^第\s*\d{1,4}\s*页\s*[,，/]?\s*(?:共\s*\d{1,4}\s*页)?$`),
	lazyregexp.New(`^(?:共\s*\d{1,4}\s*页\s*[,，/]?\s*)?第\s*\d{1,4}\s*页$`),
	lazyregexp.New(`^\d{1,4}\s*/\s*\d{1,4}$`),
	lazyregexp.New(`(?i)^page\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$`),
	lazyregexp.New(`^[-—–－\s]*[IVXLivxl]{1,6}[-—–－\s]*$`),
}

// isPageNumber reports whether a line is only a page number.
func isPageNumber(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	for _, re := range pageNumberRes {
		if re.MatchString(s) {
			return true
		}
	}
	return false
}

// isHeading reports whether a line starts with an outline marker.
func isHeading(s string) bool { return headingRe.MatchString(s) }

// endsSentence reports whether s ends with sentence-final punctuation,
// possibly followed by closing quotes or brackets.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, " \t\u3000")
	for s != "" {
		r := lastRune(s)
		if strings.ContainsRune(closers, r) {
			s = s[:len(s)-len(string(r))]
			continue
		}
		return strings.ContainsRune(sentenceEnd, r)
	}
	return false
}

func lastRune(s string) rune {
	rs := []rune(s)
	if len(rs) == 0 {
		return 0
	}
	return rs[len(rs)-1]
}
