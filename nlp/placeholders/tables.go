package placeholders

// Language tables. A slot is reported with the word it stands in for, as a
// template reader sees it: "XX旗", "X余名", "20xx年X月", "十x大".

// countSuffixes may follow a lone X (X名, X人次, X月份): a single letter
// is only a slot when a counter or date unit follows, so X光 and X线
// (X-ray) never fire. Longest first within a shared prefix.
var countSuffixes = []string{
	"人次", "余名", "余人", "余家", "余项", "余次", "余个", "余篇", "余万", "余场", "余户",
	"多名", "多人", "多家", "多项", "多次",
	"名", "人", "次", "个", "项", "家", "所", "批", "期", "场", "篇", "条", "户", "张", "床",
	"万", "元", "月份", "月", "日", "号", "年度", "年", "天", "周", "季度", "岁", "届",
	"学时", "课时", "小时", "分钟", "%",
}

// nameSuffixes follow a multi-letter slot (XX旗, xxx卫生院, XX年度, xx大)
// and are tried before countSuffixes.
var nameSuffixes = []string{
	"自治区", "自治州", "自治县", "街道", "社区", "卫生院", "医院", "中心", "年度",
	"旗", "县", "市", "区", "省", "乡", "镇", "村", "州", "盟", "局", "委", "大",
}

// rangeMarks join two slots into one range slot: X-X名, X至X人, X～X次
// (the template leaves both ends of a range open).
var rangeMarks = map[rune]bool{'-': true, '~': true, '～': true, '—': true, '–': true, '至': true, '到': true}

// dateParts may follow 20xx年 to make one slot: 20xx年X月, 20XX年X月X日.
var dateParts = []string{"月份", "月", "日", "号"}

// romanAfter follow a Roman numeral, not a slot: XX世纪.
var romanAfter = []string{"世纪", "年代"}

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
