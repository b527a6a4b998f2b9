package schedule

import "regexp"

// Patterns of implementation schedules, kept together as data. They run on
// folded text (Traditional → Simplified, full width → ASCII), so "（" is "(".
var (
	// reOrdinalPhase finds "第一阶段", "第2阶段".
	reOrdinalPhase = regexp.MustCompile(`第[一二三四五六七八九十0-9]{1,3}个?阶段`)

	// reAnchorBefore is what may precede a phase word on its line: nothing,
	// a clause end, and/or a list marker ("…时间安排:1. 第一阶段").
	reAnchorBefore = regexp.MustCompile(`(?:^|[:;。])\s*(?:` + markerPat + `)?\s*$`)

	// reNamedPhase finds a line opening "(一)动员部署阶段(4月上旬)" or
	// "准备阶段:": a short name ending in 阶段 right after an optional marker.
	reNamedPhase = regexp.MustCompile(`^\s*(?:` + markerPat + `)?\s*([^\s,:;。()、]{2,10}阶段)`)

	// reMonth is one point of a schedule: an optional year, a month and an
	// optional day or part of the month (上旬/中旬/下旬/初/底/末).
	reMonth = regexp.MustCompile(`(?:(次年|(?:19|20)[0-9]{2}\s*年)(?:度)?\s*)?` +
		`([0-9]{1,2}|十[一二]?|[一二三四五六七八九])\s*月` +
		`(?:\s*[0-9]{1,2}\s*[日号])?(?:上旬|中旬|下旬|初|底|末|中|份)?`)

	// reSharedMonth is a month range with one 月: "4-5月", "2024年9至11月".
	reSharedMonth = regexp.MustCompile(`(?:(次年|(?:19|20)[0-9]{2}\s*年)(?:度)?\s*)?` +
		`([0-9]{1,2})\s*(?:-|—|–|－|~|～|至|到)+\s*([0-9]{1,2})\s*月(?:上旬|中旬|下旬|初|底|末|中|份)?`)

	// reDotted is a dotted date or range: "2023.5", "2023.5.1-2023.6.30".
	reDotted = regexp.MustCompile(`((?:19|20)[0-9]{2})[./]([0-9]{1,2})(?:[./][0-9]{1,2})?` +
		`(?:\s*(?:-|—|–|－|~|～|至|到)+\s*((?:19|20)[0-9]{2})[./]([0-9]{1,2})(?:[./][0-9]{1,2})?)?`)

	// reRangeSep joins two points of a range: "4月-5月", "6月至7月", "8月—11月".
	reRangeSep = regexp.MustCompile(`^\s*(?:-|—|–|－|~|～|至|到|—)+\s*`)
)

// markerPat matches heading numbers that may open a phase line.
const markerPat = `\([一二三四五六七八九十0-9]{1,3}\)、?|[一二三四五六七八九十]{1,3}、|[0-9]{1,2}[.、)]|[①-⑳]`

// titleStops end a phase title: clause punctuation and an opening bracket
// (the dates or duration that follow the title).
const titleStops = ",，。；;:：(（【[ "

// titleLeads are filler words that may open the text after a phase word or
// its dates ("第一阶段为动员部署", "3月中旬前完成…"); they are not the title.
var titleLeads = []string{"以前", "之前", "期间", "前", "为", "是", "即", "进行"}

// maxTitle caps a phase title in runes; past it the text is the phase's body.
const maxTitle = 20

// cnMonths reads months written in Chinese numerals.
var cnMonths = map[string]int{
	"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
	"九": 9, "十": 10, "十一": 11, "十二": 12,
}
