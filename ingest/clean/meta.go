package clean

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/planmine/planmine/internal/anyof"
)

// Article meta lines ("时间:2025-05-19 10:19:27 分享:某某 下载本文",
// "- 37.5 KB |", "栏目: 活动方案 / 人气:1.82W") are recognised by shape:
// the line is nothing but site labels with short values, dates, counters
// and buttons. The labels and pieces are the tables of site.go.

// metaMaxRunes bounds the lines looked at: a meta line is short, and the
// parse must not run over a 5,000-character flattened page.
const metaMaxRunes = 160

// metaValueMax is the longest word value a label may carry (佚名,
// 作者原创, 长治市潞州区卫生健康和体育局).
const metaValueMax = 16

// metaLabel is a label of either strength, longest first so that 发布时间
// wins over 时间.
type metaLabel struct {
	word   string
	n      int // runes
	strong bool
	// link marks a label whose value is a link to the page, printed as
	// its title: the value may be as long as a title.
	link bool
}

var metaLabels = func() []metaLabel {
	var ls []metaLabel
	for _, w := range strongMetaLabels {
		ls = append(ls, metaLabel{w, utf8.RuneCountInString(w), true, false})
	}
	for _, w := range linkMetaLabels {
		ls = append(ls, metaLabel{w, utf8.RuneCountInString(w), true, true})
	}
	for _, w := range weakMetaLabels {
		ls = append(ls, metaLabel{w, utf8.RuneCountInString(w), false, false})
	}
	sort.SliceStable(ls, func(i, j int) bool { return ls[i].n > ls[j].n })
	return ls
}()

// labelBefore returns the meta label that ends the Han run rs[:k] (the
// text before a colon at k), if any.
func labelBefore(rs []rune, k int) (metaLabel, bool) {
	s := k
	for s > 0 && k-s < 8 && isHan(rs[s-1]) {
		s--
	}
	run := string(rs[s:k])
	for _, l := range metaLabels {
		if !strings.HasSuffix(run, l.word) {
			continue
		}
		// 文档格式, 信息来源: a site's word before a label is the label's.
		for _, h := range metaLabelHeads {
			if strings.HasSuffix(strings.TrimSuffix(run, l.word), h) {
				l.n += utf8.RuneCountInString(h)
				break
			}
		}
		return l, true
	}
	return metaLabel{}, false
}

// removeHanSpaces drops spaces between two Han characters ("文 号",
// "佚名 来源"), which sites put into labels and between fields.
func removeHanSpaces(rs []rune) []rune {
	out := make([]rune, 0, len(rs))
	for i, r := range rs {
		if r == ' ' && len(out) > 0 && isHan(out[len(out)-1]) {
			j := i
			for j < len(rs) && rs[j] == ' ' {
				j++
			}
			if j < len(rs) && isHan(rs[j]) {
				continue
			}
		}
		out = append(out, r)
	}
	return out
}

// leftover returns s without its meta pieces, buttons and spaces.
func leftover(s string) string {
	// Every meta piece holds a digit, a mark or 次: most text holds none.
	if containsAnyRune(s, "0123456789#【[-|/•·>»") || strings.Contains(s, "次") {
		s = metaPiece.ReplaceAllString(s, "")
	}
	for _, a := range metaActions {
		if strings.Contains(s, a) {
			s = strings.ReplaceAll(s, a, "")
		}
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || strings.ContainsRune(bullets+"-|/、【】[]", r) {
			return -1
		}
		return r
	}, s)
}

// keepsText reports whether leftover(s) surely keeps some text: s holds
// a rune that no meta piece, action or separator can remove, and no
// bracket or hashtag, inside which a piece may hold anything. Most lines
// are no meta line and are told so without the pieces' pattern.
func keepsText(s string) bool {
	if containsAnyRune(s, "#【[") {
		return false
	}
	for _, r := range s {
		if !unicode.IsSpace(r) && !metaRemovable.has(r) {
			return true
		}
	}
	return false
}

// metaRemovable holds every rune that leftover may remove outside
// brackets and hashtags: those metaPiece's other alternatives match, and
// those of metaActions, bullets and separators.
var metaRemovable = func() *runeSet {
	const pieceRunes = "0123456789-/.:约共页千万字节kmgbw+阅读浏览点击查看人气热度次()（）|•·>»"
	return newRuneSet(pieceRunes + strings.Join(metaActions, "") + bullets + "-|/、【】[]")
}()

// metaLine reports whether folded f is an article meta line: its text is
// site labels ("发布时间:", "浏览量:") with short values, and meta pieces
// (ISO dates, sizes, page and view counters, buttons). Weak labels (作者,
// 来源, 时间) need a second label or a strong piece.
func metaLine(f string) bool {
	// 时间 : 2021-05-18 来源 : 本网: spaces around a label's colon.
	if strings.Contains(f, " :") || strings.Contains(f, " ：") {
		f = spacedColon.ReplaceAllString(f, ":")
	}
	// No value of a meta line holds a sentence.
	if len(f) > 4*metaMaxRunes || clausePunct.in(f) || runesUpTo(f, metaMaxRunes+1) > metaMaxRunes {
		return false
	}
	if !containsAnyRune(f, ":：") && keepsText(f) {
		// No label, and text no meta piece accounts for: only a post's
		// header is left to be.
		return postHeader(f)
	}
	rs := removeHanSpaces([]rune(strings.TrimSpace(stripBullets(f))))
	if len(rs) == 0 {
		return false
	}
	type seg struct {
		from, colon int
		link        bool
	}
	var labels []seg
	strong, weak := 0, 0
	for k, r := range rs {
		if r != ':' && r != '：' {
			continue
		}
		if l, ok := labelBefore(rs, k); ok {
			labels = append(labels, seg{k - l.n, k, l.link})
			if l.strong {
				strong++
			} else {
				weak++
			}
		}
	}
	end := len(rs)
	if len(labels) > 0 {
		end = labels[0].from
	}
	prefix := string(rs[:end])
	if keepsText(prefix) || leftover(prefix) != "" {
		return shortLabelDate(rs) || postHeader(f)
	}
	for i, l := range labels {
		to := len(rs)
		if i+1 < len(labels) {
			to = labels[i+1].from
		}
		raw := strings.TrimSpace(string(rs[l.colon+1 : to]))
		if raw != "" && strings.Trim(raw, "0123456789") == "" && containsExact(counterLabels, string(rs[l.from:l.colon])) {
			strong++ // 阅读:1024
		}
		v := leftover(raw)
		if utf8.RuneCountInString(v) > metaValueMax && !l.link || containsAnyRune(v, "。,，;；!！?？:：") {
			return false
		}
	}
	if strong > 0 || weak >= 2 || strongPiece.MatchString(string(rs)) {
		return true
	}
	// A line of buttons alone ("打印", "【收藏】【关闭】").
	if len(labels) > 0 || utf8.RuneCountInString(prefix) > 20 {
		return false
	}
	bare := strings.Map(func(r rune) rune {
		if strings.ContainsRune("【】[]", r) {
			return ' '
		}
		return r
	}, prefix)
	return anyof.Contains(bare, metaActions) && leftover(bare) == ""
}

// shortLabelDate reports a line that is an unknown short label and an ISO
// date ("发稿:2022-08-14 09:51:33" in a spelling the tables lack).
func shortLabelDate(rs []rune) bool {
	k := -1
	for i, r := range rs {
		if r == ':' || r == '：' {
			k = i
			break
		}
	}
	if k <= 0 || k > 10 || strings.ContainsFunc(string(rs[:k]), unicode.IsDigit) {
		return false
	}
	rest := string(rs[k+1:])
	return strongPiece.MatchString(rest) && isoDate.MatchString(rest) && leftover(rest) == ""
}

// infoRow parses a row of a government information table ("| 索引号: … |
// 发布机构: … |", "标题: …"). It reports whether the line is such a row
// and returns the rune span of the title it holds, if it is the title row.
func infoRow(f string) (isRow bool, from, to int) {
	// A row has a labelled cell: no colon, no row.
	if len(f) > 4*300 || !containsAnyRune(f, ":：") {
		return false, 0, 0
	}
	rs := []rune(f)
	if len(rs) > 300 {
		return false, 0, 0
	}
	piped := containsAnyRune(f, "|｜")
	known, unknown := 0, 0
	title, titlePending := false, false
	expectValue := false
	start := 0
	for i := 0; i <= len(rs); i++ {
		if i < len(rs) && rs[i] != '|' && rs[i] != '｜' {
			continue
		}
		a, b := start, i
		start = i + 1
		for a < b && rs[a] == ' ' {
			a++
		}
		for b > a && rs[b-1] == ' ' {
			b--
		}
		if a == b {
			continue
		}
		cell := rs[a:b]
		colon := -1
		for k, r := range cell {
			if r == ':' || r == '：' {
				colon = k
				break
			}
		}
		if colon > 0 {
			label := strings.ReplaceAll(string(cell[:colon]), " ", "")
			switch {
			case containsExact(titleRowLabels, label), containsExact(linkMetaLabels, label) && !title && linkValueTitle(string(cell[colon+1:])):
				// A link cell printing the page's title (移动端:…) holds
				// it as a title row does.
				known++
				v := a + colon + 1
				for v < b && rs[v] == ' ' {
					v++
				}
				if v < b {
					title, from, to = true, v, b
				}
				expectValue, titlePending = v == b, v == b
				continue
			case isMetaLabel(label):
				known++
				expectValue = strings.TrimSpace(string(cell[colon+1:])) == ""
				continue
			}
		}
		if expectValue && len(cell) <= 60 {
			if titlePending {
				title, from, to = true, a, b
			}
			expectValue, titlePending = false, false
			continue
		}
		unknown++
	}
	if known == 0 || unknown > 0 || (!piped && !title) {
		return false, 0, 0
	}
	if !title {
		from, to = 0, 0
	}
	return true, from, to
}

func isMetaLabel(s string) bool {
	for _, l := range metaLabels {
		if l.word == s {
			return true
		}
	}
	return false
}

func containsExact(words []string, s string) bool {
	for _, w := range words {
		if w == s {
			return true
		}
	}
	return false
}

// postHeader reports the header of a social-media or document-site post:
// its posting date (and time), the poster's province and perhaps a view
// count, with at most a few short words besides (an account, a column,
// 原创): "文摘 2024-12-31 21:26 江苏", "2024-03-06 发布于河南 | 1.2万次阅读".
func postHeader(f string) bool {
	if !strings.ContainsAny(f, "-/.") || runesUpTo(f, 61) > 60 || !isoDate.MatchString(f) {
		return false
	}
	ws := strings.FieldsFunc(f, func(r rune) bool { return r == ' ' || r == '|' || r == '｜' })
	dated, placed, others := false, false, 0
	for _, w := range ws {
		was := dated
		dated = false
		switch {
		case isoDate.FindString(w) == w || clockTime.MatchString(w):
			dated = true
		case isProvince(w):
			// The place follows the date or the time at once.
			if !was {
				return false
			}
			placed = true
		case postCount.MatchString(w):
		default:
			if others++; others > postedOthersMax || utf8.RuneCountInString(w) > 12 {
				return false
			}
		}
	}
	return placed
}

// isProvince reports a province-level name, with or without its
// 省/市/自治区 and a 发布于 before it.
func isProvince(w string) bool {
	for _, p := range postedPrefixes {
		w = strings.TrimPrefix(w, p)
	}
	for _, s := range provinceSuffixes {
		if t, ok := strings.CutSuffix(w, s); ok {
			w = t
			break
		}
	}
	return containsExact(provinces, w)
}

// linkValueTitle reports whether a link cell's value reads as a titled
// document ("某某卫生院2024年工作计划"), not an address.
func linkValueTitle(v string) bool {
	v = strings.TrimSpace(v)
	return hanCount(v) >= 4 && titleCandidate(v) && kindWord(v)
}

// linkTitle returns the byte span in folded meta line f of a title its
// link cell prints ("移动端:某某卫生院工作计划"), or an empty span.
func linkTitle(f string) (int, int) {
	for _, w := range linkMetaLabels {
		k := strings.Index(f, w)
		if k < 0 {
			continue
		}
		a := k + len(w)
		rest := strings.TrimLeft(f[a:], " ")
		if !strings.HasPrefix(rest, ":") && !strings.HasPrefix(rest, "：") {
			continue
		}
		a = len(f) - len(rest)
		_, n := utf8.DecodeRuneInString(rest)
		a += n
		b := len(f)
		if e := strings.IndexAny(f[a:], "|｜"); e >= 0 {
			b = a + e
		}
		for a < b && f[a] == ' ' {
			a++
		}
		for b > a && f[b-1] == ' ' {
			b--
		}
		if linkValueTitle(f[a:b]) {
			return a, b
		}
	}
	return 0, 0
}

// spacedColon is a colon with spaces around it.
var spacedColon = mustPattern(`\s+[:：]\s*`)
