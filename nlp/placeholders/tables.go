package placeholders

// Language tables. A slot is reported with the word it stands in for, as a
// template reader sees it: "XX旗", "X余名", "20xx年X月", "十x大", "*名",
// "健康×行动".

// countSuffixes are the units that may follow a slot (X名, X人次, X月份,
// *岁): a single letter is only a slot when one follows, so X光 and X线
// (X-ray) never fire. Longest first within a shared prefix.
var countSuffixes = []string{
	"人次", "场次", "剂次", "户次", "批次", "名", "人", "次", "个", "项", "家", "所", "批", "期", "场",
	"篇", "条", "户", "张", "床", "间", "例", "台", "套", "处", "座", "校区", "元",
	"月份", "月", "日", "号", "年度", "年", "天", "周年", "周", "季度", "岁", "届",
	"学时", "课时", "小时", "分钟", "%",
}

// countModifiers may stand between a slot and its unit: X余名, xx多余人次,
// *多校区 ("more than X").
var countModifiers = []string{"多余", "余", "多"}

// magnitudes may stand before the unit, or end the slot alone: ×余万剂次, x万.
var magnitudes = []string{"万", "千"}

// nameSuffixes follow a slot that stands for a name (XX旗, xxx卫生院,
// XX年度, xx大, xx广场, **市, ×党委, *思想) and are tried before the
// count units. Longest first within a shared prefix.
var nameSuffixes = []string{
	"自治区", "自治州", "自治县", "街道", "社区", "卫生院", "人民医院", "人民政府", "医院", "中心卫生院", "中心医院", "中心", "年度",
	"广场", "科室", "校区", "党支部", "党委", "支部",
	// A masked name of a doctrine or a plan period (马列主义、*思想、xx理论;
	// xx规划 for 十四五规划) and 结合xx实际 (the place's own conditions).
	"思想", "理论", "规划", "精神", "实际",
	// The field of a masked place a summary or plan speaks of (**经济社会
	// 发展, xx卫生工作围绕…).
	"经济", "卫生工作", "卫生事业", "卫生系统",
	// Several kinds of place at once (XX县区, ××县市区).
	"县市区", "县区", "区县", "市县",
	"旗", "县", "市", "区", "省", "乡", "镇", "村", "州", "盟", "局", "委", "大",
}

// placeSuffixes follow a single 某 that masks a place or unit (某县, 某市
// 人民医院, 某镇卫生院): the place words of nameSuffixes, not 大 or 精神.
var placeSuffixes = []string{
	"自治区", "自治州", "自治县", "街道", "社区", "卫生院", "人民医院", "医院", "中心卫生院", "中心",
	"党支部", "党委", "县", "市", "区", "省", "乡", "镇", "村", "州", "旗", "局",
}

// fieldNames fill brackets that a template leaves for the writer: 【单位名称】,
// （姓名）.
var fieldNames = []string{"单位名称", "医院名称", "机构名称", "名称", "姓名"}

// sessionSuffixes follow a slot that numbers a plenary session (十x大x中全会):
// like a count unit, they make even one letter a slot.
var sessionSuffixes = []string{"中全会"}

// yearSuffixes end a year slot (20xx年, 20**年, 20_年): the year itself, not
// the 度 of 年度 (20xx年度工作 → 20xx年).
var yearSuffixes = []string{"年"}

// brandPrefixes name a campaign after a place: 健康XX, 平安##, 健康×行动.
// A slot right after one takes it in.
var brandPrefixes = []string{"健康", "平安", "美丽", "文明", "幸福", "智慧", "数字", "法治", "生态", "清廉"}

// brandSuffixes end such a campaign name: 健康×行动, 平安XX工程.
var brandSuffixes = []string{"行动", "工程"}

// rangeMarks join two slots into one range slot: X-X名, X至X人, X～X次
// (the template leaves both ends of a range open).
var rangeMarks = map[rune]bool{'-': true, '~': true, '～': true, '—': true, '–': true, '至': true, '到': true}

// dateParts may follow 20xx年 to make one slot: 20xx年X月, 20XX年X月X日.
var dateParts = []string{"月份", "月", "日", "号"}

// blankDateParts follow a line to fill in: ____年____月____日.
var blankDateParts = []string{"年度", "年", "月份", "月", "日", "号"}

// romanAfter follow a Roman numeral, not a slot: XX世纪.
var romanAfter = []string{"世纪", "年代"}

// centuries open a year whose last digits are left open: 20xx, 19XX, 20**,
// 20_年. Other digits before x make a masked figure or a name (415X).
var centuries = map[string]bool{"19": true, "20": true}

// urlMarks before a letter run mean it is part of a URL, path or code.
var urlMarks = map[rune]bool{'/': true, '.': true, '=': true, '@': true, '_': true, '-': true, '\\': true, ':': true, '?': true, '&': true}

// cnNumerals are Chinese digits: next to ○ they make a year (二○二二年),
// before x they make a congress number (十x大).
var cnNumerals = map[rune]bool{
	'〇': true, '○': true, '零': true, '一': true, '二': true, '两': true, '三': true, '四': true,
	'五': true, '六': true, '七': true, '八': true, '九': true, '十': true,
}

// congressSuffixes follow 十x: 十x大, 十x届.
var congressSuffixes = []string{"大", "届"}

// openers map the brackets a slot may sit in to their closers (after
// folding, full-width brackets are ASCII): （ ）, [X], 〔...〕, 【 】.
var openers = map[rune]rune{'(': ')', '[': ']', '〔': '〕', '【': '】', '〈': '〉'}

// bracketFill are what an unfilled bracket may hold: blanks, dots, a line,
// a slot letter or mark.
var bracketFill = map[rune]bool{
	' ': true, '\u3000': true, '.': true, '…': true, '·': true, '。': true, '_': true,
	'x': true, 'X': true, '×': true, '*': true, '○': true,
}

// maxBracketFill bounds what an unfilled bracket holds, in runes.
const maxBracketFill = 8

// maxBold bounds a markdown bold span (**一、指导思想**), in runes.
const maxBold = 40

// sentenceEnds stop a markdown bold span: bold marks a heading or a phrase.
var sentenceEnds = map[rune]bool{'。': true, ';': true, '；': true, '!': true, '?': true}

// maxStarFigure is the longest run of * that may mask a figure and take a
// count unit (*名, **人); longer runs mask words (****批示 is 重要批示).
const maxStarFigure = 2

// placeAfterX are the place words a lone upper-case X may name (X区, X县);
// notPlaceAfter rules out the words they begin (X区域).
var placeAfterX = []string{"省", "市", "县", "区", "镇", "乡", "村", "街道"}

const notPlaceAfter = "域间块划"

// measureSuffixes are the measures a blank may hold (面积_平方公里, 海拔_米).
var measureSuffixes = []string{"平方公里", "平方米", "公里", "千米", "米", "亩", "公顷", "万人", "万元"}
