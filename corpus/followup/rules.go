package followup

// The rules of the follow-up as data. Every table here is read by the
// code in this package; Cases below writes each rule down with an example
// of our own that rules_test.go runs row by row.

// Statuses of a plan target.
const (
	Met          = "met"          // 已完成: the achieved figure satisfies the plan
	NotMet       = "not_met"      // 未完成: it does not
	NotReported  = "not_reported" // 未报告: no summary, or the summary does not report the metric
	Incomparable = "incomparable" // 无法比较: units, periods or bounds do not allow a verdict
)

// Tolerance is how far an achieved figure may stray from a plan written
// with 约/左右/上下 (cmp "~") and still count as met: ±10 %. Where the
// metric says which way is better (reductions, lowerIsBetter) only the
// wrong side counts.
const Tolerance = 0.10

// Which way a metric is better, for plans written as a plain number or
// with 约 (those with 不少于/不超过 say it themselves).
const (
	neutral = iota // 约: within Tolerance; a plain number: a quota to reach
	higher         // a reduction (能耗下降2%左右): more is better
	lower          // a harm or a cost (药占比30%左右, 婴儿死亡率4‰): less is better
)

// reductionWords make a metric a reduction, where more is better:
// 单位能耗下降2%左右 is met by a fall of 3 %.
var reductionWords = []string{"下降", "降低", "减少", "压减", "降幅", "缩短"}

// lowerIsBetter marks metrics of harms and costs: a plan of 约30% or a
// plain 4‰ for them is a ceiling (药占比30%左右 is met by 27.6 %).
var lowerIsBetter = []string{
	"涨幅", "增幅", "失业率", "投诉率", "死亡率", "发生率", "感染率", "事故", "差错",
	"费用", "药占比", "耗材占比", "住院日", "赤字", "负债", "欠款", "不良事件",
}

// MinSimilarity is the share of characters two metrics must have in
// common (Jaccard over their character sets) to match when neither equals
// nor contains the other: 培训支部书记 / 支部书记培训 = 1, while
// 二氧化碳排放量下降 / 氮氧化物排放量下降 = 0.64 stays apart.
const MinSimilarity = 0.8

// minPrefixRunes is the shortest metric that matches a longer one it
// starts (粮食产量 / 粮食产量首次跃上): the extractor sometimes leaves a
// verb after the noun. Ending with a shorter metric needs only
// minMetricRunes, since Chinese puts the head noun last (义诊 / 下乡义诊).
const minPrefixRunes = 4

// minMetricRunes is the shortest metric (after normalising) that may be
// matched at all: one character (率, 次) says nothing.
const minMetricRunes = 2

// orgAliases rewrite abbreviations to one spelling before anything else,
// longest first, on script-folded names: 卫生健康委员会 and 卫健委 are one body.
var orgAliases = [][2]string{
	{"卫生和计划生育委员会", "卫计委"},
	{"卫生健康委员会", "卫健委"},
	{"卫生健康局", "卫健局"},
	{"中医医院", "中医院"},
}

// orgPrefixes are dropped from the front of an organisation: the party
// committee of a hospital and the hospital report as one unit.
var orgPrefixes = []string{"中国共产党", "中共"}

// orgSuffixes are dropped from the end, longest first, as long as one
// matches and something is left: 中共青松县人民医院委员会办公室 → 青松县人民医院.
var orgSuffixes = []string{
	"党总支部委员会", "总支部委员会", "党支部委员会", "支部委员会", "党委员会",
	"党总支", "党支部", "委员会", "办公室", "党委", "党组", "总支", "支部",
}

// orgPlaceholders mark template names (XX医院, ××卫生院, 某县医院): such
// a name identifies nobody and is treated as no organisation.
var orgPlaceholders = []string{"xx", "××", "某"}

// folderTypes are the document types a folder may stand in for an
// organisation between: a hospital's plans, schemes and summaries filed
// together. Reports, notices, experience materials and unclassified
// documents gather many organisations' texts in one folder (a collection
// of government work reports), so they link by organisation only.
var folderTypes = map[string]bool{"plan": true, "scheme": true, "summary": true}

// metricLeading are words at the front of a metric that say when, where or
// how, not what: 全年发展党员 → 发展党员. Dropped while at least
// minMetricRunes characters remain.
var metricLeading = []string{
	"全年", "年内", "年度", "今年", "全院", "全系统", "全中心", "全镇", "全县",
	"各级党组织", "各党支部", "各支部", "其中", "开展", "召开", "举办", "完成", "累计",
	"计划", "力争", "新增加",
}

// metricTrailing are words at the end that say how a figure moves or is
// counted, not what it counts: 患者满意度稳定 → 患者满意度, 主题党日活动 → 主题党日.
var metricTrailing = []string{
	"保持在", "稳定在", "控制在", "保持", "稳定", "控制", "达到", "降至", "提升至", "增加到",
	"活动", "次数", "人数", "数量", "总数", "为", "达",
}

// genericMetrics name a change or a share without saying of what (增长9.6%,
// 比上年增加1.1万亿元): they match nothing, not even themselves.
var genericMetrics = map[string]bool{
	"增长": true, "下降": true, "降低": true, "提高": true, "增加": true, "减少": true, "上涨": true,
	"增幅": true, "降幅": true, "涨幅": true, "占比": true, "比例": true, "比重": true, "平均": true,
	"同比增长": true, "同比下降": true, "比上年增加": true, "比上年增长": true, "较上年增加": true,
	"较上年增长": true, "较上年缩短": true, "合计": true, "总计": true,
}

// changeWords, following a metric, turn a level into its change: 国内生产总值
// (a level in 元) and 国内生产总值增长 (a rate in %) are two measures, so a
// metric does not match a longer one that only adds one of these.
var changeWords = []string{"增长", "下降", "降低", "提高", "增加", "减少", "上涨", "增幅", "降幅", "涨幅", "提升"}

// metricSynonyms rewrite one wording to another (on folded text, in
// order), where the reports and the plans say the same thing differently.
var metricSynonyms = [][2]string{
	{"满意率", "满意度"},
	{"专题党课", "党课"},
	{"讲党课", "党课"},
	{"上党课", "党课"},
	{"支委会", "支部委员会"},
	{"发展新党员", "发展党员"},
	{"入党积极分子", "积极分子"},
	{"健康体检", "体检"},
	{"上涨", "涨幅"},
}

// A unit is a class of measure and the size of a unit in the class's base:
// two figures compare only within one class.
type unit struct {
	class string
	size  float64
	rate  bool // a share or score: never summed over periods
}

// units: 名, 人 and 位 count persons; 人次 counts visits (not persons); 次,
// 场, 场次 and 回 count occasions; 小时 and 学时 are one hour. Units not
// listed compare only with themselves.
var units = map[string]unit{
	"名": {"person", 1, false}, "人": {"person", 1, false}, "位": {"person", 1, false},
	"人次": {"visit", 1, false},
	"次":  {"times", 1, false}, "场": {"times", 1, false}, "场次": {"times", 1, false}, "回": {"times", 1, false},
	"学时": {"hour", 1, false}, "小时": {"hour", 1, false}, "课时": {"hour", 1, false}, "分钟": {"hour", 1.0 / 60, false},
	"天": {"day", 1, false}, "日": {"day", 1, false}, "周": {"day", 7, false},
	"个月": {"month", 1, false}, "月": {"month", 1, false}, "年": {"month", 12, false},
	"元": {"yuan", 1, false}, "万元": {"yuan", 1e4, false}, "亿元": {"yuan", 1e8, false},
	"斤": {"jin", 1, false}, "公斤": {"jin", 2, false}, "千克": {"jin", 2, false}, "吨": {"jin", 2000, false},
	"%": {"percent", 1, true}, "‰": {"permille", 1, true}, "个百分点": {"point", 1, true},
	"分": {"score", 1, true},
}

// periods: how many times a period fits in a year. A plan per quarter
// (每季度不少于1次) is compared as a year's count (4) with a summary's
// figure, which counts the year unless it says otherwise.
var periods = map[string]float64{
	"每周": 52, "每月": 12, "每季度": 4, "每季": 4, "每半年": 2,
	"每年": 1, "全年": 1, "年度": 1, "年内": 1, "全年度": 1,
}

// perHead marks a plan counted per person or per branch (每名党员撰写心得
// 不少于2篇): it compares only with a report counted the same way (人均),
// never with a total.
var perHead = []string{"每名", "每人", "每位", "人均", "每个支部", "每个党支部", "各支部", "每支部"}

// Case is one rule written down with an example: a plan target, the
// documents that may report on it, and what the rule gives. rules_test.go
// runs every case through Link.
type Case struct {
	Area string // org, year, metric, unit, period, cmp, last
	Rule string // the rule, Chinese then English
	Plan Doc    // the plan document; its first target is the one followed up
	// Others are the other documents in the corpus.
	Others []Doc
	// Want is the status; Match and OrgMatch, when set, how the link was made.
	Want     string
	Match    string
	OrgMatch string
	// LastPlan and LastAchieved, when set, are the clauses expected as last year's figures.
	LastPlan, LastAchieved string
}

// Doc is one document of a Case.
type Doc struct {
	Org     string // "" for none
	Source  string // file path as stored
	Type    string // doc_type
	Year    int    // 0 for none
	Targets []Fig
}

// Fig is one extracted target as nlp/targets gives it.
type Fig struct {
	Clause, Metric, Cmp string
	Value, Max          float64 // Max only for cmp "range"
	Unit, Period        string
	Kind                string // plan|achieved
}

// plan and done write a plan and an achieved figure; period is "" for none.
func plan(clause, metric, cmp string, v float64, unit, period string) Fig {
	return Fig{Clause: clause, Metric: metric, Cmp: cmp, Value: v, Unit: unit, Period: period, Kind: "plan"}
}

func done(clause, metric, cmp string, v float64, unit, period string) Fig {
	return Fig{Clause: clause, Metric: metric, Cmp: cmp, Value: v, Unit: unit, Period: period, Kind: "achieved"}
}

func span(clause, metric string, lo, hi float64, unit, kind string) Fig {
	return Fig{Clause: clause, Metric: metric, Cmp: "range", Value: lo, Max: hi, Unit: unit, Kind: kind}
}

// planDoc and summary are a 2025 plan and a 2025 summary of org.
func planDoc(org string, figs ...Fig) Doc {
	return Doc{Org: org, Source: "收件/2025年党建工作计划.docx", Type: "plan", Year: 2025, Targets: figs}
}

func summary(org string, figs ...Fig) Doc {
	return Doc{Org: org, Source: "收件/2025年党建工作总结.docx", Type: "summary", Year: 2025, Targets: figs}
}

var (
	dev5    = plan("全年发展党员不少于5名", "发展党员", ">=", 5, "名", "全年")
	devDone = done("全年发展党员6名", "发展党员", "=", 6, "名", "全年")
)

// Cases are the rules of the follow-up, one example each.
var Cases = []Case{
	// Organisations.
	{Area: "org", Rule: "党委与其医院是同一单位：去掉“中共”与“委员会/党委” (a hospital's party committee reports as the hospital)",
		Plan: planDoc("中共青松县人民医院委员会", dev5), Others: []Doc{summary("青松县人民医院党委", devDone)},
		Want: Met, OrgMatch: "org"},
	{Area: "org", Rule: "繁简同名 (Traditional and Simplified names are one)",
		Plan: planDoc("青松縣人民醫院黨委", dev5), Others: []Doc{summary("青松县人民医院", devDone)},
		Want: Met, OrgMatch: "org"},
	{Area: "org", Rule: "支部委员会即党支部 (支部委员会 and 党支部 are one branch)",
		Plan: planDoc("松林镇卫生院党支部", dev5), Others: []Doc{summary("中共松林镇卫生院支部委员会", devDone)},
		Want: Met, OrgMatch: "org"},
	{Area: "org", Rule: "简称与全称：卫健委 = 卫生健康委员会 (abbreviations are expanded to one spelling)",
		Plan: planDoc("中共柳河县卫生健康委员会", dev5), Others: []Doc{summary("柳河县卫健委", devDone)},
		Want: Met, OrgMatch: "org"},
	{Area: "org", Rule: "中医院 = 中医医院",
		Plan: planDoc("柳河县中医院党委", dev5), Others: []Doc{summary("柳河县中医医院", devDone)},
		Want: Met, OrgMatch: "org"},
	{Area: "org", Rule: "不同医院不对应，即使同一文件夹 (another hospital's summary never counts, even in the same folder)",
		Plan: planDoc("青松县人民医院", dev5), Others: []Doc{summary("青松县中医院", devDone)},
		Want: NotReported},
	{Area: "org", Rule: "科室支部与医院党委不是同一单位 (a department's branch is not the hospital)",
		Plan: planDoc("青松县人民医院内科党支部", dev5), Others: []Doc{summary("青松县人民医院党委", devDone)},
		Want: NotReported},
	{Area: "org", Rule: "模板名（XX医院、某卫生院）不算单位 (placeholder names identify nobody)",
		Plan:   Doc{Org: "XX医院党支部", Source: "甲/计划.docx", Type: "plan", Year: 2025, Targets: []Fig{dev5}},
		Others: []Doc{{Org: "XX医院党支部", Source: "乙/总结.docx", Type: "summary", Year: 2025, Targets: []Fig{devDone}}},
		Want:   NotReported},
	{Area: "org", Rule: "未写单位时，同一文件夹的总结视为同一单位 (no organisation written: a summary in the same folder stands for it)",
		Plan:   Doc{Source: "松林镇卫生院/2025年计划.docx", Type: "plan", Year: 2025, Targets: []Fig{dev5}},
		Others: []Doc{{Source: "松林镇卫生院/2025年总结.docx", Type: "summary", Year: 2025, Targets: []Fig{devDone}}},
		Want:   Met, OrgMatch: "folder"},
	{Area: "org", Rule: "一方写了单位、一方未写：同文件夹亦可 (one side without an organisation: the folder decides)",
		Plan:   Doc{Org: "松林镇卫生院党支部", Source: "松林镇卫生院/2025年计划.docx", Type: "plan", Year: 2025, Targets: []Fig{dev5}},
		Others: []Doc{{Source: "松林镇卫生院/2025年总结.docx", Type: "summary", Year: 2025, Targets: []Fig{devDone}}},
		Want:   Met, OrgMatch: "folder"},
	{Area: "org", Rule: "报告、通知、未分类文档不按文件夹对应（一个文件夹常收各地的报告） (reports and unclassified documents link by organisation only)",
		Plan:   Doc{Source: "政府工作报告/2025年北京市政府工作报告.docx", Type: "report", Year: 2025, Targets: []Fig{plan("地区生产总值增长5%左右", "地区生产总值增长", "~", 5, "%", "")}},
		Others: []Doc{{Source: "政府工作报告/2025年上半年经济运行总结.docx", Type: "summary", Year: 2025, Targets: []Fig{done("地区生产总值增长5.3%", "地区生产总值增长", "=", 5.3, "%", "")}}},
		Want:   NotReported},
	{Area: "org", Rule: "未写单位且不在同一文件夹：不对应 (no organisation and another folder: no link)",
		Plan:   Doc{Source: "甲卫生院/2025年计划.docx", Type: "plan", Year: 2025, Targets: []Fig{dev5}},
		Others: []Doc{{Source: "乙卫生院/2025年总结.docx", Type: "summary", Year: 2025, Targets: []Fig{devDone}}},
		Want:   NotReported},
	{Area: "org", Rule: "同文件夹有两份未写单位的总结：无法确定，不对应 (two summaries without organisation in the folder: ambiguous, no link)",
		Plan: Doc{Source: "汇总/计划.docx", Type: "plan", Year: 2025, Targets: []Fig{dev5}},
		Others: []Doc{{Source: "汇总/总结一.docx", Type: "summary", Year: 2025, Targets: []Fig{devDone}},
			{Source: "汇总/总结二.docx", Type: "summary", Year: 2025, Targets: []Fig{done("发展党员2名", "发展党员", "=", 2, "名", "")}}},
		Want: NotReported},

	// Years.
	{Area: "year", Rule: "计划对应同年的总结，不对应上一年的总结 (a plan is followed up in the summary of its own year)",
		Plan:   planDoc("青松县人民医院", dev5),
		Others: []Doc{{Org: "青松县人民医院", Source: "收件/2024年总结.docx", Type: "summary", Year: 2024, Targets: []Fig{devDone}}},
		Want:   NotReported, LastAchieved: "全年发展党员6名"},
	{Area: "year", Rule: "总结里的“明年打算”是下一年的计划 (the plans in a 2025 summary are for 2026)",
		Plan: Doc{Org: "青松县人民医院", Source: "收件/2025年总结.docx", Type: "summary", Year: 2025,
			Targets: []Fig{plan("2026年计划发展党员4名", "发展党员", "=", 4, "名", "")}},
		Others: []Doc{{Org: "青松县人民医院", Source: "收件/2026年总结.docx", Type: "summary", Year: 2026,
			Targets: []Fig{done("发展党员3名", "发展党员", "=", 3, "名", "")}}},
		Want: NotMet},
	{Area: "year", Rule: "文档未写年份：无法对应 (no year: nothing to follow up in)",
		Plan:   Doc{Org: "青松县人民医院", Source: "收件/计划.docx", Type: "plan", Targets: []Fig{dev5}},
		Others: []Doc{summary("青松县人民医院", devDone)},
		Want:   NotReported},

	// Metrics.
	{Area: "metric", Rule: "去掉“全年/开展/召开”等修饰后指标相同 (the same metric once 全年, 开展… are dropped)",
		Plan:   planDoc("青松县人民医院", plan("全年开展警示教育不少于2次", "全年开展警示教育", ">=", 2, "次", "")),
		Others: []Doc{summary("青松县人民医院", done("警示教育3次", "警示教育", "=", 3, "次", ""))},
		Want:   Met, Match: "same"},
	{Area: "metric", Rule: "繁简同一指标 (a metric in either script)",
		Plan:   planDoc("青松县人民医院", plan("發展黨員不少於5名", "發展黨員", ">=", 5, "名", "")),
		Others: []Doc{summary("青松县人民医院", devDone)},
		Want:   Met, Match: "same"},
	{Area: "metric", Rule: "一方以另一方结尾（中心词相同）：集中学习 / 理论学习中心组集中学习 (one metric ends with the other: same head)",
		Plan:   planDoc("青松县人民医院", plan("全年集中学习不少于12次", "集中学习", ">=", 12, "次", "全年")),
		Others: []Doc{summary("青松县人民医院", done("理论学习中心组集中学习14次", "理论学习中心组集中学习", "=", 14, "次", ""))},
		Want:   Met, Match: "contains"},
	{Area: "metric", Rule: "同义词表：满意率 = 满意度 (synonyms: 满意率 is 满意度)",
		Plan:   planDoc("青松县人民医院", plan("患者满意度稳定在95%以上", "患者满意度稳定", ">=", 95, "%", "")),
		Others: []Doc{summary("青松县人民医院", done("患者满意率为93.8%", "患者满意率", "=", 93.8, "%", ""))},
		Want:   NotMet, Match: "same"},
	{Area: "metric", Rule: "“活动”等尾词不计：主题党日活动 = 主题党日 (trailing 活动 is not the metric)",
		Plan:   planDoc("青松县人民医院", plan("开展主题党日活动不少于10次", "主题党日活动", ">=", 10, "次", "")),
		Others: []Doc{summary("青松县人民医院", done("开展主题党日12次", "主题党日", "=", 12, "次", ""))},
		Want:   Met, Match: "same"},
	{Area: "metric", Rule: "一方以另一方开头且不少于4字：义诊服务群众 / 义诊服务群众累计 (one metric of four characters or more starts the other)",
		Plan:   planDoc("青松县人民医院", plan("义诊服务群众不少于1500人次", "义诊服务群众", ">=", 1500, "人次", "")),
		Others: []Doc{summary("青松县人民医院", done("义诊服务群众累计1620人次", "义诊服务群众累计", "=", 1620, "人次", ""))},
		Want:   Met, Match: "contains"},
	{Area: "metric", Rule: "只说变化不说对象的指标（增长、比上年增加）不匹配 (a metric that names only a change matches nothing)",
		Plan:   planDoc("青松县人民医院", plan("业务收入增长8%", "增长", "=", 8, "%", "")),
		Others: []Doc{summary("青松县人民医院", done("增长9.6%", "增长", "=", 9.6, "%", ""))},
		Want:   NotReported},
	{Area: "metric", Rule: "水平与其增长不是同一指标：门诊量 ≠ 门诊量增长 (a level and its growth are two measures)",
		Plan:   planDoc("青松县人民医院", plan("门诊量增长5%左右", "门诊量增长", "~", 5, "%", "")),
		Others: []Doc{summary("青松县人民医院", done("门诊量达到46万人次", "门诊量", "=", 460000, "人次", ""))},
		Want:   NotReported},
	{Area: "metric", Rule: "主语不同、只有尾部相同的指标不匹配：二氧化碳排放量下降 ≠ 氮氧化物排放量下降 (different subjects with a shared tail)",
		Plan:   planDoc("青松县人民医院", plan("二氧化碳排放量下降3%", "二氧化碳排放量下降", "=", 3, "%", "")),
		Others: []Doc{summary("青松县人民医院", done("氮氧化物排放量下降5.6%", "氮氧化物排放量下降", "=", 5.6, "%", ""))},
		Want:   NotReported},
	{Area: "metric", Rule: "字相同而顺序不同：培训支部书记 / 支部书记培训 (the same characters in another order)",
		Plan:   planDoc("青松县人民医院", plan("培训支部书记不少于20人次", "培训支部书记", ">=", 20, "人次", "")),
		Others: []Doc{summary("青松县人民医院", done("支部书记培训26人次", "支部书记培训", "=", 26, "人次", ""))},
		Want:   Met, Match: "similar"},
	{Area: "metric", Rule: "不同指标不对应：党员大会 ≠ 党员轮训班 (different metrics do not match)",
		Plan:   planDoc("青松县人民医院", plan("党员大会不少于4次", "党员大会", ">=", 4, "次", "")),
		Others: []Doc{summary("青松县人民医院", done("举办党员轮训班3次", "党员轮训班", "=", 3, "次", ""))},
		Want:   NotReported},
	{Area: "metric", Rule: "总结里有多个候选时取最像且单位可比的一个 (of several candidates, the closest comparable one)",
		Plan: planDoc("青松县人民医院", plan("老年人健康体检率不低于70%", "老年人健康体检率", ">=", 70, "%", "")),
		Others: []Doc{summary("青松县人民医院",
			done("老年人健康体检3862人", "老年人健康体检", "=", 3862, "人", ""),
			done("体检率达72.5%", "体检率", "=", 72.5, "%", ""))},
		Want: Met, Match: "contains"},
	{Area: "metric", Rule: "指标名过短不匹配 (a one-character metric matches nothing)",
		Plan:   planDoc("青松县人民医院", plan("达到90%", "率", ">=", 90, "%", "")),
		Others: []Doc{summary("青松县人民医院", done("满意率92%", "满意率", "=", 92, "%", ""))},
		Want:   NotReported},

	// Units.
	{Area: "unit", Rule: "名与人可比 (名 and 人 both count persons)",
		Plan:   planDoc("青松县人民医院", dev5),
		Others: []Doc{summary("青松县人民医院", done("发展党员4人", "发展党员", "=", 4, "人", ""))},
		Want:   NotMet},
	{Area: "unit", Rule: "次与场可比 (次 and 场 both count occasions)",
		Plan:   planDoc("青松县人民医院", plan("开展义诊不少于8次", "义诊", ">=", 8, "次", "")),
		Others: []Doc{summary("青松县人民医院", done("下乡义诊9场", "下乡义诊", "=", 9, "场", ""))},
		Want:   Met},
	{Area: "unit", Rule: "人与人次不可比 (persons and person-visits do not compare)",
		Plan:   planDoc("青松县人民医院", plan("培训党员不少于400人", "培训党员", ">=", 400, "人", "")),
		Others: []Doc{summary("青松县人民医院", done("培训党员426人次", "培训党员", "=", 426, "人次", ""))},
		Want:   Incomparable},
	{Area: "unit", Rule: "小时与分钟换算 (hours and minutes convert)",
		Plan:   planDoc("青松县人民医院", plan("警示教育时长不少于2小时", "警示教育时长", ">=", 2, "小时", "")),
		Others: []Doc{summary("青松县人民医院", done("警示教育时长150分钟", "警示教育时长", "=", 150, "分钟", ""))},
		Want:   Met},
	{Area: "unit", Rule: "百分比与百分点不可比 (a percentage and a change in points do not compare)",
		Plan:   planDoc("青松县人民医院", plan("满意度提高2个百分点", "满意度提高", "=", 2, "个百分点", "")),
		Others: []Doc{summary("青松县人民医院", done("满意度提高2.4%", "满意度提高", "=", 2.4, "%", ""))},
		Want:   Incomparable},

	// Periods.
	{Area: "period", Rule: "按季度的计划折成全年次数与总结比较 (a quarterly plan is compared as a year's count)",
		Plan:   planDoc("青松县人民医院", plan("支部书记每季度讲党课不少于1次", "讲党课", ">=", 1, "次", "每季度")),
		Others: []Doc{summary("青松县人民医院", done("讲专题党课5次", "讲专题党课", "=", 5, "次", ""))},
		Want:   Met},
	{Area: "period", Rule: "每月1次，全年只有10次：未完成 (monthly means twelve a year)",
		Plan:   planDoc("青松县人民医院", plan("支部委员会每月召开1次", "支部委员会", "=", 1, "次", "每月")),
		Others: []Doc{summary("青松县人民医院", done("支委会召开10次", "支委会", "=", 10, "次", ""))},
		Want:   NotMet},
	{Area: "period", Rule: "百分比不按周期累加 (a percentage is not summed over periods)",
		Plan:   planDoc("青松县人民医院", plan("每季度满意度不低于90%", "满意度", ">=", 90, "%", "每季度")),
		Others: []Doc{summary("青松县人民医院", done("满意度92%", "满意度", "=", 92, "%", ""))},
		Want:   Met},
	{Area: "period", Rule: "人均计划不与总数比较 (a per-head plan does not compare with a total)",
		Plan:   planDoc("青松县人民医院", plan("每名党员撰写学习心得不少于2篇", "学习心得", ">=", 2, "篇", "")),
		Others: []Doc{summary("青松县人民医院", done("党员撰写学习心得86篇", "学习心得", "=", 86, "篇", ""))},
		Want:   Incomparable},

	// Comparators.
	{Area: "cmp", Rule: "不少于4次，完成5次：已完成 (>= 4 met by 5)",
		Plan:   planDoc("青松县人民医院", plan("开展警示教育不少于4次", "警示教育", ">=", 4, "次", "")),
		Others: []Doc{summary("青松县人民医院", done("开展警示教育5次", "警示教育", "=", 5, "次", ""))},
		Want:   Met},
	{Area: "cmp", Rule: "不少于4次，完成3次：未完成 (>= 4 not met by 3)",
		Plan:   planDoc("青松县人民医院", plan("开展警示教育不少于4次", "警示教育", ">=", 4, "次", "")),
		Others: []Doc{summary("青松县人民医院", done("开展警示教育3次", "警示教育", "=", 3, "次", ""))},
		Want:   NotMet},
	{Area: "cmp", Rule: "不超过2名，实际3名：未完成 (<= 2 not met by 3)",
		Plan:   planDoc("青松县人民医院", plan("培养发展对象不超过2名", "培养发展对象", "<=", 2, "名", "")),
		Others: []Doc{summary("青松县人民医院", done("培养发展对象3名", "培养发展对象", "=", 3, "名", ""))},
		Want:   NotMet},
	{Area: "cmp", Rule: "写成定数的计划是要达到的数：计划3名，完成4名即已完成 (a plain number is a quota to reach)",
		Plan:   planDoc("青松县人民医院", plan("全年计划发展党员3名", "发展党员", "=", 3, "名", "全年")),
		Others: []Doc{summary("青松县人民医院", done("发展党员4名", "发展党员", "=", 4, "名", ""))},
		Want:   Met},
	{Area: "cmp", Rule: "区间：3至5名，完成4名在区间内 (a range is met inside it)",
		Plan:   planDoc("青松县人民医院", span("吸收入党积极分子3至5名", "吸收入党积极分子", 3, 5, "名", "plan")),
		Others: []Doc{summary("青松县人民医院", done("吸收入党积极分子4名", "吸收入党积极分子", "=", 4, "名", ""))},
		Want:   Met},
	{Area: "cmp", Rule: "区间：3至5名，完成6名超出区间 (a range is not met outside it)",
		Plan:   planDoc("青松县人民医院", span("吸收入党积极分子3至5名", "吸收入党积极分子", 3, 5, "名", "plan")),
		Others: []Doc{summary("青松县人民医院", done("吸收入党积极分子6名", "吸收入党积极分子", "=", 6, "名", ""))},
		Want:   NotMet},
	{Area: "cmp", Rule: "约10场，完成9场：在±10%内 (~10 met by 9, within 10 %)",
		Plan:   planDoc("青松县人民医院", plan("组织义诊活动约10场", "义诊活动", "~", 10, "场", "")),
		Others: []Doc{summary("青松县人民医院", done("开展义诊9场", "义诊", "=", 9, "场", ""))},
		Want:   Met},
	{Area: "cmp", Rule: "约10场，完成13场：超出±10%，未完成（说明写“高于目标”） (~10 not met by 13; the note says above)",
		Plan:   planDoc("青松县人民医院", plan("组织义诊活动约10场", "义诊活动", "~", 10, "场", "")),
		Others: []Doc{summary("青松县人民医院", done("开展义诊13场", "义诊", "=", 13, "场", ""))},
		Want:   NotMet},
	{Area: "cmp", Rule: "降低类指标“约”是下限：能耗下降2%左右，实降3.1%：已完成 (a reduction of about 2 % is met by 3.1 %)",
		Plan:   planDoc("青松县人民医院", plan("单位面积能耗下降2%左右", "单位面积能耗下降", "~", 2, "%", "")),
		Others: []Doc{summary("青松县人民医院", done("单位面积能耗下降3.1%", "单位面积能耗下降", "=", 3.1, "%", ""))},
		Want:   Met},
	{Area: "cmp", Rule: "费用、占比、死亡率等越低越好的指标，“约”是上限：药占比30%左右，实际27.6%：已完成 (about 30 % of a cost is a ceiling)",
		Plan:   planDoc("青松县人民医院", plan("药占比控制在30%左右", "药占比控制", "~", 30, "%", "")),
		Others: []Doc{summary("青松县人民医院", done("药占比27.6%", "药占比", "=", 27.6, "%", ""))},
		Want:   Met},
	{Area: "cmp", Rule: "越低越好的指标写成定数也是上限：婴儿死亡率4‰，实际4.6‰：未完成 (a plain figure of a harm is a ceiling)",
		Plan:   planDoc("柳河县卫健委", plan("婴儿死亡率4‰", "婴儿死亡率", "=", 4, "‰", "")),
		Others: []Doc{summary("柳河县卫健委", done("婴儿死亡率4.6‰", "婴儿死亡率", "=", 4.6, "‰", ""))},
		Want:   NotMet},
	{Area: "cmp", Rule: "完成值为“120余人次”，计划不超过120人次：未完成 (achieved more than 120 against at most 120)",
		Plan:   planDoc("青松县人民医院", plan("廉政谈话不超过120人次", "廉政谈话", "<=", 120, "人次", "")),
		Others: []Doc{summary("青松县人民医院", done("开展廉政谈话120余人次", "廉政谈话", ">", 120, "人次", ""))},
		Want:   NotMet},
	{Area: "cmp", Rule: "完成值为“120余人次”，计划不少于100人次：已完成 (more than 120 against at least 100)",
		Plan:   planDoc("青松县人民医院", plan("廉政谈话不少于100人次", "廉政谈话", ">=", 100, "人次", "")),
		Others: []Doc{summary("青松县人民医院", done("开展廉政谈话120余人次", "廉政谈话", ">", 120, "人次", ""))},
		Want:   Met},
	{Area: "cmp", Rule: "完成值只给下限、计划是区间且下限落在区间内：无法比较 (a bound that straddles the plan cannot decide)",
		Plan:   planDoc("青松县人民医院", span("服务群众1万至1.5万人次", "服务群众", 10000, 15000, "人次", "plan")),
		Others: []Doc{summary("青松县人民医院", done("服务群众1.2万余人次", "服务群众", ">", 12000, "人次", ""))},
		Want:   Incomparable},
	{Area: "cmp", Rule: "总结有、指标没报：未报告 (a summary exists but does not report the metric)",
		Plan:   planDoc("青松县人民医院", plan("撰写调研报告2篇", "调研报告", "=", 2, "篇", "")),
		Others: []Doc{summary("青松县人民医院", devDone)},
		Want:   NotReported},

	// Last year.
	{Area: "last", Rule: "2026年计划对照2025年总结的完成值与2025年计划的目标 (a 2026 plan shows 2025's achieved figure and 2025's target)",
		Plan: Doc{Org: "青松县人民医院", Source: "收件/2026年计划.docx", Type: "plan", Year: 2026,
			Targets: []Fig{plan("2026年发展党员不少于6名", "发展党员", ">=", 6, "名", "")}},
		Others: []Doc{planDoc("青松县人民医院", dev5), summary("青松县人民医院", devDone)},
		Want:   NotReported, LastPlan: "全年发展党员不少于5名", LastAchieved: "全年发展党员6名"},
}
