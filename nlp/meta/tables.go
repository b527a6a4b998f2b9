package meta

import "github.com/planmine/planmine/doc"

// typeWord ties a word of a title to the document type it announces.
type typeWord struct {
	word string
	typ  string
}

// typeWords classify a document by its title (and, failing that, by its
// opening lines). When several occur, the one ending last in the title wins
// ("关于印发2024年党建工作要点的通知" is a notice; "工作计划" is a plan),
// and at the same end the longer word (述职报告 → summary, not 报告 → report).
var typeWords = []typeWord{
	{"计划", doc.TypePlan}, {"要点", doc.TypePlan}, {"规划", doc.TypePlan},
	{"打算", doc.TypePlan}, {"工作安排", doc.TypePlan}, {"思路", doc.TypePlan},
	{"安排", doc.TypePlan}, // 党建工作这样安排
	{"工作部署", doc.TypePlan}, {"设想", doc.TypePlan},

	{"总结", doc.TypeSummary}, {"小结", doc.TypeSummary}, {"述职", doc.TypeSummary}, {"述职报告", doc.TypeSummary},
	{"工作汇报", doc.TypeSummary}, {"汇报", doc.TypeSummary}, {"总结报告", doc.TypeSummary}, {"述责述廉", doc.TypeSummary},
	{"回顾", doc.TypeSummary}, {"回眸", doc.TypeSummary}, {"汇报材料", doc.TypeSummary}, {"情况汇报", doc.TypeSummary},
	{"情况", doc.TypeSummary}, // 2025年度某某医院开展党史学习教育情况
	{"方案", doc.TypeScheme}, {"实施方案", doc.TypeScheme}, {"细则", doc.TypeScheme},
	{"实施办法", doc.TypeScheme}, {"办法", doc.TypeScheme},
	{"经验", doc.TypeExperience}, {"做法", doc.TypeExperience}, {"典型材料", doc.TypeExperience},
	{"经验材料", doc.TypeExperience}, {"举措", doc.TypeExperience}, {"事迹材料", doc.TypeExperience},
	{"交流材料", doc.TypeExperience}, {"典型案例", doc.TypeExperience}, {"推荐材料", doc.TypeExperience},
	{"纪实", doc.TypeExperience}, {"侧记", doc.TypeExperience}, {"巡礼", doc.TypeExperience},
	{"掠影", doc.TypeExperience}, {"亮点", doc.TypeExperience}, {"成效", doc.TypeExperience},
	{"报告", doc.TypeReport}, {"工作报告", doc.TypeReport}, {"调研报告", doc.TypeReport},
	// A study of a question (…基层党建工作发展研究, …的调研与思考) reports on it.
	{"研究", doc.TypeReport}, {"调研", doc.TypeReport}, {"调查", doc.TypeReport}, {"思考", doc.TypeReport},
	{"通知", doc.TypeNotice}, {"意见", doc.TypeNotice}, {"决定", doc.TypeNotice},
	{"通报", doc.TypeNotice}, {"公告", doc.TypeNotice}, {"通告", doc.TypeNotice},
	// 实施意见 sets out how a unit will carry something out, like a 方案
	// (意见 alone is issued to others).
	{"实施意见", doc.TypeScheme},
}

// bodyTypeWords classify by the opening lines when the title says nothing:
// the sentence that announces the document ("现将…作出如下计划").
var bodyTypeWords = []typeWord{
	{"如下计划", doc.TypePlan}, {"工作计划如下", doc.TypePlan}, {"工作要点如下", doc.TypePlan},
	{"本计划", doc.TypePlan}, {"本要点", doc.TypePlan},
	{"总结如下", doc.TypeSummary}, {"工作总结", doc.TypeSummary}, {"述职如下", doc.TypeSummary},
	{"汇报如下", doc.TypeSummary}, {"报告如下", doc.TypeSummary},
	// News of a review meeting or a review speech reports what was done.
	{"述职评议", doc.TypeSummary}, {"现场述职", doc.TypeSummary}, {"书面述职", doc.TypeSummary},
	{"总结表彰", doc.TypeSummary}, {"回首过去", doc.TypeSummary}, {"回顾过去", doc.TypeSummary},
	{"年度任务完成情况", doc.TypeSummary}, {"完成情况如下", doc.TypeSummary},
	// A scheme announces itself (本方案, 制定如下实施方案); a news report
	// that reads out some 实施方案 is no scheme.
	{"本方案", doc.TypeScheme}, {"本实施方案", doc.TypeScheme}, {"方案如下", doc.TypeScheme},
	{"如下实施方案", doc.TypeScheme}, {"如下方案", doc.TypeScheme}, {"特制定本", doc.TypeScheme},
	{"现通知如下", doc.TypeNotice}, {"特此通知", doc.TypeNotice}, {"通知如下", doc.TypeNotice},
	{"主要做法", doc.TypeExperience}, {"具体做法", doc.TypeExperience}, {"经验做法", doc.TypeExperience},
}

// yearVerbs set a year's work before them: news of a meeting that 研究部署
// 2016年党务工作 reports a plan, a review that 回眸2024年…工作 a summary. The
// year follows the verb within maxVerbToYear runes and 工作 the year within
// maxYearToWork.
var yearVerbs = []typeWord{
	{"部署", doc.TypePlan}, {"布署", doc.TypePlan}, {"布局", doc.TypePlan}, {"谋划", doc.TypePlan},
	{"回眸", doc.TypeSummary}, {"回顾", doc.TypeSummary}, {"总结", doc.TypeSummary},
}

const (
	maxVerbToYear = 2
	maxYearToWork = 8
)

// salutationLead opens the line that addresses a notice to units
// ("各县（市、区）卫生健康局，委直属各单位："); a colon ends it.
const salutationLead = "各"

// maxSalutation caps the salutation line, in runes.
const maxSalutation = 100

// issuingWords announce what a notice does to its readers: it issues a
// document to them or reports to them (现将…印发给你们, 现将考核情况通报如下).
// After a salutation they make the text a notice whatever a site's title
// says it is.
var issuingWords = []string{
	"印发给你们", "通报如下", "通知如下", "予以通报", "现予印发", "请认真贯彻执行", "请遵照执行",
}

// yearIsWords follow a year that a document names as its own ("2021年是
// 不平凡的一年", "2025年是…收官之年"): the year it plans or reviews.
var yearIsWords = []string{"一年", "之年"}

// maxYearIs caps, in runes, the distance from "YYYY年是" to the word that
// closes the phrase.
const maxYearIs = 24

// maxWrappedTail caps, in runes, the second line of a wrapped title
// ("实施方案", "工作计划").
const maxWrappedTail = 10

// headlineVerbs mark a news-style title ("XX县：“强、促、抓”提升医院党建
// 工作水平"): with no type word, such a headline heads experience material.
var headlineVerbs = []string{
	"提升", "推进", "打造", "构筑", "助力", "引领", "赋能", "筑牢", "激发", "促进",
	"推动", "擦亮", "织密", "答好", "走出", "探索", "破解", "彰显",
}

// orgSuffixes are the endings of issuing organisations' names. An org
// candidate must end with one of them.
var orgSuffixes = []string{
	"委员会", "党委", "党组", "党总支", "总支部", "党支部", "支部", "纪委", "工委",
	"医院", "卫生院", "卫生室", "保健院", "疾控中心", "卫健委", "卫生局", "卫生健康委员会", "卫生健康局",
	"局", "办公室", "办", "政府", "人民政府", "中心", "社区", "街道", "街道办事处", "办事处",
	"委", "厅", "部", "处", "科", "院", "所", "站", "协会", "学会", "公司", "集团",
	"学校", "大学", "学院", "中学", "小学", "幼儿园", "村委会", "居委会", "镇", "乡",
	"工会", "团委", "妇联", "分会", "小组", "领导小组",
}

// issuerLabels introduce the issuer in a header ("发文机关：某某医院").
var issuerLabels = []string{"发文机关", "发文单位", "印发单位", "制发单位", "发布单位"}

// orgStops end the organisation at the front of a title: what follows them
// is the subject, not the issuer ("XX医院关于…", "XX卫生院2011年…").
var orgStops = []string{
	"关于", "年", "以", "“", ":", "：", "，", ",",
	"开展", "深入", "全面", "扎实", "三项", "多措", "举措", "着力", "打造", "推进", "推动",
	"提升", "促进", "构筑", "构建", "强化", "加强", "突出", "聚焦", "坚持", "创新", "探索",
	"实施", "落实", "做好", "抓好", "筑牢", "助力", "引领", "党建工作",
}

// ordinalUnits follow 第+numeral when the ordinal counts a period, a batch
// or a meeting ("第一季度", "第二批", "第五届"), which ends the organisation at
// the front of a title; 第三人民医院 counts nothing of these and is a name.
var ordinalUnits = []string{
	"季度", "批", "届", "次", "轮", "期", "阶段", "个", "年", "号", "部分", "章", "条", "篇", "半年", "月",
}

// yearTypeWords follow a year that names the period a document of that
// type covers ("完善2008年工作总结和2009年工作思路" in a plan: 2009).
var yearTypeWords = map[string][]string{
	doc.TypePlan:    {"计划", "要点", "思路", "打算", "规划", "工作安排", "设想"},
	doc.TypeSummary: {"总结", "小结", "回顾", "述职", "工作汇报"},
	doc.TypeScheme:  {"方案", "细则"},
}

// maxYearToTypeWord caps, in runes, the distance from a year to the type
// word it announces ("2009年工作思路" is 3).
const maxYearToTypeWord = 6

// typeConjunctions join two type words of one title ("工作总结及工作打算");
// the first names the document.
var typeConjunctions = []string{"及", "和", "与", "暨", "以及", "并", "兼"}

// maxJoined caps, in runes, the text between two type words joined by a
// conjunction; longer, it is a phrase of its own.
const maxJoined = 14

// subtitleDashes open a subtitle line under a headline.
const subtitleDashes = "—–-－─ "

// notOrgWords start with an organisation suffix but are ordinary words; an
// organisation name never ends inside one (医院党组织 is not 医院党组).
var notOrgWords = []string{
	"组织", "部门", "部署", "院长", "院内", "局面", "局长", "办法", "办理", "办实事",
	"处理", "处长", "科学", "科室", "科长", "所有", "所以", "站位", "委员", "中心工作",
	"镇长", "乡镇", "乡村", "部分", "支部书记", "党委书记", "医院管理",
}

// cnDateDigits read the digit-by-digit years of Chinese dates (二〇二五).
var cnDateDigits = map[rune]int{
	'〇': 0, '○': 0, 'О': 0, '零': 0, '一': 1, '二': 2, '三': 3, '四': 4,
	'五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
}

// foundingBefore and foundingAfter frame a founding year, which is not the
// year a plan or summary is about (成立于2005年, 2005年建院).
var (
	foundingBefore = []string{"成立于", "始建于", "建于", "创建于", "组建于", "创办于", "建院于", "成立", "始建", "创建于"}
	foundingAfter  = []string{"成立", "建院", "始建", "建成", "创建", "创办", "组建"}
)

// typeTails may close a title after its type words without changing the
// type: the file's kind or the site's label (材料, 范文, 讲话稿's 稿).
var typeTails = []string{"材料", "范文", "全文", "稿"}
