package targets

import "github.com/planmine/planmine/doc"

// Language knowledge for the target grammar. Every table is written in
// folded form (Simplified script, half-width ASCII) because the scanner runs
// on fold.Text output.

// cnDigit maps Chinese digit characters to their value. 两 is 2 (两名),
// 〇/零 are 0 (三百零五).
var cnDigit = map[rune]float64{
	'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4,
	'五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
}

// cnSmallUnit maps the in-group multipliers.
var cnSmallUnit = map[rune]float64{'十': 10, '百': 100, '千': 1000}

// cnBigUnit maps the group multipliers; they also follow Arabic numbers
// (1.2万, 1.3万亿).
var cnBigUnit = map[rune]float64{'万': 1e4, '亿': 1e8}

// unitClass tells how a counter behaves.
type unitClass int

const (
	// classEvent counts occurrences (次, 场): a target even after a
	// Chinese numeral (召开一次民主生活会).
	classEvent unitClass = iota
	// classPerson counts people (人, 名, 位).
	classPerson
	// classItem is a plain classifier (个, 项, 条): after a small Chinese
	// numeral with nothing else it is an enumeration (两条主线, 三个方面),
	// not a commitment.
	classItem
	// classMeasure is a measure unit (学时, 元, 吨).
	classMeasure
	// classTime is a duration (天, 小时, 个月).
	classTime
	// classYear is 年: mostly years and deadlines, a target only with a
	// comparator or as a range (1-2年).
	classYear
	// classPercent is %, 个百分点.
	classPercent
	// classAge is 岁: a target only when the age is what is measured
	// (平均年龄为42岁), never as a qualifier (35岁以下青年).
	classAge
	// classBlock marks words that look like units but end a quantity as
	// "not a target" (周年, 年级, 号).
	classBlock
	// classScore is 分, points of a score (积分不少于30分, 1.2万分). The
	// same rune is a minute in clock times (8时30分) and part of words after
	// a Chinese numeral (十分重要), so it needs an Arabic number outside a
	// clock time, or a comparator.
	classScore
)

// units lists counters and measure units; matched longest first.
var units = map[string]unitClass{
	"次": classEvent, "场": classEvent, "场次": classEvent, "期": classEvent,
	"轮": classItem, "堂": classEvent, "届": classBlock, "遍": classItem,
	"人": classPerson, "名": classPerson, "位": classPerson, "人次": classPerson,
	"户": classPerson, "员": classBlock,
	"个": classItem, "项": classItem, "篇": classItem, "张": classItem,
	"份": classItem, "本": classItem, "册": classItem, "家": classItem,
	"所": classItem, "条": classItem, "件": classItem, "批": classItem,
	"种": classItem, "类": classItem, "套": classItem, "处": classItem, "支": classItem, "大类": classItem,
	"台": classItem, "部": classItem, "门": classItem, "座": classItem,
	"块": classItem, "幅": classItem, "首": classItem, "封": classItem,
	"例": classItem, "辆": classItem, "间": classItem, "栋": classItem,
	"学时": classMeasure, "课时": classMeasure, "学分": classMeasure,
	"字": classMeasure, "万字": classMeasure, "千字": classMeasure,
	"元": classMeasure, "万元": classMeasure, "亿元": classMeasure,
	"千元": classMeasure, "万亿元": classMeasure, "美元": classMeasure,
	"斤": classMeasure, "公斤": classMeasure, "吨": classMeasure,
	"万吨": classMeasure, "亿斤": classMeasure, "万亿斤": classMeasure,
	"公里": classMeasure, "千米": classMeasure, "米": classMeasure,
	"平方米": classMeasure, "平方公里": classMeasure, "亩": classMeasure,
	"万亩": classMeasure, "公顷": classMeasure, "立方米": classMeasure,
	"千瓦": classMeasure, "千瓦时": classMeasure, "床": classMeasure,
	"微克/立方米": classMeasure, "毫克/立方米": classMeasure,
	"张床": classMeasure, "分": classScore, "分钟": classTime,
	"天": classTime, "小时": classTime, "周": classTime, "个月": classTime,
	"个工作日": classTime, "工作日": classTime, "星期": classTime,
	"年": classYear, "周年": classBlock, "年级": classBlock, "年代": classBlock,
	"%": classPercent, "个百分点": classPercent, "百分点": classPercent,
	"‰": classPercent, "岁": classAge, "周岁": classAge,
	"号": classBlock, "号文": classBlock, "级": classBlock, "大": classBlock,
	"中全会": classBlock, "时": classBlock, "点": classBlock, "月": classBlock,
	"日": classBlock, "楼": classBlock, "星": classBlock,
	// Measures of real pages: ㎡ and 平米, vaccine doses, rounds, rates per
	// 100,000 (孕产妇死亡率8.20/10万), prices per visit or head (40元/次).
	"㎡": classMeasure, "平米": classMeasure, "m²": classMeasure, "m2": classMeasure,
	"剂次": classEvent, "剂": classItem, "轮次": classEvent, "个字": classMeasure,
	"户次": classPerson, "例次": classEvent, "台次": classEvent, "批次": classItem,
	"班次": classEvent,
	"毫升": classMeasure, "万毫升": classMeasure,
	// Counters of things handed out or set up: 1522副眼镜, 56只宣传栏, 枕套20对.
	"副": classItem, "只": classItem, "对": classItem,
	"千克": classMeasure, "毫克": classMeasure,
	"/10万": classPercent, "/万": classPercent, "/千": classPercent,
	"/10万人": classPercent, "/万人": classPercent, "/千人": classPercent,
	"元/次": classMeasure, "元/人": classMeasure, "元/人次": classMeasure,
	"元/例": classMeasure, "元/床日": classMeasure, "元/户": classMeasure,
	// 中纪委七次全会, 第十次党代会: the Nth session, an ordinal.
	// "召开2次会议" stays a count, so bare 次会议 is not listed.
	"次全会": classBlock, "次全体会议": classBlock, "次党代会": classBlock,
	"次全国代表大会": classBlock,
}

// unitsBefore are units a report may write before the number (诊疗人次14.9万).
var unitsBefore = []string{"人次"}

// unitAlias reports a unit under its usual name (此处共2746个字 counts 字).
var unitAlias = map[string]string{"个字": "字"}

// maxUnitLen is the longest key of units, in runes.
var maxUnitLen = func() int {
	n := 0
	for k := range units {
		if l := len([]rune(k)); l > n {
			n = l
		}
	}
	return n
}()

// cmpEntry is one comparator word. tensed marks words whose meaning
// depends on tense: a plan's "达到8%" is a floor (>=) and "控制在30%" a
// ceiling (<=), while a summary's "满意率达90.84%" or "使用率控制在12.3%"
// reports the value (=); cmp is then the plan's reading. gap is how many
// runes may stand between a preceding comparator and the number (至少召开1次
// → 2).
type cmpEntry struct {
	cmp    string
	gap    int
	tensed bool
}

// prefixCmp are comparators written before the number. Semantics follow
// 《民法典》§1259: 以上/以下/以内/不少于 include the number; 超过/不足/不满
// exclude it.
var prefixCmp = map[string]cmpEntry{
	"不少于": {">=", 0, false}, "不得少于": {">=", 0, false}, "不能少于": {">=", 0, false},
	"不应少于": {">=", 0, false}, "不低于": {">=", 0, false}, "不得低于": {">=", 0, false},
	"不小于": {">=", 0, false}, "至少": {">=", 3, false}, "最少": {">=", 3, false},
	"起码": {">=", 3, false}, "达到": {">=", 0, true}, "达": {">=", 0, true},
	"提高到": {">=", 0, true}, "突破": {">", 0, false},
	"不超过": {"<=", 0, false}, "不得超过": {"<=", 0, false}, "不能超过": {"<=", 0, false},
	"不高于": {"<=", 0, false}, "不大于": {"<=", 0, false}, "最多": {"<=", 3, false},
	"至多": {"<=", 3, false}, "控制在": {"<=", 0, true},
	"超过": {">", 0, false}, "多于": {">", 0, false}, "高于": {">", 0, false},
	"大于": {">", 0, false}, "逾": {">", 0, false}, "超": {">", 0, false},
	"不足": {"<", 0, false}, "少于": {"<", 0, false}, "低于": {"<", 0, false},
	"不到": {"<", 0, false}, "小于": {"<", 0, false}, "未满": {"<", 0, false},
	"不满": {"<", 0, false},
	"约":  {"~", 0, false}, "大约": {"~", 0, false}, "近": {"~", 0, false},
	"将近": {"~", 0, false}, "接近": {"~", 0, false}, "约为": {"~", 0, false},
	"大概": {"~", 0, false},
	// Symbols of tables and indicator lists (病历甲级率≥95%); full-width
	// ＞＜ fold to ASCII.
	"≥": {">=", 0, false}, "≧": {">=", 0, false}, "≤": {"<=", 0, false}, "≦": {"<=", 0, false},
	">": {">", 0, false}, "<": {"<", 0, false}, ">=": {">=", 0, false}, "<=": {"<=", 0, false},
}

// suffixCmp are comparators written after the number or its unit. 余/多
// (200余元, 3000多人) mean "more than N" and are ">", matching the gold;
// 左右/上下 are approximations.
var suffixCmp = map[string]string{
	"以上": ">=", "及以上": ">=", "之上": ">=", "以下": "<=", "及以下": "<=",
	"以内": "<=", "之内": "<=", "左右": "~", "上下": "~", "余": ">", "多": ">",
}

// maxCmpLen is the longest comparator, in runes.
const maxCmpLen = 4

// periods are frequency words; the value is the canonical form reported.
var periods = map[string]string{
	"每月": "每月", "每个月": "每月", "每季度": "每季度", "每个季度": "每季度",
	"每季": "每季度", "每半年": "每半年", "每年": "每年", "每年度": "每年",
	"全年": "全年", "年内": "年内", "年度": "年度", "每周": "每周", "每星期": "每周",
	"每天": "每天", "每日": "每天", "每学期": "每学期", "上半年": "上半年",
	"下半年": "下半年", "每两年": "每两年", "每两个月": "每两个月", "每双月": "每两个月",
	"每届": "每届", "每期": "每期",
	// Rates written after the count: 1次/月, 2次/季度.
	"/月": "每月", "/季度": "每季度", "/年": "每年", "/周": "每周", "/天": "每天",
}

// planCues mark a sentence as a commitment: modal and intention words.
var planCues = []string{
	"计划", "拟", "力争", "确保", "争取", "将", "要", "应", "须", "必须", "努力",
	"打算", "预期目标", "明年",
}

// weakPlanCues speak for a plan only when neither the headings nor the
// document type tell: norms (a summary reports 每次不少于90分钟 as the rule
// it kept), estimates (预计 in a review is the year's expected outcome) and
// nouns of aims.
var weakPlanCues = []string{
	"不少于", "不低于", "不得", "至少", "预计", "预期", "目标", "安排", "左右安排",
}

// achievedCues mark a sentence as a report of what was done or what is:
// perfective 了 and 已, totals, the current state, looking back.
var achievedCues = []string{
	"已", "已经", "了", "完成了", "达到了", "共计", "累计", "先后", "开展了",
	"召开了", "举办了", "组织了", "实现了", "共有", "现有", "增长了", "下降了",
	"提高了", "发展了", "参加了", "培训了", "共发展", "取得", "获得", "荣获", "获评",
	"被评为", "连续", "涌现", "以来", "年来", "正在", "过去", "目前",
}

// weakAchievedCues compare with the past (同比增长12%), name a receipt
// (收到来信20封), set a scene of a meeting report (会上，8个支部书记述职) or
// a date things stand at (截至年底; 十四五期间): a report's words, but plans
// use them too (力争同比增长5%, 全年收到感谢信不少于20封, 截止6月底完成3所, 活动
// 期间开展2次), so they speak only when nothing stronger does.
var weakAchievedCues = []string{
	"同比", "比上年", "比去年", "较上年", "较去年", "收到", "会上", "截至", "截止", "期间",
}

// falseCues are words containing a cue that do not carry its meaning
// (主要 is not 要, 将近 is not 将, 为了 and 了解 are not the perfective 了).
var falseCues = []string{
	"主要", "重要", "需要", "要求", "要点", "要素", "纪要", "将近", "应用",
	"应急", "相应", "适应", "供应", "反应", "效应", "响应", "对应", "拟定",
	"目标任务", "必须的", "已经是", "预期寿命", "行动计划", "为确保", "以确保",
	"为了", "除了", "了解", "不了", "了如指掌", "了然", "明了", "了结", "了却", "罢了",
	// 将 as the object marker (将原有3个支部优化为5个) says nothing of tense.
	"将原有", "将原来", "将现有", "将原", "将该", "将其", "将此", "将这", "将各",
	// 现将…如下 presents the text that follows (现将全年工作总结如下).
	"现将",
}

// disposalMarkers are cue words that also mark the object of a disposal
// verb further on in the clause (将党建工作纳入年度考核, 将责任落实情况与绩效
// 挂钩): then they say nothing of tense. maxDisposalObject bounds the object
// between them, in runes; a verb right after the marker (将纳入考核) is the
// future.
var disposalMarkers = map[string]bool{"将": true}

var disposalVerbs = []string{
	"纳入", "列入", "列为", "作为", "融入", "贯穿", "落实到", "落实在", "转化为", "挂钩",
	"摆在", "放在", "纳进", "写入", "延伸到", "推广到", "细化为", "分解到", "相结合", "结合起来",
	"贯彻到", "转化成", "融合", "结合",
}

const maxDisposalObject = 20

// nounCues are plan cues that are also nouns (学习计划, 工作打算): followed
// by a clause break or a noun's head (计划的, 计划中, 计划书), or after a
// verb that takes them as its object (纳入计划, 按计划), they name a plan
// document rather than commit to a figure.
var nounCues = map[string]bool{"计划": true, "打算": true}

const nounCueHeads = "的中内书表里外"

// purposeCues open a purpose clause after a measure (严格落实制度，确保每月
// 开展1次): in a report it says what the measure secured, so it tells no
// tense of its own.
var purposeCues = map[string]bool{"确保": true}

var nounCueOwners = []string{"纳入", "列入", "按", "按照", "根据", "学习", "工作"}

// maxCueBefore and maxCueAfter bound, in runes, how far a tense word
// before or after a figure still speaks for it.
const (
	maxCueBefore = 60
	maxCueAfter  = 30
)

// eventDays, eventVerbs and aheadWords make the opening of a news report
// of an event (近日，医院召开…; 3月5日上午，…举行…), unless announced ahead
// (定于3月5日召开).
var (
	eventDays  = []string{"近日", "日前", "近期"}
	eventVerbs = []string{"召开", "举行", "举办", "开展", "组织", "召集", "深入"}
	aheadWords = []string{"定于", "将于", "拟于", "计划于", "预计于", "拟定于"}
)

// maxEventLook is how far from the top a news opening is looked for, and
// maxEventGap how far after its date the verb may stand, in runes.
const (
	maxEventLook = 400
	maxEventGap  = 40
)

// planSections are heading words that make a section forward-looking even
// in a summary (2026年工作打算, 下一步工作计划).
var planSections = []string{
	"打算", "计划", "思路", "下一步", "下步", "明年", "今后", "设想", "目标", "工作安排",
	"工作要点", "主要任务", "重点任务", "工作任务", "重点工作", "结果运用", "展望",
}

// achievedSections are heading words that make a section a report: a
// review, its results, the current state a plan starts from.
var achievedSections = []string{
	"回顾", "回眸", "总结", "成绩", "成效", "完成情况", "取得", "主要做法", "工作开展情况",
	"基本情况", "工作情况", "开展情况", "落实情况", "进展情况", "运行情况", "总体情况",
	"建设情况", "执行情况", "考核情况", "检查情况", "整改情况", "现状", "发展基础",
	"工作基础", "考核结果", "检查结果", "督查结果", "测评结果", "总体评价", "工作进展",
}

// headingOpeners end a line or a sentence: a heading marker after one of
// them opens a heading (…作出安排。一、2025年工作总结).
const headingOpeners = "\n\r。;!?:)】>"

// headingEnds end the text of a heading found inside a line.
const headingEnds = ",.;!?:，。；！？：\n\r(（、"

// maxHeadingPhrase bounds a heading's text inside a flattened line.
const maxHeadingPhrase = 24

// minShapedHeading and maxShapedHeading bound a heading written without
// a marker, in runes (工作计划 … 2026年卫生院工作计划).
const (
	minShapedHeading = 4
	maxShapedHeading = 16
)

// forwardOpeners open a forward part of a summary when they begin a
// sentence (下一步，我们将…; 今后…).
var forwardOpeners = []string{"下一步", "下步", "今后", "明年", "新的一年", "来年"}

// titleReviewWords, titleJoiners and titlePlanWords make a review-and-plan
// title (2025年工作总结及2026年工作计划, 上半年工作总结和下半年工作打算).
var (
	titleReviewWords = []string{"总结", "回顾"}
	titlePlanWords   = []string{"计划", "打算", "思路", "安排", "设想", "要点"}
)

const titleJoiners = "及和与暨并"

// statementWords say what a text is when they stand right before its 如下
// or at most maxStatementGap runes after it (现将全年工作总结如下, 现将考核
// 情况通报如下, 特制定如下工作方案); maxStatementLook is how far from the top
// that statement is looked for, in runes, and maxTitleLine how long a first
// line read as a title may be.
var statementWords = map[string]string{
	"总结": doc.KindAchieved, "小结": doc.KindAchieved, "汇报": doc.KindAchieved,
	"报告": doc.KindAchieved, "通报": doc.KindAchieved, "述职": doc.KindAchieved,
	"回顾": doc.KindAchieved, "做法": doc.KindAchieved, "成效": doc.KindAchieved, "情况": doc.KindAchieved,
	"计划": doc.KindPlan, "打算": doc.KindPlan, "安排": doc.KindPlan, "部署": doc.KindPlan,
	"方案": doc.KindPlan, "实施方案": doc.KindPlan, "通知": doc.KindPlan, "要点": doc.KindPlan,
	"规划": doc.KindPlan, "意见": doc.KindPlan, "要求": doc.KindPlan,
}

// titleTypeKinds are type words of a title whose kind is not its type's:
// a 通报 reports what was done, a 通知 announces what is to be done.
var titleTypeKinds = map[string]string{"通报": doc.KindAchieved, "通知": doc.KindPlan}

const (
	maxStatementGap  = 2
	maxStatementLook = 800
	maxTitleLine     = 40
)

// maxTitleLook is how far from the start of a document its title is
// looked for, and maxTitleGap how far apart its parts may stand, in runes.
const (
	maxTitleLook = 80
	maxTitleGap  = 12
)

// spacedSuffixes are comparators a flattened page may set off by a space
// from the figure they bound (95% 以上).
var spacedSuffixes = []string{"以上", "以下", "以内", "左右", "及以上", "及以下"}

// markerOpeners end a line or a sentence: a number right after one of
// them (spaces between) is a list or page number, not a quantity.
const markerOpeners = "\n\r。;!?"

// metricStops are words that open the metric phrase on their right: the
// metric is what follows the last of them (全年计划发展党员2名 → 发展党员).
var metricStops = []string{
	"全年", "年内", "年度", "计划", "拟", "要", "将", "力争", "确保", "争取",
	"每季度", "每月", "每年", "每半年", "每周", "每天", "每人", "共", "累计",
	"完成", "收到", "共计", "其中", "达到", "达", "为", "是", "有", "约",
	"预计", "实现", "目标", "左右", "上半年", "下半年", "以上", "以下",
	"召开", "开展", "举办", "撰写", "参加", "组织", "安排", "按", "在", "了",
	"都", "至少", "最少", "不少于", "不低于", "不超过", "各", "把", "使",
	"可", "能", "需", "应", "须", "必须", "人均", "一般", "原则上", "经", "没有",
}

// metricTrim are single runes trimmed from both ends of a metric.
const metricTrim = "的了和与及并占、 \"“”'‘’()《》「」:"

// actionVerbs are verbs after which the counted thing follows the unit
// (召开1次专题组织生活会 → 专题组织生活会).
var actionVerbs = []string{
	"召开", "开展", "举办", "组织", "撰写", "收到", "参加", "开设", "建立", "培养",
	"培训", "举行", "讲授", "上", "讲", "观看", "走访", "慰问", "发放", "建成", "新建",
	"完成", "有", "选派", "送", "录用", "表彰", "评选",
}

// clauseBreaks end a clause (SPEC: the clause a target came from).
const clauseBreaks = ",.;!?:，。；！？：、()（）\n\r"

// sloganBreaks end a clause when looking for the quotation a numeral sits
// in; 、 is missing because it joins the parts of a quoted formula
// (“首诊负责、一次讲清”).
const sloganBreaks = ",.;!?:，。；！？：()（）\n\r"

// maxClause and maxSentence bound, in runes, how far a clause or a
// sentence is looked for around a figure.
const (
	maxClause   = 200
	maxSentence = 400
)

// sentenceBreaks end a sentence for tense cues.
const sentenceBreaks = ".!?。！？\n\r"

// dashes join the two ends of a range (8-10人, 6.5%－7%, 8～10名).
const dashes = "-~—–－～〜至到"

// quoteOpen and quoteClose bound quotations; a numeral inside a short
// quotation is part of a slogan (“一名党员一堂课”).
const (
	quoteOpen  = "“「『\""
	quoteClose = "”」』\""
)

// maxSloganLen is the longest quotation treated as a slogan.
const maxSloganLen = 14

// fusedBefore are runes that, right before a Chinese numeral, fuse it into
// a word (统一, 唯一, 进一步, 第一, 每一, 万一, 再一次, 又一次).
const fusedBefore = "第统唯进每万逐初星周礼单专同划归合几数上成再又"

// fusedAfter are words that, right after a Chinese numeral and its
// classifier, make it an idiom or determiner (一次性, 一批批, 一个个).
var fusedAfter = []string{"性", "产业", "次次", "个个", "批批", "道", "同", "样", "起", "些", "般"}

// clockBefore are runes that, right before a number, make a following 分 a
// minute of a clock time (8时30分, 9点15分).
const clockBefore = "时点"

// rankCues precede a rank, not a count: 考核排名后2位, 位列全省前3名.
var rankCues = []string{"排名", "排序", "排在", "位列", "名列", "位居", "居于"}

// rankEdges stand between a rank cue and the number (前/后 N 位).
const rankEdges = "前后"

// yearQualifiers make an N年 a condition on who qualifies, not a target
// (党龄满1年以上, 工作满5年, 教龄3年以上, 来川工作3年以上的人才).
var yearQualifiers = []string{"满", "龄", "年限", "工作", "从业", "任职"}

// indefiniteOne are counters after which 一 means "some", not one:
// 突破一批关键技术, 培养一批骨干.
var indefiniteOne = []string{"批", "群"}

// lookBack are words that turn N年 into the span looked back on
// (近三年年度考核, 过去五年, 最近两年): a period, not a target.
var lookBack = []string{"近", "最近", "过去", "前"}

// residenceCues qualify who is served by how long they have lived there
// (常住6个月以上的居民): the span is a condition, not a target.
var residenceCues = []string{"常住", "居住", "居住满", "连续居住"}

// distributors join numbers that share the comparator written before the
// first (分别达到1500人和600人 → both >=).
const distributors = "和与及、"

// formulaAfterOne are runes that, after 一 and its classifier, make a
// formula (一人多岗, 一岗双责, 一人一档): not a count.
const formulaAfterOne = "一多双两"

// ageCues precede an age that is itself measured (平均年龄为42岁,
// 人均预期寿命达到80岁).
var ageCues = []string{"年龄", "年龄为", "年龄是", "年龄达", "岁数", "寿命", "寿命达到", "寿命提高到"}

// classWords turn a number and its unit into a grade or a project stage
// when they follow the unit (20万吨级码头, 三期工程, 二期项目); "" applies to
// every unit.
var classWords = map[string][]string{
	"":  {"级"},
	"期": {"工程", "项目", "建设", "扩建", "改扩建", "改造", "工地"},
	"位": {"数"}, // 两位数增长: a number of digits
}

// baseNouns name the whole a share is taken of (职工总数1%): a comparator
// before the base applies to the share.
var baseNouns = []string{"总人数", "总数", "总量", "总额", "总和", "总值"}

// maxOwner bounds the owner of a base noun (职工, 在职职工) in runes.
const maxOwner = 5

// perPhrases may stand between a comparator and its number (达到每人每年700元,
// 不少于每人每年24学时).
var perPhrases = []string{
	"每人每年", "每人每月", "每人每天", "每床日", "每千人口", "每万人口",
	"每人", "每年", "每月", "每季度", "每周", "每天", "人均", "年均", "日均", "平均",
}

// deadlineWords are fixed deadline phrases.
var deadlineWords = []string{
	"年底以前", "年底前", "年末前", "年底", "年末", "年中", "年初", "上半年前",
}

// bareHundredAfter are comparators after which 百/千 stand alone for one
// hundred / thousand (逾百篇, 近千人).
const bareHundredAfter = "逾近超约"

// halfUnits are the time units 半 halves (不少于半天 → 0.5 天).
var halfUnits = map[string]bool{"天": true, "小时": true, "个月": true, "年": true, "个工作日": true}

// docCountUnits count articles and characters: in page titles and site
// notes they count the page, not the work.
var docCountUnits = map[string]bool{"篇": true, "字": true, "千字": true, "万字": true}

// siteSkip are brackets and spaces between a site's count and its cue
// (计划(精选5篇), 【文章共1872字).
const siteSkip = "()（）【】[] "

// siteCountBefore and siteCountAfter are the words of template and document
// sites around a count of articles or characters.
var (
	siteCountBefore = []string{
		"精选", "范文", "汇编", "合集", "大全", "集锦", "通用", "整理的", "整理了", "为您整理",
		"隐藏", "省略", "展示", "全文共", "全文约", "文章共", "本文共", "本文约", "共计约",
		"优选", "推荐", "热门",
	}
	siteCountAfter = []string{"范文", "附目录", "一文", "精选", "合集", "大全", "汇编", "模板", "参考"}
)

// siteStatLabels name a page's own statistics.
var siteStatLabels = []string{
	"点击数", "点击量", "点击", "浏览量", "浏览次数", "浏览", "阅读量", "阅读数", "阅读次数", "阅读",
	"下载",
	"访问量", "人气", "下载量", "下载次数", "收藏", "点赞", "评论数", "字数", "建议阅读",
	"阅读时间", "阅读约", "预计阅读",
}

// writeCues make a count of articles or characters the work's own: it is
// written, sent or published (撰写心得体会2篇, 报送信息36篇).
var writeCues = []string{
	"撰写", "写", "编写", "发表", "刊发", "刊登", "刊载", "登载", "编发", "编印", "报送",
	"上报", "推送", "发布", "转载", "录用", "采用", "收到", "收集", "征集", "提交", "形成",
	"完成", "交流", "评选", "获", "出版", "印发", "制作", "整理出", "汇编成",
}

// bracketOpen and bracketClose enclose a site's count of a page's articles.
const (
	bracketOpen  = "(【[〔"
	bracketClose = ")】]〕"
)

// maxWriteCue is how far before a count its write cue may stand, in runes.
const maxWriteCue = 30

// maxSessionGap is how far before 二次 the 届 of 八届二次 may stand.
const maxSessionGap = 8

// phaseOwners name what has phases (通州院区二期, 园区三期): N期 after them
// is a phase of construction, not a count of classes.
var phaseOwners = []string{"院区", "园区", "校区", "厂区", "基地", "大楼", "新院", "分院", "医院", "项目", "工程"}

// phaseAfter follow a construction phase (二期工程, 三期项目, 二期扩建).
var phaseAfter = []string{"工程", "项目", "扩建", "建设", "改造", "主体"}

// issueNouns end what a count of 期 numbers as issues or sessions (专刊三期,
// 墙报四期, 培训班两期), never a construction phase.
const issueNouns = "刊报班课座栏训"

// numeralIdioms are fixed expressions holding a numeral and a unit.
var numeralIdioms = []string{
	"最后一公里", "最先一公里", "最初一公里", "最后一米", "最后一百米",
	// One-per-head working methods (一人一档) and gatherings (欢聚一堂).
	"一人一档", "一人一策", "一人一案", "一人一卡", "一户一档", "一户一策", "一村一医", "一院一品", "一科一品", "一支部一品牌",
	"欢聚一堂", "齐聚一堂", "共聚一堂", "济济一堂",
	// N-in-one formulas (三位一体, 八位一体).
	"二位一体", "三位一体", "四位一体", "五位一体", "六位一体", "七位一体", "八位一体", "九位一体", "十位一体",
}

// maxRankGap is how far after a count the 中位列 of 在全县15家卫生院中
// 位列第3名 may stand; rankVerbs follow its 中.
const maxRankGap = 12

var rankVerbs = []string{"位列", "排名", "排第", "名列", "位居", "居第", "排在"}

// onceAdjectives after 一次/一场 describe the experience (一次深刻的教育,
// 一场生动的党课).
var onceAdjectives = []string{
	"深刻", "生动", "难忘", "有益", "宝贵", "难得", "很好", "良好", "成功", "精彩",
	"特殊", "震撼", "心灵", "灵魂", "思想洗礼", "精神洗礼", "洗礼", "全面的", "深入的",
	"别开生面", "实实在在",
}

// maxBookTitle bounds a 《book title》 around a number, in runes.
const maxBookTitle = 60

// benchmarkOwners and benchmarkHeads frame someone else's standard:
// 国家15%的标准, 全省5%的平均水平.
var (
	benchmarkOwners = []string{"国家", "全国", "全省", "全市", "全区", "全县", "省", "市", "行业", "上级", "国际"}
	benchmarkHeads  = []string{"标准", "要求", "平均水平", "水平", "平均值", "均值", "控制线", "红线", "警戒线"}
)

// maxOneOf is how far after a count the 之一 of 首批20个示范点之一 may stand.
const maxOneOf = 24

// entityNouns are units of organisation a small Chinese numeral counts
// (两个贫困村, 三个党支部), unlike the nouns of formulas and enumerations.
var entityNouns = []string{
	"党支部", "支部", "党总支", "党小组", "党组织", "村", "社区", "乡镇", "街道", "医院",
	"卫生院", "卫生室", "诊所", "科室", "病区", "院区", "分院", "小组", "工作组", "团队",
	"分队", "服务队", "工作室", "示范点", "基地", "单位", "部门", "家庭", "站",
}

// maxEntityGap is how far after the classifier the counted noun may start
// (两个贫困村: 2 runes of modifier).
const maxEntityGap = 3

// groupNouns head the names of teams set up for a task, which say what the
// team does first (四个宣讲督导小组, 两个家庭医生服务团队); maxGroupGap bounds
// that name, in runes.
var groupNouns = []string{
	"小组", "工作组", "督导组", "指导组", "检查组", "专班", "团队", "分队", "服务队", "宣讲团", "突击队",
}

const maxGroupGap = 6

// provisionVerbs and provisionOwners make a norm of provision out of 一 and
// a classifier: 村有一所卫生室, 每个社区设一个服务站.
var (
	provisionVerbs  = []string{"有", "建有", "设有", "配有", "建", "设", "建成", "设立", "设置", "配备"}
	provisionOwners = []string{"村", "每村", "每个村", "行政村", "乡镇", "每个乡镇", "每乡", "社区", "每个社区", "街道", "每个街道", "每县", "每个县", "县"}
)

// sizedPlaces are places a norm sizes by the people they serve (1500人以下
// 村卫生室): a bounded head count right before them says which places;
// placePeople are words that start like a place and name people (村民).
var (
	sizedPlaces = []string{
		"村卫生室", "卫生室", "行政村", "村", "社区", "乡镇", "街道", "卫生院", "医院", "医疗机构",
		"机构", "单位", "企业", "学校", "场所",
	}
	placePeople = []string{"村民", "村医", "村干部", "社区居民", "单位职工", "企业职工", "医院职工", "学校师生"}
)

// textParts are the parts a text, a talk or a plan is divided into (从3个
// 方面, 分2个阶段, 10个年度关键词); partQuotes may wrap the count or the part
// (‘3个’阶段) and maxPartModifier runes may qualify it.
var textParts = []string{"方面", "阶段", "关键词", "层面", "维度", "部分", "板块"}

const (
	partQuotes      = "‘’“”'\"「」『』"
	maxPartModifier = 2
)

// pairVerbs join the two people of a pairing (一名班子成员带着一名党员);
// maxPairGap bounds the first person's words, in runes.
var pairVerbs = []string{"带着", "带领", "带", "结对", "联系", "帮带", "帮扶", "陪同", "对接"}

const maxPairGap = 16

// areaScopes and areaDivisions make the setting 在全镇3个社区7个行政村: a
// whole area and the divisions it is made of; maxSetting bounds the
// setting's counts and names, in runes.
var (
	areaScopes    = []string{"全镇", "全乡", "全县", "全区", "全市", "全街道", "辖区", "全辖区"}
	areaDivisions = []string{"社区", "行政村", "自然村", "村", "乡镇", "街道", "村委会", "居委会", "村民小组"}
)

const maxSetting = 16
