package targets

import (
	"strings"
	"unicode/utf8"
)

// Numbers that have a unit and still are not the institution's own
// figures: counts of articles and characters in page titles and site text,
// session ordinals, project phases, idioms, numbers inside book titles,
// benchmarks of others and ranks in someone else's list. The words live in
// tables.go.

// notOurCount reports a quantity that is not a figure of the document's
// own work.
func notOurCount(f []rune, i int, q quantity, n number, pre cmpEntry, suf, inner string, hasCmp bool) bool {
	switch {
	case siteStat(f, i):
		return true
	case docCountUnits[q.unit] && siteCount(f, i, q, pre, suf, inner):
		return true
	case q.unit == "次" && sessionOrdinal(f, i):
		return true
	case q.unit == "期" && !hasCmp && (precededBy(f, i, phaseOwners, 0) || n.cn && phaseNamed(f, q)):
		return true
	case ratioOfPeople(f, i, q):
		return true
	case numeralIdiom(f, i):
		return true
	case n.cn && n.val == 1 && onceDescribed(f, q):
		return true
	case inBookTitle(f, i):
		return true
	case benchmark(f, i, q):
		return true
	case oneOfMany(f, q):
		return true
	case rankedAmong(f, q):
		return true
	case q.class == classPerson && suf != "" && sizedPlace(f, q.end):
		return true
	case !hasCmp && partsOfText(f, q.unitEnd):
		return true
	case n.val == 1 && q.class == classPerson && pairedOne(f, i):
		return true
	case q.unit == "个" && settingCount(f, i, q.unitEnd):
		return true
	}
	return false
}

// sizedPlace reports a size class of the places a norm applies to right
// after a bounded head count (1500人以下村卫生室, 服务人口在2000人以上的
// 社区): which places, not how many people.
func sizedPlace(f []rune, e int) bool {
	if e < len(f) && f[e] == '的' {
		e++
	}
	for _, w := range sizedPlaces {
		if !hasAt(f, e, w) {
			continue
		}
		for _, p := range placePeople {
			if hasAt(f, e, p) {
				return false // 500人以上村民: people, not places
			}
		}
		return true
	}
	return false
}

// partsOfText reports a count of the parts a text or a talk is made of
// (从3个方面, 分‘3个’阶段, 10个“年度关键词”): an enumeration, not a figure of
// the work. Quotes and a short modifier may stand between.
func partsOfText(f []rune, e int) bool {
	k := e
	for k < len(f) && strings.ContainsRune(partQuotes, f[k]) {
		k++
	}
	for j := k; j < len(f) && j-k <= maxPartModifier; j++ {
		if !isHan(f[j]) {
			return false
		}
		if startsWord(f, j, textPartSet) {
			// 15个党支部分别…: 部分 across two words.
			return !countsEntity(f, e)
		}
	}
	return false
}

// pairedOne reports the second 一名 of a pairing (由一名老党员带一名新党员,
// 1名医生结对1名患者): how the work is done, not a head count.
func pairedOne(f []rune, i int) bool {
	for _, v := range pairVerbs {
		l := utf8.RuneCountInString(v)
		st := i - l
		if st < 0 || !hasAt(f, st, v) {
			continue
		}
		for k := st - 1; k >= 0 && st-k <= maxPairGap; k-- {
			if isBreak(f, k, clauseBreaks) {
				break
			}
			if (f[k] == '一' || f[k] == '1' && (k == 0 || !isArabic(f[k-1]))) && k+1 < len(f) {
				if _, c, l := matchUnit(f, k+1); l > 0 && c == classPerson {
					return true
				}
			}
		}
	}
	return false
}

// settingCount reports the counts of a locative setting that names all the
// divisions of an area (在全镇3个社区7个行政村开展…): where the work is
// done, the area's make-up rather than a figure of the work. e is where the
// count's 个 ends.
func settingCount(f []rune, i, e int) bool {
	if !startsWord(f, e, areaDivisionSet) {
		return false
	}
	// Walk back over the counts and division names of the setting to its 在.
	k := i
	for k > 0 && i-k <= maxSetting {
		if r := f[k-1]; isArabic(r) || isCn(r) || r == '个' || strings.ContainsRune(distributors, r) {
			k--
			continue
		}
		d := endingWord(f, k, areaDivisions)
		if d == 0 {
			break
		}
		k -= d
	}
	l := endingWord(f, k, areaScopes)
	return l > 0 && k-l-1 >= 0 && f[k-l-1] == '在'
}

// startsWord reports a word of set starting at e.
func startsWord(f []rune, e int, set cueSet) bool {
	if e >= len(f) {
		return false
	}
	for _, w := range set[f[e]] {
		if hasAt(f, e, w) {
			return true
		}
	}
	return false
}

// endingWord returns the length of the word of words that ends right
// before k, or 0.
func endingWord(f []rune, k int, words []string) int {
	for _, w := range words {
		l := utf8.RuneCountInString(w)
		if k-l >= 0 && hasAt(f, k-l, w) {
			return l
		}
	}
	return 0
}

// rankedAmong reports the size of a field the institution is ranked in
// (在全县15家卫生院中位列第3名): the others' count, not a figure of its own.
func rankedAmong(f []rune, q quantity) bool {
	for k := q.end; k < len(f) && k-q.end <= maxRankGap; k++ {
		if isBreak(f, k, clauseBreaks) {
			return false
		}
		if f[k] == '中' {
			for _, w := range rankVerbs {
				if hasAt(f, k+1, w) {
					return true
				}
			}
		}
	}
	return false
}

// siteCount reports a count of articles or characters that belongs to the
// page rather than the work: 工作总结2篇, 范文10篇, (精选5篇), 7篇范文,
// 文章共1872字, 此处隐藏2746个字, 工作总结 1850字, 心得体会(共3篇). A real one
// is written, sent or published (撰写心得体会2篇, 发表稿件46篇) or bounded
// (学习笔记一万字以上); a genre noun alone (心得体会1500字) is how sites title
// their pages.
func siteCount(f []rune, i int, q quantity, pre cmpEntry, suf, inner string) bool {
	k := i
	for k > 0 && strings.ContainsRune(siteSkip, f[k-1]) {
		k--
	}
	if precededBy(f, k, siteCountBefore, 0) {
		return true
	}
	e := q.unitEnd
	for e < len(f) && strings.ContainsRune(siteSkip, f[e]) {
		e++
	}
	for _, w := range siteCountAfter {
		if hasAt(f, e, w) {
			return true
		}
	}
	// 2篇2021年党支部…方案: a count heading a title.
	if y, ok := parseNumber(f, e); ok && !y.cn && y.digs == 4 && y.end < len(f) && f[y.end] == '年' {
		return true
	}
	// Bounded: 以上, 不少于, a range, 余, or 左右 after it (1500字左右); a
	// 约 before it is how document sites state a length (约5.22千字).
	bounded := q.cmp == "range" || inner != "" || suf != ""
	if c := pre.cmp; c != "" && c != "~" && c != "=" {
		bounded = true
	}
	if bounded {
		return false
	}
	// (共5篇), 【3篇】: a bare count in brackets of its own labels a title.
	if bracketed(f, i, q) {
		return true
	}
	from := sentenceStart(f, i)
	if i-from > maxWriteCue {
		from = i - maxWriteCue
	}
	for k := from; k < i; k++ {
		for _, w := range writeCues {
			if hasAt(f, k, w) {
				return false
			}
		}
	}
	return true
}

// siteStat reports a page's own statistics (点击数:1888次, 浏览量 2.1万).
func siteStat(f []rune, i int) bool {
	k := i
	for k > 0 && (f[k-1] == ':' || isInlineSpace(f[k-1])) {
		k--
	}
	return precededBy(f, k, siteStatLabels, 0)
}

// bracketed reports a count standing alone in brackets, after at most a
// site word (计划(共5篇), 方案【精选3篇】).
func bracketed(f []rune, i int, q quantity) bool {
	k := i
	for k > 0 && i-k < 3 && !strings.ContainsRune(bracketOpen, f[k-1]) && isHan(f[k-1]) {
		k--
	}
	if k == 0 || !strings.ContainsRune(bracketOpen, f[k-1]) {
		return false
	}
	e := q.end
	return e < len(f) && strings.ContainsRune(bracketClose, f[e])
}

// sessionOrdinal reports the N of 八届二次职代会 or 十四届全国人大二次会议:
// a session of a numbered term, not a count of meetings.
func sessionOrdinal(f []rune, i int) bool {
	for k := i - 1; k >= 1 && i-k <= maxSessionGap; k-- {
		if isBreak(f, k, clauseBreaks) {
			return false
		}
		if f[k] == '届' && (isCn(f[k-1]) || isArabic(f[k-1])) {
			return true
		}
	}
	return false
}

// numeralIdiom reports a numeral inside a fixed expression (最后一公里).
func numeralIdiom(f []rune, i int) bool {
	for _, w := range idiomIndex[f[i]] {
		if st := i - w.off; st >= 0 && hasAt(f, st, w.word) {
			return true
		}
	}
	return false
}

// idiomIndex lists the idioms by each rune they hold and its offset, so a
// numeral is checked against the few idioms that hold it.
var idiomIndex = func() map[rune][]wordAt {
	m := map[rune][]wordAt{}
	for _, w := range numeralIdioms {
		for off, r := range []rune(w) {
			m[r] = append(m[r], wordAt{w, off})
		}
	}
	return m
}()

// onceDescribed reports 一次 or 一场 followed by a description (一次深刻的
// 教育, 一场生动的党课): the experience, not a count.
func onceDescribed(f []rune, q quantity) bool {
	if q.unit != "次" && q.unit != "场" {
		return false
	}
	for _, w := range onceAdjectives {
		if hasAt(f, q.unitEnd, w) {
			return true
		}
	}
	return false
}

// inBookTitle reports a number inside 《…》 on the same line.
func inBookTitle(f []rune, i int) bool {
	open := false
	for k := i - 1; k >= 0 && i-k <= maxBookTitle; k-- {
		r := f[k]
		if r == '》' || r == '\n' {
			return false
		}
		if r == '《' {
			open = true
			break
		}
	}
	if !open {
		return false
	}
	for k := i; k < len(f) && k-i <= maxBookTitle; k++ {
		switch f[k] {
		case '》':
			return true
		case '《', '\n':
			return false
		}
	}
	return false
}

// benchmark reports a figure that is someone else's standard the text
// compares with (低于国家15%的标准, 高于全省5%的平均水平).
func benchmark(f []rune, i int, q quantity) bool {
	k := i
	if k > 0 && f[k-1] == '的' {
		k--
	}
	if !precededBy(f, k, benchmarkOwners, 0) {
		return false
	}
	e := q.end
	if e < len(f) && f[e] == '的' {
		e++
	}
	for _, w := range benchmarkHeads {
		if hasAt(f, e, w) {
			return true
		}
	}
	return false
}

// oneOfMany reports a count of a list the institution is one of (被评为全省
// 首批20个示范点之一): the size of someone else's list.
func oneOfMany(f []rune, q quantity) bool {
	for k := q.end; k+1 < len(f) && k-q.end <= maxOneOf; k++ {
		if isBreak(f, k, clauseBreaks) {
			return false
		}
		if f[k] == '之' && f[k+1] == '一' {
			return true
		}
	}
	return false
}

// countsEntity reports a concrete unit of organisation right after a
// classifier (两个贫困村, 成立两个支部), which a small Chinese numeral counts,
// unlike the enumerations and formulas (三个方面, 两个维护, 四个意识).
func countsEntity(f []rune, e int) bool {
	for k := e; k < len(f) && k-e <= maxGroupGap; k++ {
		if isBreak(f, k, clauseBreaks) || strings.ContainsRune(partQuotes, f[k]) {
			return false
		}
		// A team is named by what it does (四个宣讲督导小组): its noun may
		// stand further off than a place's.
		words := groupNouns
		if k-e <= maxEntityGap {
			words = entityNouns
		}
		for _, w := range words {
			if hasAt(f, k, w) {
				return true
			}
		}
	}
	return false
}

// providedOne reports 一 and its classifier as a norm of provision: a
// place of each kind has or sets up one (村有一所标准化卫生室, 每个社区建
// 一个服务站).
func providedOne(f []rune, i int) bool {
	v := endingWord(f, i, provisionVerbs)
	if v == 0 {
		return false
	}
	return endingWord(f, i-v, provisionOwners) > 0
}

// periodEndsAt reports a period word (每月, 每半年) ending just before e.
func periodEndsAt(f []rune, e int) bool {
	for l := 2; l <= 4; l++ {
		if e-l >= 0 {
			if _, ok := periods[string(f[e-l:e])]; ok {
				return true
			}
		}
	}
	return false
}

// phaseNamed reports a construction phase named in a list (开工福永二期、
// 松岗二期等项目, 区人民医院二期）): a Chinese-numeral 期 right after a name
// and followed by a list separator or a project word, not a count of
// classes (举办培训班三期。).
func phaseNamed(f []rune, q quantity) bool {
	e := q.unitEnd
	if e >= len(f) {
		return false
	}
	if q.start > 0 && strings.ContainsRune(issueNouns, f[q.start-1]) {
		return false // 专刊三期、墙报四期: issues of a publication, classes of a course
	}
	if strings.ContainsRune("、）)", f[e]) {
		return true
	}
	for _, w := range phaseAfter {
		if hasAt(f, e, w) {
			return true
		}
	}
	return false
}

// ratioOfPeople reports the two numbers of a proportion told in people
// (相当于7个人中就有1人上网): neither is a figure of the work.
func ratioOfPeople(f []rune, i int, q quantity) bool {
	e := q.unitEnd
	if hasAt(f, e, "中就有") || hasAt(f, e, "人中就有") {
		return true
	}
	for _, w := range []string{"人中就有", "中就有"} {
		if j := i - len([]rune(w)); j >= 0 && hasAt(f, j, w) {
			return true
		}
	}
	return false
}
