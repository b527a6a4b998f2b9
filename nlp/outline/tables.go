package outline

import "github.com/planmine/planmine/ingest/fold"

// Language knowledge for the outline parser: numerals, marker shapes and the
// words that tell where a heading glued to its body ends. Kept as data so
// tests can check the tables on their own and new entries need no code.

// cnDigits maps the Chinese digits used in heading numbers to their values.
// 〇/零 only occur inside numbers like 一百零一, which headings never reach.
var cnDigits = map[rune]int{
	'一': 1, '二': 2, '三': 3, '四': 4, '五': 5,
	'六': 6, '七': 7, '八': 8, '九': 9, '两': 2,
	'〇': 0, '零': 0,
}

// circled maps enclosed numerals to their value: ①…⑳ (a GB/T 9704
// fifth level in practice), ⑴…⒇ (parenthesised) and ⒈…⒛ (with a full stop).
var circled = func() map[rune]circledNum {
	m := map[rune]circledNum{}
	for i := 0; i < 20; i++ {
		m[rune(0x2460+i)] = circledNum{i + 1, typeCircled}
		m[rune(0x2474+i)] = circledNum{i + 1, typeArabicParen}
		m[rune(0x2488+i)] = circledNum{i + 1, typeArabicDot}
	}
	return m
}()

type circledNum struct {
	n   int
	typ markerType
}

// styleRanks order the GB/T 9704 numbering styles from the top level down.
var styleRanks = map[markerType]int{
	typeCN: 1, typeCNParen: 2, typeCNHalf: 2, typeArabicDot: 3, typeArabicDun: 3,
	typeArabicParen: 4, typeArabicHalf: 4, typeCircled: 5,
}

// minSpaceTitle is the shortest title a space may end ("学习制度 每月…").
const minSpaceTitle = 2

// chapterWords are the units of "第X部分/章/节/条/篇" headings, each its own
// marker type. 阶段 is deliberately absent: phases belong to the schedule.
// 篇 is absent too: 第一篇/第1篇 count the articles of a compilation page
// (a list of article titles, or the split between documents), not sections.
var chapterWords = []string{"部分", "章", "节", "条"}

// chapterRunes and chapterTypes are chapterWords as runes and as marker
// types ("第部分"), derived once for parseChapter.
var (
	chapterRunes = func() [][]rune {
		out := make([][]rune, len(chapterWords))
		for i, w := range chapterWords {
			out[i] = []rune(w)
		}
		return out
	}()
	chapterTypes = func() []markerType {
		out := make([]markerType, len(chapterWords))
		for i, w := range chapterWords {
			out[i] = markerType("第" + w)
		}
		return out
	}()
)

// sentenceEnds end a heading title when its body follows on the same line.
// The colon only ends it when text follows (see cutTitle).
var sentenceEnds = map[rune]bool{
	'。': true, '！': true, '？': true, '；': true,
	'!': true, '?': true, ';': true,
}

// colons end a title when body text follows them on the line.
var colons = map[rune]bool{'：': true, ':': true}

// maxTitle is the longest title, in runes, that a heading glued to its body
// without punctuation is allowed; 公文 headings are rarely longer.
const maxTitle = 25

// maxSentenceTitle caps a title that runs to a sentence end: past it the
// title is cut at the first comma (a numbered paragraph, not a heading).
const maxSentenceTitle = 50

// minCommaCut keeps a comma cut from leaving a stub title ("当前").
const minCommaCut = 4

// headingEnds are the words 公文 section titles end with (指导思想, 工作目标,
// 主要任务, 保障措施 …). A title glued to its body without punctuation is cut
// after one of them when body text starts right after it. Whole titles and
// bare suffixes both work, since matching is by substring.
var headingEnds = []string{
	"指导思想", "总体要求", "总体目标", "工作目标", "目标任务", "主要任务",
	"重点任务", "工作任务", "基本原则", "工作原则", "组织领导", "组织保障",
	"工作要求", "实施步骤", "方法步骤", "步骤安排", "时间安排", "进度安排",
	"保障措施", "工作措施", "主要措施", "活动内容", "主要内容", "工作内容",
	"活动主题", "活动时间", "活动对象", "参加对象", "实施范围", "工作思路",
	"工作要点", "工作重点", "具体目标", "具体要求", "有关要求", "其他事项",
	"存在问题", "存在的问题", "主要问题", "不足之处", "下步打算", "下一步打算",
	"工作打算", "主要做法", "经验做法", "取得成效", "主要成效", "工作成效",
	"基本情况", "工作情况", "职责分工", "责任分工", "工作机制", "方法",
	"思想", "目标", "任务", "要求", "措施", "步骤", "原则", "领导", "安排",
	"内容", "保障", "意义", "范围", "对象", "重点", "分工", "思路", "要点",
	"做法", "成效", "打算", "建设", "背景", "原因", "分析", "回顾", "回顧",
}

// headingEndsByRune indexes headingEnds by first rune for gluedEnd; derived
// once from the table, never changed.
var headingEndsByRune = func() map[rune][][]rune {
	m := map[rune][][]rune{}
	for _, w := range headingEnds {
		r := []rune(w)
		m[r[0]] = append(m[r[0]], r)
	}
	return m
}()

// bodyStarts are words a body sentence typically opens with. After a
// heading-ending word they confirm that the body began there; alone (at
// least minGlued runes into the line) they mark where a glued title stops.
var bodyStarts = []string{
	"认真", "坚持", "以", "为", "按照", "根据", "进一步", "切实", "通过",
	"围绕", "深入", "紧紧", "结合", "全面", "在", "要", "把", "将", "各",
	"我院", "我局", "我们", "本院", "本单位", "今年", "全年", "当前", "目前",
	"着力", "始终", "严格", "积极", "充分", "努力", "对", "由",
	"成立", "建立", "开展", "组织", "加强", "强化", "落实", "贯彻", "紧扣",
	"领导小组", "各科室", "各支部", "各党支部", "各部门", "各单位", "近年来", "一年来",
	"今年以来", "去年以来", "一是", "首先", "随着", "本", "每",
}

// maxBodyStart is the longest entry of bodyStarts, in runes.
const maxBodyStart = 4

// bodyStartsStrong are body openers safe to cut at even without a
// heading-ending word before them: they rarely begin a heading's second half.
var bodyStartsStrong = []string{
	"认真贯彻", "认真落实", "坚持以", "以习近平", "按照", "根据", "为深入",
	"为进一步", "为认真", "为全面", "为切实", "进一步", "紧紧围绕", "通过开展",
	"结合实际", "深入贯彻", "全面贯彻", "深入学习", "医院将", "医院要", "我院将",
	"全院",
}

// spaceBodyStarts open a body sentence set off from a short title by a
// space (活动安排 每季度开展一次义诊。); unlike the second phrase of a
// two-phrase heading, they read as the start of a clause.
var spaceBodyStarts = []string{"每", "全年", "今年", "明年", "本年度", "我院", "我站", "我中心", "各科室", "各支部"}

// maxOpener is the longest entry of bodyStartsStrong, in runes.
const maxOpener = 4

// minGlued is how far into a title a strong body opener must be before the
// title is cut there, so that "坚持…" titles are not emptied.
const minGlued = 4

// closers are closing quotes and brackets: after a sentence end or a colon
// (…要求。”一、…) a heading number may follow them inside a line.
var closers = map[rune]bool{
	'”': true, '’': true, '」': true, '』': true, ')': true, ']': true, '〕': true, '》': true, '"': true, '\'': true,
}

// boundaryRunes are the runes (as written, before folding) after which a
// heading may start inside a line that lost its breaks: sentence ends,
// colons, closing quotes and brackets, 、, blanks and markdown marks. A fast
// filter; boundaryBefore decides.
var boundaryRunes = func() map[rune]bool {
	m := map[rune]bool{'、': true, '】': true, '*': true, '#': true, ' ': true, '\t': true, '\u3000': true, '\u00a0': true}
	for _, set := range []map[rune]bool{sentenceEnds, colons, closers} {
		for r := range set {
			m[r] = true
		}
	}
	for _, r := range "。！？；：）］〕”’」』》" {
		m[r] = true
	}
	for r := range m {
		if w := fold.Width(r); w != r {
			m[w] = true
		}
	}
	return m
}()

// boundaryBits is boundaryRunes as a bitmap: inline tests it on every
// rune that does not follow a Han character, and a map lookup there was a
// good part of the parse. All boundary runes are in the BMP
// (TestBoundaryBits).
var boundaryBits = func() *[1 << 16 / 64]uint64 {
	var b [1 << 16 / 64]uint64
	for r := range boundaryRunes {
		if r < 1<<16 {
			b[r>>6] |= 1 << (r & 63)
		}
	}
	return &b
}()

// isBoundary reports boundaryRunes[r].
func isBoundary(r rune) bool {
	return uint32(r) < 1<<16 && boundaryBits[r>>6]&(1<<(r&63)) != 0
}

// docTitleEnds end a document title; a 一、 glued right after such a title
// at the start of a line opens the document's outline (…实施方案一、指导思想).
var docTitleEnds = []string{
	"方案", "计划", "計劃", "总结", "總結", "要点", "要點", "报告", "報告", "安排", "意见", "意見",
	"通知", "规划", "規劃", "打算", "思路", "材料", "办法", "辦法", "细则", "細則", "汇报", "匯報",
}

// minColonTitle and maxColonTitle bound, in runes, a heading title that a
// colon ends with its body after it (健康知识宣传：全年…): shorter is a
// label (其中：), longer a sentence.
const (
	minColonTitle = 4
	maxColonTitle = 16
)

// labelWords open the numbered headings of review and feature articles
// (关键词一：凝心铸魂, 亮点二：…, 镜头3 …): the word, a number, then a colon,
// 、 or a space. Each word is a numbering style of its own. Simplified only:
// the line is folded before it is parsed.
var labelWords = []string{
	"关键词", "关键字", "亮点", "看点", "举措", "成效", "镜头", "篇章", "瞬间", "场景", "故事", "特色", "经验",
}

// labelRunes and labelWordRunes are labelWords' first runes and the words as
// runes, derived once for parseMarker.
var (
	labelRunes = func() map[rune]bool {
		m := map[rune]bool{}
		for _, w := range labelWords {
			m[[]rune(w)[0]] = true
		}
		return m
	}()
	labelWordRunes = func() [][]rune {
		out := make([][]rune, len(labelWords))
		for i, w := range labelWords {
			out[i] = []rune(w)
		}
		return out
	}()
)

// labelSeps may follow the number of a label heading.
var labelSeps = map[rune]bool{':': true, '：': true, '、': true, ' ': true, '\u3000': true}

// titleDecorations are what template sites append to a document title
// (…工作计划范文一、指导思想…); the title's own end word comes before them.
var titleDecorations = []string{"范文大全", "範文大全", "范文", "範文", "范本", "範本", "模板", "模版", "精选", "精選", "完整版", "全文"}

// minDocTitle and maxDocTitle bound the length, in runes, of a document title
// that a first heading may be glued to.
const (
	minDocTitle = 4
	maxDocTitle = 60
)

// maxTitleNote is the longest bracketed note after a title, in runes with
// its brackets: （摘录）, （节选）, (试行), （征求意见稿）.
const maxTitleNote = 8

// numeralFollowers after a numeral opening a title show a list of numbers,
// not a heading: 一、二级医院, 2、3月份, 三、四至六月.
var numeralFollowers = map[rune]bool{
	'、': true, ',': true, '，': true, '月': true, '级': true, '級': true, '类': true, '類': true,
	'至': true, '到': true, '-': true, '~': true, '～': true, '—': true, '的': true,
}

// debrisWords in a "title" mark page or file debris that a scrape glued
// after a page number (1、…撰写人：…, 第1页共7页), not a heading.
var debrisWords = []string{"撰写人", "撰稿人", "编写人", "審核人", "审核人", "制表人", "填报人", "页共", "頁共"}

// debrisByRune indexes debrisWords by first rune for badTitle; derived
// once from the table.
var debrisByRune = func() map[rune][][]rune {
	m := map[rune][][]rune{}
	for _, w := range debrisWords {
		r := []rune(w)
		m[r[0]] = append(m[r[0]], r)
	}
	return m
}()

// isCNDigit reports a Chinese digit of cnDigits without a map lookup: it
// runs on most runes of a line's opening. TestIsCNDigit keeps it in step
// with the table.
func isCNDigit(r rune) bool {
	switch r {
	case '一', '二', '三', '四', '五', '六', '七', '八', '九', '两', '〇', '零':
		return true
	}
	return false
}

// decimalUnits after a decimal number make it a quantity, not a heading
// number: 1.5亿, 2.5倍, 0.8个百分点.
var decimalUnits = map[rune]bool{
	'亿': true, '億': true, '万': true, '萬': true, '元': true, '倍': true, '%': true, '％': true,
	'个': true, '個': true, '分': true, '米': true, '吨': true, '噸': true, '斤': true, '克': true,
	'人': true, '名': true, '次': true, '天': true, '岁': true, '歲': true, '小': true, '平': true, '公': true,
}

// maxGap is how many numbers a strong style may skip and still continue
// its count: at a line start a preview page may hide whole sections
// (（一）… 此处隐藏… （四）); inside a line at most one heading is lost.
var maxGap = map[placeMode]int{atLineStart: 5, inLine: 2}

// markerWindow is how many runes are folded to test a heading number inside
// a line before the whole line is folded.
const markerWindow = 12

// labelEnds end a short label glued before a first heading 一、 after a
// sentence (工作成绩一、, 现简要总结一、, 具体措施一、).
var labelEnds = []string{"成绩", "总结", "情况", "工作", "如下", "要求", "措施", "做法", "安排", "内容", "目标", "成效", "举措", "任务", "思路", "打算"}
