package slogans

// Language tables used by the scanner. They are data, kept apart from the
// control flow so they can be read, tested and extended on their own.

// quotePairs maps each opening quotation mark to its closing mark (after
// width folding, so ＂ has become "). 《》 and 〈〉 are titles, not quotes.
var quotePairs = map[rune]rune{
	'“': '”',
	'「': '」',
	'『': '』',
	'‘': '’',
	'"': '"',
}

// titlePairs are the title marks whose content is a citation.
var titlePairs = map[rune]rune{
	'《': '》',
	'〈': '〉',
}

// sentenceEnds mark a quoted span as reported speech rather than a slogan.
var sentenceEnds = map[rune]bool{'。': true, '！': true, '？': true, '!': true, '?': true, '\n': true, '\r': true}

// numerals start numbered formulas (三会一课, 两学一做, 双带, 十四五).
var numerals = map[rune]int{
	'一': 1, '二': 2, '两': 2, '双': 2, '三': 3, '四': 4, '五': 5,
	'六': 6, '七': 7, '八': 8, '九': 9, '十': 10,
}

// measureWords are counters and time units: a numeral followed by one is a
// quantity (三个月, 两名, 一次, 两年一次), not a formula.
var measureWords = map[rune]bool{
	'个': true, '名': true, '人': true, '次': true, '项': true, '条': true,
	'年': true, '月': true, '日': true, '天': true, '周': true, '季': true,
	'届': true, '批': true, '期': true, '轮': true, '位': true, '件': true,
	'份': true, '种': true, '类': true, '家': true, '所': true, '篇': true,
	'节': true, '组': true, '户': true, '元': true, '万': true,
	'千': true, '百': true, '亿': true, '倍': true, '分': true, '些': true,
	'段': true, '层': true,
}

// idioms have the shape of an alternating formula (num X num Y) but are
// ordinary set phrases.
var idioms = map[string]bool{
	"十全十美": true, "九死一生": true, "九牛一毛": true, "四海一家": true,
	"三位一体": true, "八九不离": true, "十拿九稳": true, "三言两语": true,
}

// festivalCues follow a quoted-only entry when it names a festival used
// unquoted (五四青年节, 三八妇女节, 七一前后).
var festivalCues = []string{
	"青年节", "妇女节", "劳动节", "建党节", "国庆节", "国际", "节", "前夕", "前后", "期间", "讲话", "表彰", "建党",
}

// titleSuffixes end the names of documents; a quoted span of at least
// minTitle runes ending in one is a citation (“干部选拔任用条例”), not a slogan.
var titleSuffixes = []string{
	"条例", "意见", "办法", "规定", "纲要", "通知", "决定", "细则", "方案", "准则", "规划", "章程", "规则", "实施意见",
}

const minTitle = 6

// numeralWords are ordinary words that begin with a numeral (长三角一体化,
// 两岸双方): num·X is a word, so num·X·num·Y is no formula.
var numeralWords = map[string]bool{
	"三角": true, "三峡": true, "三亚": true, "四川": true, "四周": true, "四处": true,
	"五金": true, "五官": true, "六合": true, "七彩": true, "八卦": true, "九州": true,
	"十分": true, "十足": true, "两岸": true, "两边": true, "两旁": true, "三明": true,
}
