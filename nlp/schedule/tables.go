package schedule

import "github.com/planmine/planmine/internal/lazyregexp"

// Patterns of implementation schedules, kept together as data. They run on
// folded text (Traditional → Simplified, full width → ASCII), so "（" is "(".
var (
	// reOrdinalPhase finds "第一阶段", "第2阶段".
	reOrdinalPhase = lazyregexp.New(`第[一二三四五六七八九十0-9]{1,3}个?阶段`)

	// reAnchorBefore is what may precede a phase word on its line: nothing,
	// a clause end, and/or a list marker ("…时间安排:1. 第一阶段").
	reAnchorBefore = lazyregexp.New(`(?:^|[:;。])\s*(?:` + markerPat + `)?\s*$`)

	// reNamedPhase finds a line opening "(一)动员部署阶段(4月上旬)" or
	// "准备阶段:": a short name ending in 阶段 right after an optional marker.
	reNamedPhase = lazyregexp.New(`^\s*(?:` + markerPat + `)?\s*([^\s,:;。()、]{2,10}阶段)`)

	// reMonth is one point of a schedule: an optional year, a month and an
	// optional day or part of the month (上旬/中旬/下旬/初/底/末).
	reMonth = lazyregexp.New(`(?:(次年|(?:19|20)[0-9]{2}\s*年)(?:度)?\s*)?` +
		`([0-9]{1,2}|十[一二]?|[一二三四五六七八九])\s*月` +
		`(?:\s*[0-9]{1,2}\s*[日号])?(?:上旬|中旬|下旬|初|底|末|中|份)?`)

	// reSharedMonth is a month range with one 月: "4-5月", "2024年9至11月".
	reSharedMonth = lazyregexp.New(`(?:(次年|(?:19|20)[0-9]{2}\s*年)(?:度)?\s*)?` +
		`([0-9]{1,2})\s*(?:-|—|–|－|~|～|至|到)+\s*([0-9]{1,2})\s*月(?:上旬|中旬|下旬|初|底|末|中|份)?`)

	// reDotted is a dotted date or range: "2023.5", "2023.5.1-2023.6.30".
	reDotted = lazyregexp.New(`((?:19|20)[0-9]{2})[./]([0-9]{1,2})(?:[./][0-9]{1,2})?` +
		`(?:\s*(?:-|—|–|－|~|～|至|到)+\s*((?:19|20)[0-9]{2})[./]([0-9]{1,2})(?:[./][0-9]{1,2})?)?`)

	// reRangeSep joins two points of a range: "4月-5月", "6月至7月", "8月—11月".
	reRangeSep = lazyregexp.New(`^\s*(?:-|—|–|－|~|～|至|到|—)+\s*`)

	// reStepTitle is a step's short title after its number, up to the bracket
	// or colon that brings its dates: "宣传发动(" in "(一)宣传发动(3月)".
	reStepTitle = lazyregexp.New(`^([^\s,，:：;；。()、]{2,20})\s*[(:：]`)

	// reDuration is a length of time instead of dates: "1个月", "两周", "约10天".
	reDuration = lazyregexp.New(`^约?[0-9一二三四五六七八九十两半]{1,3}\s*个?(?:月|周|星期|天|日|工作日)`)
)

// markerKind is one style of heading number with its GB/T 9704 rank
// (一、 = 1 above (一) = 2 above 1. = 3 above (1) = 4 above ① = 5), so a
// schedule scope knows which numbers are its steps and which end it.
type markerKind struct {
	re   *lazyregexp.Regexp
	rank int
}

// markerKinds are tried in order on a folded line start; a first group,
// when present, is the marker (the rest is look-ahead).
var markerKinds = []markerKind{
	{lazyregexp.New(`^第[一二三四五六七八九十0-9]{1,3}(?:部分|章|篇)`), 0},
	{lazyregexp.New(`^[一二三四五六七八九十]{1,3}[、.]`), 1},
	{lazyregexp.New(`^\([一二三四五六七八九十]{1,3}\)、?`), 2},
	{lazyregexp.New(`^([0-9]{1,2}[.、])(?:[^0-9]|$)`), 3},
	{lazyregexp.New(`^\([0-9]{1,2}\)`), 4},
	{lazyregexp.New(`^[0-9]{1,2}\)`), 4},
	{lazyregexp.New(`^[①-⑳]`), 5},
}

// scheduleHeadings name the section whose numbered items are the phases.
var scheduleHeadings = []string{
	"实施步骤", "工作步骤", "方法步骤", "步骤安排", "推进步骤", "活动步骤",
	"时间安排", "进度安排", "时间进度", "实施进度", "工作进度", "进度计划",
	"时间节点", "实施安排", "时间步骤", "阶段安排",
}

// maxHeading caps a schedule heading in runes; a longer line is body text.
const maxHeading = 14

// maxHeadingBytes bounds, in bytes, a line that may be a schedule heading:
// a marker and maxHeading runes of three bytes, with room for spaces and a
// colon. Longer lines are not looked at for a heading at all.
const maxHeadingBytes = 3*maxHeading + 24

// maxScopeLines closes a schedule scope that shows no step this many lines
// after its heading.
const maxScopeLines = 6

// markerPat matches heading numbers that may open a phase line.
const markerPat = `\([一二三四五六七八九十0-9]{1,3}\)、?|[一二三四五六七八九十]{1,3}、|[0-9]{1,2}[.、)]|[①-⑳]`

// titleStops end a phase title: clause punctuation and an opening bracket
// (the dates or duration that follow the title).
const titleStops = ",，。；;:：(（【[ "

// titleLeads are filler words that may open the text after a phase word or
// its dates ("第一阶段为动员部署", "3月中旬前完成…"); they are not the title.
var titleLeads = []string{"以前", "之前", "期间", "前", "为", "是", "即", "进行"}

// titleTrim are the separators and brackets trimmed off a phase title.
const titleTrim = " :：,，、()（）"

// phaseWord ends a named phase ("准备阶段"); the title drops it.
const phaseWord = "阶段"

// maxTitle caps a phase title in runes; past it the text is the phase's body.
const maxTitle = 20

// cnMonths reads months written in Chinese numerals.
var cnMonths = map[string]int{
	"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
	"九": 9, "十": 10, "十一": 11, "十二": 12,
}
