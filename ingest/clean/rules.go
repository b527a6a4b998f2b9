package clean

import (
	"strings"
	"unicode/utf8"
)

// This file holds the language and site knowledge the cleaning steps use.
// Every table is matched against folded text (Simplified script, half-width
// ASCII, lower case where noted), so one entry covers 當前位置 and 当前位置.

// invisible lists code points deleted outright: zero-width spaces and
// joiners, the word joiner, BOM, soft hyphen and bidi controls. Scraped
// pages carry them between Han characters where they break matching.
var invisible = map[rune]bool{
	0x200B: true, 0x200C: true, 0x200D: true, 0x200E: true, 0x200F: true,
	0x2060: true, 0xFEFF: true, 0x00AD: true,
	0x202A: true, 0x202B: true, 0x202C: true, 0x202D: true, 0x202E: true,
	0x2066: true, 0x2067: true, 0x2068: true, 0x2069: true,
}

// chromePrefixes start a line that is site furniture, never content (after
// leading bullets are stripped; matched lower-case). A colon is part of the
// entry where the bare word also starts real sentences (来源于群众…).
var chromePrefixes = []string{
	"上一篇", "下一篇", "上一页:", "下一页:", "上一章", "下一章",
	"当前位置", "您的位置", "您现在的位置", "你的位置", "所在位置", "您的当前位置", "你的当前位置", "你现在的位置",
	"您当前的位置", "你当前的位置", "您当前位置", "当前的位置", "原文地址", "文章地址", "转载地址", "声明:本网站",
	"本文来源", "文章来源", "来源:", "稿源:", "信息来源:", "文章出处", "原文链接", "本文链接", "本文地址",
	"推荐访问", "推荐阅读", "相关推荐", "相关内容", "相关文章", "相关阅读", "热门专题", "热门文章", "热门推荐",
	"网站地图", "免责声明", "版权声明", "版权所有", "copyright", "all rights reserved",
	"扫一扫", "扫码关注", "关注官方微信", "分享到", "责任编辑", "编辑:", "作者:", "发布时间:", "发布日期:",
	"浏览次数", "阅读次数", "点击次数", "点击数:", "字号:", "【打印】", "【关闭】", "【打印本页】", "【关闭窗口】",
	"打印本页", "关闭窗口", "返回顶部", "返回首页", "手机版", "本文全部由自己书写", "转载请注明", "声明:本站",
	"更多相关", "下载文档", "立即下载", "文档下载", "收藏本文",
}

// chromeWords are phrases that belong to site chrome. One of them inside a
// content line proves nothing; two or more (or one plus a URL) make the
// line, or the clause holding them, chrome. General words such as 网站 or
// 微信公众号 are deliberately absent: plans list them as propaganda channels.
var chromeWords = []string{
	"版权", "转载", "请注明", "本站", "侵权", "范文网", "文库", "在线阅读", "由会员分享",
	"免责声明", "网站地图", "icp备", "icp证", "公网安备", "网站标识码", "copyright", "rights reserved", "文章出处", "本文来源",
	"扫一扫", "上一篇", "下一篇", "来自互联网", "联系我们", "关于我们", "手机版", "热门专题",
	"相关内容", "珍藏版", "上搜索", "更多相关", "请联系我们", "不代表本站", "不带表本站",
	"立即了解", "立即体验", "免费试用", "写作神器", "本站原创", "素材资料", "润笔", "加微", "下载网址", "公文素材",
}

// licenceStart opens a licence footer such as the one Wikisource appends
// to every text; licenceWords confirm that the block after it is one.
var licenceStart = mustPattern(`^(?:本作品|本页面|本文档|本条目)`)

var licenceWords = []string{
	"著作权", "公有领域", "public domain", "版权", "维基文库", "许可协议", "知识共享", "cc-by", "gfdl", "授权",
}

// fileInfo matches the document-info lines of file-sharing sites
// ("- 格式:doc", "- 大小:30.50 KB", "- 文档页数:6").
var fileInfo = mustPattern(`^[-–•·]?\s*(?:格式|文件格式|大小|文件大小|文档页数|页数|下载次数|浏览次数|上传时间|上传者|下载积分|所需积分|文档分类)\s*:`)

// pageNumberLine matches a line that is only a page number or page counter.
var pageNumberLine = mustPattern(`^(?:-\s*\d{1,4}\s*-|—\s*\d{1,4}\s*—|第\s*\d{1,4}\s*页(?:\s*[/,，]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?|\[\d{1,3}\])$`)

// bareNumber is a list number left alone on its line when a scraper
// stripped the item's markup ("1.", "2、").
var bareNumber = mustPattern(`^\d{1,3}\s*[.、．]$`)

// collectionTitle matches the page title of a template site's collection
// ("…工作计划(通用8篇)", "…总结（精选5篇）"), chrome above the real titles.
var collectionTitle = mustPattern(`[(（](?:通用|精选|热门|优秀|最新|实用|汇总|推荐|合集|精品|范文)?\s*(?:\d{1,3}|[一二三四五六七八九十百]{1,3})\s*篇[)）]$`)

// dateline matches a news agency dateline at the start of a line
// ("新华社北京3月22日电"), the lead-in a press copy puts above a report.
var dateline = mustPattern(`^(?:新华社|中新社|中新网|人民网|新华网|央视网|人民日报|本报)\S{0,12}?\d{1,2}月\d{1,2}日(?:电|讯)\s*`)

// photoCaption matches a line that ends in a photographer credit
// ("新华社记者 姚大伟 摄").
var photoCaption = mustPattern(`记者\s*\S{2,8}(?:\s+\S{2,4})?\s*摄[)）]?$|[(（]\S{2,8}\s*摄[)）]$|(?:记者|通讯员)?\s*\S{0,8}\s*供图[)）]?$`)

// Inline patterns cut out of a line, keeping the text around them.
var (
	// bracketedSite is a 【…】 label that names a web site.
	bracketedSite = mustPattern(`(?i)【[^】]{0,60}(?:www\.|https?://|\.com|\.cn|\.net|\.org)[^】]{0,60}】`)
	// url is an explicit link.
	url = mustPattern(`(?i)(?:https?://|www\.)[a-z0-9\-._~:/?#@!$&'*+,;=%]+`)
	// domain is a bare host name with a common TLD and an optional path.
	domain = mustPattern(`(?i)\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org|cc|top|info|vip|xyz)\b(?:/[a-z0-9\-._~/?#=&%]*)?`)
	// htmlTag is a markup tag left by a careless scraper.
	htmlTag = mustPattern(`</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]{0,200})?/?>`)
	// htmlAttr is an attribute fragment of a tag whose "<" was lost ("align=center>").
	htmlAttr = mustPattern(`(?i)\b(?:align|valign|color|bgcolor|style|class|width|height|size|face|border|href|src|id|target|alt|title)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+)\s*>?`)
	// htmlEntity is a named or numeric character reference.
	htmlEntity = mustPattern(`&(?:[a-zA-Z]{2,8}|#\d{1,6}|#[xX][0-9a-fA-F]{1,6});`)
)

// watermarkTails end an anti-copy watermark that began with apostrophes
// wedged between Han characters ("范’文’库欢,迎您1 采集").
var watermarkTails = []string{"采集", "收集整理", "欢迎您", "欢迎访问"}

// headingMarker matches an outline number at the start of a line: 一、
// （一） 1、 1. （1） 第一章 ①.
var headingMarker = mustPattern(`^(?:[一二三四五六七八九十百]+\s*[、.．]|[(（]\s*[一二三四五六七八九十百\d]+\s*[)）]|\d{1,3}\s*[、.．](?:\D|$)|第[一二三四五六七八九十百\d]+[章节条部分篇]|[①-⑳])`)

// isHeading is headingMarker.MatchString with a cheap test first: a
// heading opens with a numeral, a bracket, 第 or a circled number.
func isHeading(f string) bool {
	r, _ := utf8.DecodeRuneInString(f)
	if !(r >= '0' && r <= '9' || r == '(' || r == '（' || r == '第' || r >= '①' && r <= '⑳' || strings.ContainsRune("一二三四五六七八九十百", r)) {
		return false
	}
	return headingMarker.MatchString(headingSpan(f))
}

// headingSpan returns the part of f headingMarker can read: its leading
// run of the runes a heading is made of, and one rune more (the \D after
// "1、"). A match lies within it, and its end is no end of f the pattern
// could use: a line opening "2024年…" is not read to its end.
func headingSpan(f string) string {
	for i := 0; i < len(f); {
		r, size := utf8.DecodeRuneInString(f[i:])
		if !(r >= '①' && r <= '⑳' || strings.ContainsRune(headingRunes, r)) {
			return f[:i+size]
		}
		i += size
	}
	return f
}

// headingRunes are the runes of headingMarker's matches, but the \D.
const headingRunes = "一二三四五六七八九十百0123456789 \t\n\f\r()（）、.．第章节条部分篇"

// firstHeading is the first heading of a body ("一、", "（一）", "1.",
// "第一章"), which may follow a title glued before it.
var firstHeading = mustPattern(`^(?:一\s*[、.．]|[(（]\s*一\s*[)）]|1\s*[、.．]\D|第一[章节部分])`)

// pageNumberPrefix is the page number a document viewer glues to the start
// of each page ("2、对象").
var pageNumberPrefix = mustPattern(`^(\d{1,3})、`)

// sentenceEnd holds runes that end a sentence or clause such that a new line
// after them is an ordinary paragraph break.
var sentenceEnd = newRuneSet("。！？!?；;：:….")

// closers may follow a sentence end ("…。”").
var closers = newRuneSet("”’」』)）\"")

// docTypes are the words a document title ends with, longest first so that
// the longest match wins.
var docTypes = []string{
	"实施方案", "工作方案", "活动方案", "工作计划", "工作要点", "工作总结", "工作规划", "实施意见", "实施细则", "实施办法",
	"经验材料", "述职报告", "工作报告",
	"方案", "计划", "规划", "要点", "总结", "意见", "通知", "办法", "报告", "细则", "决定", "纲要",
}

// bodyStarts open the first sentence of a document body; a title glued to
// text that starts like this is a title, not the end of a sentence.
var bodyStarts = []string{
	"为进一步", "为深入", "为认真", "为切实", "为全面", "为了", "为", "根据", "按照", "依据", "在", "随着",
	"近年来", "今年以来", "今年来", "多年来", "以", "结合", "遵照", "贯彻", "当前",
}

// notTitleWords occur in sentences that merely mention a plan
// ("制定如下实施方案", "以下是本计划的方案", "今年将开展…规划") and never in
// a real title; they are looked for before the closing document word, so
// 要 does not reject …工作要点.
var notTitleWords = []string{
	"如下", "以下", "是", "将", "已", "要", "了", "正在", "把", "被", "应当", "认为", "有人", "有些", "这份", "这个", "本次", "制定", "制订", "特制", "现将", "我们", "我院将", "是本", "的方案", "构思",
}

// coordinators before a document word make it a verb ("提炼和总结",
// "研究并制定方案"), never the kind word of a title.
var coordinators = map[rune]bool{'和': true, '与': true, '及': true, '并': true, '、': true, '或': true}

// docWordCompounds continue a document word into another word (计划生育,
// 报告会, 通知书, 规划局), so no title ends there.
var docWordCompounds = []string{"生育", "经济", "单列", "会", "书", "单", "局", "馆", "箱", "稿", "表彰", "设计", "期", "内", "外", "性", "建设", "编制", "纲要", "发言", "范文", "暨"}

// docWordVerbs before a document word make it the object of a verb
// ("李某作总结发言", "做好计划"), never the kind word of a title.
var docWordVerbs = map[rune]bool{'作': true, '做': true, '写': true}

// titleConjunctions join two document words into one title
// ("…2025年工作总结及2026年工作计划"); the second may also be one of
// titleSecondKinds.
var titleConjunctions = []string{"及", "和", "暨", "与", "并"}

var titleSecondKinds = []string{"思路", "打算", "安排", "设想"}

// yearBodyStart is a body that opens with its year ("2025年以来,",
// "2024年,在…"), after a title glued before it.
var yearBodyStart = mustPattern(`^\d{4}\s*年(?:以来|来|[,，]|上半年|下半年|是|我|全|在|初|度[,，])`)

// titleOrgWords name an issuing body; titleActWords an undertaking. A
// title glued to body text must hold one of them (see titleShaped).
var titleOrgWords = []string{
	"医院", "卫生院", "中心", "支部", "总支", "党委", "党组", "委员会", "政府", "局", "办公室", "公司", "学校",
	"县", "镇", "乡", "区", "市", "省", "科室", "部门", "单位", "系统",
}

var titleActWords = []string{
	"活动", "工作", "建设", "专项", "行动", "党建", "创建", "整治", "教育", "培训", "考核",
}

// titleNeverStarts open clauses, not titles ("以指导性计划为主…").
var titleNeverStarts = []string{"以", "和", "与", "及", "并", "但", "而", "对", "将", "把", "从", "用于", "提升", "新一轮"}

// titleContinuations start text that continues a sentence whose subject
// merely ended in a document word ("年度工作计划已经完成"): no split there.
var titleContinuations = []string{
	"的", "已", "了", "和", "与", "及", "中的", "之中", "要", "将", "是", "还", "也", "都", "并", "进行", "实施", "落实", "执行", "完成", "得到",
}

// docNumber matches a document number line or prefix ("Xxx【2011】10号",
// "卫发〔2024〕3号").
var docNumber = mustPattern(`^[\p{Han}A-Za-z]{0,10}\s*[〔【\[(（]\s*\d{4}\s*[〕】\])）]\s*\d{1,4}\s*号`)

// pianMarkers split a collection page into its numbered pieces: "标题 篇1",
// "标题（第二篇）"; group "t" is the title, "n" the number.
var pianMarkers = []*pattern{
	mustPattern(`^(?P<t>.{2,60}?)\s*篇\s*(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})$`),
	mustPattern(`^(?P<t>.{2,60}?)\s*[(（]?第(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})篇[)）]?$`),
	mustPattern(`^(?:【)?(?:篇|范文)\s*(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})\s*[:：】]\s*(?P<t>.{2,60})$`),
}

// loneCounter is a piece counter alone on its line ("【篇一】", "篇二",
// "第三篇", "篇4:"); titledCounter a title followed by its piece counter
// ("…工作计划范文一", "…工作计划（二）", "…工作计划3"). Group 1 of
// loneCounter, group "n" or "m" of titledCounter is the number, "t" the
// title. counterLineMax bounds the line in runes.
var (
	loneCounter    = mustPattern(`^[【\[]?\s*(?:篇\s*(\d{1,2}|[一二三四五六七八九十]{1,3})|第\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*篇)\s*[】\]]?\s*[:：]?$`)
	titledCounter  = mustPattern(`^(?P<t>.{4,50}?)\s*(?:范文|精选|例文|模板)?\s*(?:[(（【]\s*(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）】]|(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3}))$`)
	counterLineMax = 60
)

// compilationMarkers finds the "(N)" that follows each piece's title in an
// experience compilation: `[(（](\d{1,2})[)）]`, as the regexp's
// FindAllStringSubmatchIndex would report it, read without one: most
// lines hold a bracket, and an unanchored pattern reads a long line slowly.
func compilationMarkers(f string) [][4]int {
	var ms [][4]int
	// The next "(" and "（" at or after i, found by the strings package's
	// vector search and kept until passed (-1: none left).
	nextA, nextF := -2, -2
	for i := 0; i < len(f); {
		if nextA != -1 && nextA < i {
			nextA = nextAt(f, i, "(")
		}
		if nextF != -1 && nextF < i {
			nextF = nextAt(f, i, "（")
		}
		open := 0
		switch {
		case nextA < 0 && nextF < 0:
			return ms
		case nextF < 0 || nextA >= 0 && nextA < nextF:
			i, open = nextA, 1
		default:
			i, open = nextF, len("（")
		}
		d := i + open
		e := d
		for e < len(f) && e-d < 3 && f[e] >= '0' && f[e] <= '9' {
			e++
		}
		closing := 0
		switch {
		case e == d || e-d > 2:
		case strings.HasPrefix(f[e:], ")"):
			closing = 1
		case strings.HasPrefix(f[e:], "）"):
			closing = len("）")
		}
		if closing == 0 {
			i += open
			continue
		}
		ms = append(ms, [4]int{i, e + closing, d, e})
		i = e + closing
	}
	return ms
}

// nextAt returns the index of the first sub in f at or after i, or -1.
func nextAt(f string, i int, sub string) int {
	if k := strings.Index(f[i:], sub); k >= 0 {
		return i + k
	}
	return -1
}

// titleBoundary holds runes a glued compilation title starts after.
var titleBoundary = newRuneSet("。！？!?；;，,")

// clausePunct holds the runes that end a sentence or clause, commas
// included: a line holding one is no title, label or meta line.
var clausePunct = newRuneSet("。，,；;！!？?")

// titleForbidden may not occur inside a title glued to body text.
var titleForbidden = newRuneSet("。！？!?；;，,：:")
