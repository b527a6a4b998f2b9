package targets

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
	"种": classItem, "套": classItem, "处": classItem, "支": classItem,
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
	// 中纪委七次全会, 第十次党代会: the Nth session, an ordinal.
	// "召开2次会议" stays a count, so bare 次会议 is not listed.
	"次全会": classBlock, "次全体会议": classBlock, "次党代会": classBlock,
	"次全国代表大会": classBlock,
}

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

// cmpEntry is one comparator word. reach marks 达/达到, whose meaning
// depends on tense: a plan's "达到8%" is a floor (>=), a summary's
// "满意率达90.84%" reports the value (=). gap is how many runes may stand
// between a preceding comparator and the number (至少召开1次 → 2).
type cmpEntry struct {
	cmp   string
	gap   int
	reach bool
}

// cmpReach is the internal comparator resolved by kind.
const cmpReach = "reach"

// prefixCmp are comparators written before the number. Semantics follow
// 《民法典》§1259: 以上/以下/以内/不少于 include the number; 超过/不足/不满
// exclude it.
var prefixCmp = map[string]cmpEntry{
	"不少于": {">=", 0, false}, "不得少于": {">=", 0, false}, "不能少于": {">=", 0, false},
	"不应少于": {">=", 0, false}, "不低于": {">=", 0, false}, "不得低于": {">=", 0, false},
	"不小于": {">=", 0, false}, "至少": {">=", 3, false}, "最少": {">=", 3, false},
	"起码": {">=", 3, false}, "达到": {cmpReach, 0, true}, "达": {cmpReach, 0, true},
	"提高到": {cmpReach, 0, true}, "突破": {">", 0, false},
	"不超过": {"<=", 0, false}, "不得超过": {"<=", 0, false}, "不能超过": {"<=", 0, false},
	"不高于": {"<=", 0, false}, "不大于": {"<=", 0, false}, "最多": {"<=", 3, false},
	"至多": {"<=", 3, false}, "控制在": {"<=", 0, false},
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

// planCues mark a clause as a commitment.
var planCues = []string{
	"计划", "拟", "力争", "确保", "争取", "目标", "预计", "预期", "将", "要",
	"应", "须", "必须", "不少于", "不低于", "不得", "至少", "努力", "打算", "安排",
	"预期目标", "左右安排",
}

// achievedCues mark a clause as a report of what was done.
var achievedCues = []string{
	"已", "已经", "完成了", "达到了", "收到", "共计", "累计", "先后", "开展了",
	"召开了", "举办了", "组织了", "实现了", "共有", "现有",
	"增长了", "下降了", "提高了", "发展了", "参加了", "培训了", "共发展",
	"取得", "获得", "被评为", "连续", "涌现", "期间", "以来", "年来",
}

// comparisonCues compare with the past (同比增长12%): a report's words, but
// plans use them too (力争同比增长5%, 较上年下降20%), so they count only
// when nothing else tells the tense and the document does not look ahead.
var comparisonCues = []string{"同比", "比上年", "比去年", "较上年", "较去年"}

// falseCues are words containing a cue that do not carry its meaning
// (主要 is not 要, 将近 is not 将).
var falseCues = []string{
	"主要", "重要", "需要", "要求", "要点", "要素", "纪要", "将近", "应用",
	"应急", "相应", "适应", "供应", "反应", "效应", "响应", "对应", "拟定",
	"目标任务", "必须的", "已经是", "预期寿命", "行动计划",
}

// planSections are heading words that make a section forward-looking even
// in a summary (2026年工作打算, 下一步工作计划).
var planSections = []string{
	"打算", "计划", "思路", "下一步", "明年", "今后", "设想", "目标任务", "工作安排",
	"工作要点", "主要任务", "重点任务", "主要目标", "预期目标", "工作任务", "重点工作",
}

// achievedSections are heading words that make a section a report.
var achievedSections = []string{
	"回顾", "成绩", "成效", "完成情况", "取得", "主要做法", "工作开展情况",
}

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
// a word (统一, 唯一, 进一步, 第一, 每一, 万一).
const fusedBefore = "第统唯进每万逐初星周礼单专同划归合几数上成"

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
	"期": {"工程", "项目"},
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
