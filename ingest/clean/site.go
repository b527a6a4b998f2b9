package clean

import (
	"strings"
)

// This file holds what template, document-sharing and government sites
// wrap around a document: the labels of their meta lines, their paywall
// and preview notes, the vocabulary of their blurbs, the decorations they
// add to titles. Like rules.go it is data only, matched against folded
// text (Simplified script, half-width ASCII, lower case), so one entry
// covers 發佈時間 and 发布时间. The steps that use the tables are in
// meta.go and head.go.

// strongMetaLabels are "label:" heads that only a site's article meta line
// or a government information table carries (发布时间:, 浏览量:, 索引号:).
// One of them with short values makes a meta line.
var strongMetaLabels = []string{
	"发布时间", "发布日期", "发表时间", "更新时间", "更新日期", "上传时间", "上传日期", "录入时间", "发稿时间",
	"发布人", "发布者", "发布", "分享", "分享到",
	"浏览量", "浏览次数", "浏览数", "阅读量", "阅读数", "阅读次数", "点击数", "点击量", "点击率", "点击次数",
	"查看人数", "查看次数", "访问量", "访问次数", "人气", "热度", "评论数", "下载次数", "下载量", "收藏数",
	"栏目", "所属栏目", "所属分类", "文章分类", "释出于", "发布于", "发表于", "上传于", "上传者", "贡献者",
	"字号", "字体", "字体大小", "文档页数", "文件大小", "文件格式", "下载积分", "所需积分",
	"新闻来源", "信息来源", "文章来源", "稿件来源", "稿源", "责任编辑", "网站编辑", "文字编辑",
	"索引号", "发文字号", "发文机关", "发布机构", "生效日期", "废止日期", "失效日期", "所属主题", "主题分类",
	"主题词", "成文日期", "发文日期", "发文时间", "有效性", "信息分类", "公开方式", "公开范围", "公开时限",
	"公开日期", "文件编号", "体裁分类", "组配分类", "服务对象分类", "信息名称", "发布单位", "文号",
	"内容提供方", "提供方", "文档编号", "上传人", "上传用户",
}

// counterLabels head a view or vote count ("阅读:1024", "点击:56"): with a
// bare number as its value such a label makes a meta line by itself.
var counterLabels = []string{"阅读", "浏览", "点击", "评论", "点赞", "访问"}

// linkMetaLabels head a meta cell whose value links to the page itself
// and reads as its title ("移动端:某某卫生院工作计划", "本文网址:…").
var linkMetaLabels = []string{"移动端", "手机端", "手机版", "移动版", "本文网址", "本文链接", "原文链接", "网址"}

// weakMetaLabels also head meta lines, but a plan's own lines may start
// with them too (时间:每月第一周; 来源于群众); two of them, or one with a
// strong piece (an ISO date, a counter), make a meta line.
var weakMetaLabels = []string{
	"时间", "日期", "来源", "作者", "编辑", "审核", "撰稿", "供稿", "摄影", "通讯员", "记者", "评论", "标签",
	"关键词", "关键字", "分类", "格式", "大小", "页数", "文号", "阅读", "浏览", "点击", "网站",
	"初审", "复审", "终审", "审校", "校对", "责编", "美编", "监制",
}

// metaLabelHeads may stand before a meta label and belong to it
// (文档格式, 文章作者, 信息来源).
var metaLabelHeads = []string{"文档", "文件", "文章", "信息", "新闻", "稿件", "资料", "网站", "图片"}

// titleRowLabels head the row of a government information table that
// holds the document's title: it is kept as the title, the rest dropped.
var titleRowLabels = []string{"标题", "名称", "文件名称", "信息名称", "文章标题"}

// metaActions are the buttons and stamps of an article page that stand
// alone among meta pieces (【收藏】, 举报, 下载本文, 海报).
var metaActions = []string{
	"下载本文档", "下载本文", "下载文档", "立即下载", "侵权投诉", "加入收藏", "加入会员", "以稿换稿", "打印本页", "关闭窗口",
	"打印", "收藏", "关闭", "举报", "纠错", "海报", "分享", "发布", "返回", "顶部", "评论", "点赞", "投稿", "上传",
	"字号", "字体",
	"加入vip", "开通vip", "购买vip", "免费下载", "付费下载", "vip专免", "vip专享", "会员专享", "vip", "大", "中", "小",
	// Bare words last: longer actions holding them go first (免费下载).
	"本站原创", "原创", "下载", "相关",
}

// metaPiece matches the values of a meta line that are not words: ISO
// dates and times, file sizes, page and word counts, view counters
// (999+, 1.82w), hashtags, 【bracketed】 buttons and the separators
// between them. Chinese dates (2023年4月26日) are deliberately absent:
// a signature date is content.
var metaPiece = mustPattern(`(?:` +
	`\d{4}[-/.]\d{1,2}[-/.]\d{1,2}` + // ISO date
	`|\d{1,2}:\d{2}(?::\d{2})?` + // time
	`|约?\s*\d+(?:\.\d+)?\s*(?:kb|mb|gb|k|m|b|字节)\b` + // size
	`|(?:约|共)?\s*\d+\s*页` + // pages
	`|约?\s*\d+(?:\.\d+)?\s*[千万]?字` + // words
	`|(?:(?:阅读|浏览|点击|查看|人气|热度)\s*)?\d+(?:\.\d+)?\s*[w万k]?\+?\s*(?:次|人)?` + // counters
	`|(?:阅读|浏览|点击)\s*次` + // counter with its number left out
	`|#[^\s#]{1,12}` + // hashtag
	`|【[^】]{0,8}】|\[[^\]]{0,8}\]|[(（]\d{1,6}[)）]` + // buttons, counts in brackets
	`|[-|/•·>»]` +
	`)`)

// isoDate is a date as sites print it (2024-10-31); documents write
// 2024年10月31日.
var isoDate = mustPattern(`\d{4}[-/.]\d{1,2}[-/.]\d{1,2}`)

// strongPiece is the part of metaPiece that proves a meta line by itself.
var strongPiece = mustPattern(`\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}:\d{2}|\d\s*(?:kb|mb|gb)\b|\d\s*页|\d[千万]?字|\d\+|\d(?:\.\d+)?[w万]|#\S`)

// paywallCuts are preview, paywall and document-viewer notes of document
// sites, cut out wherever they stand ("…_第2页", "此处隐藏2746个字",
// "已阅读5页,还剩2页未读"). Each is specific enough never to be content.
// A pattern runs only on lines holding its literal trigger: most lines
// hold none, and a long flattened page is not scanned for nothing.
var paywallCuts = []struct{ trigger, pattern string }{
	{"_第", `_第\s*\d{1,3}\s*页`},
	{"已阅读", `已阅读\s*\d+\s*页(?:[,，]?\s*还剩\s*\d+\s*页未读)?`},
	{"页未读", `还剩\s*\d+\s*页未读`},
	{"继续免费阅读", `继续免费阅读`},
	{"免费阅读已结束", `免费阅读已结束`},
	{"下载本文档", `下载本文档`},
	{"下载后可任意编辑", `下载后可任意编辑`},
	{"倾情为你奉上", `精选优质文档[-—]*倾情为你奉上`},
	{"隐藏", `(?:此处|以下)隐藏\s*\d+\s*个?字`},
	{"已省略", `已省略\s*\d+\s*个?字`},
	{"仅展示", `仅展示\s*\d+\s*个?字`},
	{"全文共", `全文共计?\s*\d+\s*个?字`},
	{"文章共", `文章共计?\s*\d+\s*个?字`},
	{"本文共", `本文共计?\s*\d+\s*个?字(?:[,，]?\s*预计阅读(?:时间|时长)?\s*\d+\s*分钟)?`},
	{"从网络收集整理", `(?:文档来源为\s*[:：]\s*)?从网络收集整理[.。．]?\s*(?:word版本可编辑[.。．]?)?\s*(?:欢迎下载支持[.。．]?)?`},
	{"仅供学习与交流", `(?:精品文档[,，]?\s*)?仅供学习与交流[,，]?\s*(?:如有侵权请联系网站删除[.。]?)?`},
	{"下载收益", `此文档下载收益归作者所有`},
	{"vip", `vip会员可见|vip专免|\.docx?\s*vip`},
	{"仅供预览", `(?:文章)?内容仅供预览`},
	{"页", `第\s*\d{1,4}\s*页\s*[,，]?\s*共\s*\d{1,4}\s*页`},
	{"严禁复制剽窃", `本资料权属\S{0,16}?严禁复制剽窃`},
	{"【", `【[^】]{0,40}(?:文章共|字数|范文|仅供|借鉴|收藏|会员|以稿换稿|投稿)[^】]{0,40}】`},
	{".jp", `[\w\-]{6,}\.jpe?g\b`},
	{".png", `[\w\-]{6,}\.png\b`},
	{".gif", `[\w\-]{6,}\.gif\b`},
	{".webp", `[\w\-]{6,}\.webp\b`},
	{"预览", `(?:免费|全文)?预览已结束[,，]?\s*(?:剩余\s*\d+\s*页可下载查看)?`},
	{"下载文档到电脑", `下载文档到电脑[,，]?\s*(?:查找使用更方便)?`},
	{"点击下载", `点击下载(?:本?文档)?`},
	{"文档评论", `文档评论\s*[(（]\s*\d+\s*[)）]`},
	// A Word page field printed as its code: 第PAGE10页共NUMPAGES10页.
	{"numpages", `第?\s*page\s*\d*\s*页?` + glossRe + `\s*共?\s*numpages\s*\d*\s*页?` + glossRe},
	// A preview's count of what is left (剩余5125字) and a site's 【导读】 label.
	{"剩余", `[(（]\s*剩余\s*\d+\s*个?字\s*[)）]`},
	{"导读", `【导读】|\[导读\]`},
	// A document site's label before its preview ("范文预览:一、总体思路…").
	{"范文预览", `范文预览\s*[:：]`},
	{"〖", `〖(?:摘要|导读|导语)〗`},
	{"预览完", `(?:亲[,，]?\s*)?该文档总共\s*\d+\s*页[,，]?\s*全部预览完了[,，]?\s*(?:如果喜欢就下载吧[!！]?)?`},
}

// paywallRes are paywallCuts compiled.
var paywallRes = func() []*pattern {
	rs := make([]*pattern, len(paywallCuts))
	for i, p := range paywallCuts {
		rs[i] = mustPattern(p.pattern)
	}
	return rs
}()

// chromePhrases, like chromeWords, belong to site chrome: two in a line
// make it chrome. They are the notes of document-sharing sites about
// downloads, uploads and customer service, and the comment box.
var chromePhrases = []string{
	"请点击", "联系老师", "预览结束", "免费获取全文", "代笔", "查看预览", "预览时", "文件下载", "放心下载", "下载前",
	"下载文档", "无法下载", "下载错误", "成功下载", "由用户上传", "用户上传", "版权归属", "联系客服", "咨询客服", "客服老师",
	"付费完成", "原创文章", "网友意见", "本站立场", "本站观点", "仅代表网友", "侵权投诉", "不予受理", "文档完整性",
	"进行举报", "或认领", "收益归属",
}

// chromeLinePrefixes open lines that are always site furniture, besides
// chromePrefixes: disclaimers, document-site labels, comment boxes.
var chromeLinePrefixes = []string{
	"申明敬告", "声明敬告", "免责申明", "版权说明:", "文档简介", "文档介绍", "文档描述", "用户评论", "网友评论", "发表评论",
	"相关评论", "评论列表", "字体大小", "字体:", "网站客服", "在线客服", "客服电话", "客服qq", "标签:",
	"tags:", "上一篇:", "下一篇:", "网站建设:", "网站设计:", "技术支持:", "主办单位:", "承办单位:", "网站标识码",
	"特别声明:", "网站声明:", "法律声明:", "隐私声明", "点击查看:", "点击查看：",
}

// siteLines are whole lines (bullets aside, folded) that only a site
// prints: document-site footers and government-portal headers.
var siteLines = map[string]bool{
	"您可能关注的文档": true, "相关文档": true, "1亿vip精品文档": true, "猜你喜欢": true, "相关推荐": true,
	"站群导航": true, "全文检索": true, "部门政府信息公开": true, "政府信息公开": true, "设为首页": true, "加入收藏": true,
	"正文内容": true, "【正文】": true, "正文": true, "小编特别推荐": true, "小编推荐": true,
}

// siteLineShape is a site's line by its shape: a "more like this" pointer
// (更多…相关内容推荐↓↓↓) or a document-site id (ID:38153425).
var siteLineShape = mustPattern(`^(?:更多|相关).{0,24}(?:推荐|阅读)\s*↓+$|^id\s*[:：]\s*\d{5,}$`)

// mediaHints are the captions of a social-media article's widgets
// ("滑动查看下一张图片", "长按识别二维码"): a short line opening with one
// is the platform's, not the author's.
var mediaHints = []string{
	"滑动查看", "左右滑动", "上下滑动", "向左滑动", "向右滑动", "向上滑动", "点击查看大图", "点击图片", "点击上方蓝字",
	"点击蓝字", "长按识别", "长按二维码", "长按关注", "微信扫一扫", "阅读原文", "预览时标签不可点", "轻触阅读原文",
	"继续滑动看下一个", "向上滑动看下一个", "关注该公众号", "使用小程序", "在小说阅读器", "原创 ",
	"微信扫码", "手机扫码", "扫描二维码", "用手机扫描", "扫码分享",
}

// mediaButtons are the buttons below a social post ("赞", "在看", "分享"):
// a line of nothing else in a page's second half is the platform's.
var mediaButtons = []string{
	"赞", "在看", "分享", "留言", "写留言", "收藏", "听过", "视频", "小程序", "知道了", "取消", "允许", "轻点两下取消赞",
	"轻点两下取消在看", "推荐", "转发", "点赞", "喜欢此内容的人还喜欢",
}

// mediaHintMax bounds a widget caption line.
const mediaHintMax = 20

// festiveGreeting is the holiday banner of a site's header ("春 节 快 乐",
// "恭贺新春"), matched with spaces removed: a line of nothing else.
var festiveGreeting = mustPattern(`^(?:祝(?:大家|您|你们)?)?(?:(?:春节|新春|新年|元旦|元宵|元宵节|端午|端午节|中秋|中秋节|国庆|国庆节|五一|劳动节|七一|建党节|护士节|医师节|重阳|重阳节|妇女节|三八|六一|儿童节|新春佳节|佳节)(?:快乐|愉快|吉祥|安康|大吉)|恭贺新春|恭贺新禧|喜迎新春|欢度春节|欢度国庆|喜迎国庆|新春大吉|阖家欢乐|万事如意|龙年大吉|蛇年大吉|马年大吉)[!！]?$`)

// greetingLastRunes are the runes festiveGreeting can end with, before
// its "!".
const greetingLastRunes = "乐快祥康吉禧春节庆意"

// mottoSeps separate the phrases of a site's motto ("荟聚奇文、博采众长、
// 见贤思齐"); mottoMin is the least number of four-character phrases.
const (
	mottoSeps = "、，,·|｜ "
	mottoMin  = 3
)

// creditLabels head the credit lines closing a news page ("审核:某某",
// "摄影:某某"); footerLabelEnds end the label of a site's contact line
// ("急救电话:", "医院地址:").
var creditLabels = []string{
	"审核", "审稿", "审校", "校对", "初审", "复审", "终审", "编辑", "责编", "责任编辑", "作者", "撰稿", "撰文", "供稿",
	"摄影", "图片", "文字", "通讯员", "记者", "来源", "监制", "排版", "文/图", "图/文", "美编",
}

var footerLabelEnds = []string{"电话", "热线", "地址", "邮箱", "传真", "邮编"}

// creditLine is a page's last line holding only a parenthesised credit
// ("(党委办 某某)", "（宣传科 供稿）", "（文/图：某某）"): no digits, no
// sentence.
var creditLine = mustPattern(`^[(（](?:[^()（）。!?！？,，;；:：\d]{2,16}|(?:文|图|文/图|图/文|供稿|通讯员|记者|撰稿|编辑|审核|作者|来源|摄影)\s*[:：\s][^()（）。!?！？]{1,20})[)）]$`)

// postedPrefixes stand before a province in a social-media post's header
// ("发布于江苏", "ip属地:四川").
var postedPrefixes = []string{"发布于", "ip属地:", "ip属地：", "ip属地"}

// postCount is a post's view count ("1.2万次阅读", "356阅读").
var postCount = mustPattern(`^\d+(?:\.\d+)?[万w]?\+?次?(?:阅读|浏览)?$`)

// clockTime is a time of day as a post header prints it.
var clockTime = mustPattern(`^\d{1,2}:\d{2}(?::\d{2})?$`)

// postedOthersMax bounds the words of a post header besides its date,
// time and place (an account name, a column, 原创).
const postedOthersMax = 3

// siteButtons are the links of a government or hospital site's top bar
// ("设为首页 | 加入收藏 | 长辈版 | 无障碍浏览"): a line of nothing else is chrome.
var siteButtons = []string{
	"设为首页", "加入收藏", "收藏本站", "长辈版", "关怀版", "适老版", "无障碍浏览", "无障碍", "繁体版", "简体版", "繁体",
	"简体", "手机版", "移动版", "english", "登录", "注册", "网站导航", "站内搜索", "搜索", "智能问答", "网站支持ipv6",
}

// siteRegistration is an ICP or public-security registration number
// ("京ICP备12345678号-1", "公网安备 35010302000129号"), a footer's.
var siteRegistration = mustPattern(`(?:icp[备证]|公网安备)\s*[\d\-]*\d+号?`)

// siteWelcome is a site's greeting line ("某某市卫生健康委员会欢迎您",
// "欢迎访问某某医院网站").
var siteWelcome = mustPattern(`^(?:欢迎您?(?:访问|来到|光临)\S{2,30}|\S{2,30}欢迎您)[!！]?$`)

// imageName is a line holding only an image file's name ("1.png").
var imageName = mustPattern(`^[\p{Han}\w\-. ]{1,60}\.(?:png|jpe?g|gif|bmp|webp|svg)$`)

// excerptLabels head a site's summary of the page ("导语:…", "序论:…",
// "…提要:…", "摘要:"); in a page's first lines the whole line is the site's.
var excerptLabels = mustPattern(`^[^,，。:：!?！？]{0,20}?(?:导语|序论|序言|提要|摘要|内容简介|简介|引言)\s*[:：]`)

// siteLabelAlone is a site label standing alone on its line ("摘要:",
// "温馨提示:", "文档简介").
var siteLabelAlone = mustPattern(`^(?:导语|序论|提要|摘要|内容简介|简介|温馨提示|文档简介|文档介绍|内容提要|资源描述|文档描述|内容描述|小编推荐|小编精心推荐|精心推荐|猜你喜欢|相关推荐|热门推荐)\s*[:：]?$`)

// roleCredit is a news page's credit on a line of its own (党办 供稿,
// 宣传部 审稿, 某某 摄): a unit or name and the part it played.
var roleCredit = mustPattern(`^\S{1,12}\s*(?:供稿|审稿|撰稿|编审|审核|校对|责编|摄影|摄)$`)

// tagBar is a row of a site's tag or category links ("医院工作总结 | 医院年度
// 工作总结 | 医院年终工作总结"): three or more short phrases between bars.
var tagBar = mustPattern(`^[^|｜。，,;；!?！？]{2,16}(?:\s*[|｜]\s*[^|｜。，,;；!?！？]{2,16}){2,}\s*[|｜]?$`)

// indexNumber is a line holding only a long index or file number of a
// government information table ("3070211020000013000000/2024092600000171").
var indexNumber = mustPattern(`^(?:\d{9,}|[\d\-]{6,}/[\d\-]{6,})$`)

// readMore ends a site's excerpt of one article in a list of excerpts;
// the next title line starts another document.
var readMore = []string{"查看全文", "阅读全文", "展开全文", "点击查看全文", "全文阅读", "继续阅读", "阅读更多", "查看更多", "点击阅读全文"}

// relatedHeads open the list of related articles at the foot of a page;
// the short title lines after them go with them.
var relatedHeads = []string{
	"相关文档", "相关文章", "相关阅读", "相关推荐", "推荐阅读", "猜你喜欢", "热门文章", "延伸阅读", "相关范文", "相关专题", "热门推荐",
	"最新文章", "精彩推荐", "你可能感兴趣", "热门排行", "最新更新", "大家都在看", "热点推荐", "编辑推荐", "推荐文章", "热门阅读",
	"最新范文", "相关标签",
}

// footerLabels open the lines of a site's footer ("主办单位：…",
// "技术支持：…", "地址：…"); they go only at the very end of a page, below
// the body, so a plan's own contact line above its signature stays.
var footerLabels = []string{
	"主办单位", "承办单位", "协办单位", "主办", "承办", "技术支持", "维护单位", "网站维护", "地址", "邮编", "邮政编码",
	"联系电话", "电话", "传真", "邮箱", "电子邮箱", "网站标识码", "备案号", "建议使用", "最佳浏览",
}

// relatedItem is a list entry of such a block: a title with its MM-DD date.
var relatedItem = mustPattern(`\d{1,2}-\d{1,2}$`)

// blurbStrong and blurbWeak are the vocabulary of a site's blurb around
// the document ("下面是小编整理的…希望能够帮到大家"): a sentence scoring
// blurbMinScore (strong words count 2) in a page's first or last lines is
// the site's, not the document's.
var blurbStrong = []string{
	"小编", "网友", "本站", "编者", "范文", "客服", "原创文章", "有需要的朋友", "供您参考", "仅供参考", "仅供学习",
	"帮到大家", "来看看吧", "一起来看看", "精心准备", "精心整理", "精心收集", "相关材料", "写作灵感",
	"为大家整理", "为大家收集", "为大家带来", "给大家整理", "给大家带来", "为您整理", "为你整理", "为您带来", "为你带来",
	"为您推荐", "为你推荐", "对你有所帮助", "对您有所帮助", "对大家有所帮助",
	"欢迎参照", "欢迎深入阅读", "阅读并收藏", "很好,欢迎",
}

var blurbWeak = []string{
	"为您", "为你", "给大家", "整理", "分享", "推荐", "参考", "借鉴", "阅读", "收藏", "欢迎", "希望", "帮助", "喜欢",
	"看看", "带来", "准备了", "下面是", "以下是", "如何写", "怎么写", "想知道", "写作", "创作", "灵感",
}

const blurbMinScore = 4

// siteNameEnds end the name of a template site standing before the title
// ("美章网 资料文库", "安全管理网", "欢迎光临某某范文网").
var siteNameEnds = []string{"范文网", "文库", "资料库", "网", "之家", "在线", "频道"}

// columnEnds end a news column label above a headline ("医院新闻",
// "宣医新闻|…").
var columnEnds = []string{"新闻", "动态", "要闻", "资讯", "快讯", "公告", "通知公告", "信息"}

// issuerEnds end the name of an issuing body on its own line above a
// title ("市妇幼保健院", "中共某某县人民医院委员会"): such a line is the
// document's, not the site's.
var issuerEnds = []string{
	"院", "中心", "委员会", "委", "党组", "支部", "总支", "局", "办公室", "办", "站", "所", "科", "处", "厅", "政府",
	"公司", "学校", "社区", "村", "室", "部", "文件",
}

// columnLabel is a news column label on its own line ("医院新闻").
var columnLabel = mustPattern(`^[\p{Han}]{0,6}(?:新闻|动态|要闻|资讯|快讯|公告|通知公告|信息)$`)

// contactLine is a site's phone or contact line ("孕产妇接送电话: 0710-…").
var contactLine = mustPattern(`(?:电话|热线|手机|传真|微信|qq|邮箱)\s*[:：]?\s*[\d\-— ]{5,}`)

// attachmentLine labels an attachment ("附件1", "附件:").
var attachmentLine = mustPattern(`^附件\s*\d{0,2}\s*[:：]?`)

// attachmentLabel is such a label alone on its line, above the attached
// document's title.
var attachmentLabel = mustPattern(`^附件\s*\d{0,2}\s*[:：]?$`)

// attachmentHead opens a notice's list of attachments ("附件:1.某某方案",
// "附件：某某办法"); group 1 is the first name. numberedItem is a further
// entry of the list ("2.某某办法").
var (
	attachmentHead = mustPattern(`^附件\s*[:：]\s*(?:\d{1,2}\s*[.、．]\s*)?(\S.{3,60})$`)
	numberedItem   = mustPattern(`^\d{1,2}\s*[.、．]\s*(\S.{3,60})$`)
)

// columnPrefix is a column label glued before a headline with a bar.
var columnPrefix = mustPattern(`^[\p{Han}]{1,6}(?:新闻|动态|要闻|资讯|快讯|公告|信息)\s*[|｜]\s*`)

// navHome marks a navigation bar ("网站首页 工作范例 办公范例 …").
var navHome = []string{"首页", "网站首页", "主页", "返回首页"}

// provinces are the province-level names a document site puts after the
// upload date ("2026-03-06 发布于四川", "2003年12月16日广东省").
var provinces = []string{
	"北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西",
	"山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾",
	"内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
}

// provinceSuffixes follow a province's name, longest first.
var provinceSuffixes = []string{"壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市"}

// datePlace is an upload date followed by the uploader's province at the
// end of a short meta line.
var datePlace = mustPattern(`(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)\s*(?:发布于|上传于)?\s*(?:` +
	strings.Join(provinces, "|") + `)(?:省|市|自治区|特别行政区|壮族自治区|回族自治区|维吾尔自治区)?\s*$`)

// spamWords mark gambling and casino spam that hacked pages splice into
// text, usually as underscore-joined runs ("365bet…_日博…_…官网网址").
var spamWords = []string{
	"官网网址", "亚洲官网", "官方网站", "官网", "网址", "bet", "博彩", "日博", "娱乐城", "娱乐", "赌场", "彩票", "棋牌",
	"投注", "真人", "开户", "澳门", "金沙", "威尼斯人", "葡京", "皇冠", "在线",
}

// titleLeads are site decorations before a title ("最新…", "标题:", a
// column in brackets "【卫生方案】").
var titleLeads = mustPattern(`^(?:(?:标题|题目|名称)\s*[:：]\s*|(?:最新|热门)\s*|【[^】\d]{2,8}】\s*|第?\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*篇\s*[:：]?\s*|【?篇\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[:：】]\s*)`)

// titleTails are site decorations after a title: file extensions, VIP
// marks, page suffixes, compilation counters, "范文", "精选", a word
// count, an article number after the kind word. They are stripped
// repeatedly, so "…计划范文(精选5篇).docx" loses all three. The last
// entry is for the title only (see trimTitleLine).
var titleTails = []*pattern{
	mustPattern(`\s*\.(?:docx?|pdf|txt|wps|pptx?)\s*$`),
	mustPattern(`\s*vip\s*$`),
	mustPattern(`\s*_第\s*\d{1,3}\s*页\s*$`),
	mustPattern(`\s*[(（][^()（）]{0,6}(?:\d{1,3}|[一二三四五六七八九十百]{1,3})\s*篇[^()（）]{0,6}[)）]\s*$`),
	mustPattern(`\s*(?:范文|精选)?\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*篇\s*$`),
	mustPattern(`\s*篇\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*$`),
	mustPattern(`\s*[(（【]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）】]\s*$`),
	mustPattern(`\s*[-—_]?\s*(?:范文大全|大全|范文|精选|集合|合集|汇总|模板)\s*$`),
	mustPattern(`\s*[|｜]\s*$`),
	mustPattern(`\s*文号\s*[:：]\s*$`),
	mustPattern(`\s+约?\d{3,5}\s*字\s*$`),
	mustPattern(`\s*[(（【]\s*(?:完整版|最新版|word版|可编辑|word可编辑|精品|推荐|优秀|精华版|全文|通用版|参考|范本|定稿|终稿|修订版|新版|最新|原创|热门)\s*[)）】]\s*$`),
	mustPattern(`\s*[-_|｜—]+\s*[\p{Han}a-z0-9]{1,8}?(?:文库|范文网|网|文档|之家|资料库)\s*$`),
	// A writing guide's word after the kind word: …工作计划格式, …总结开头.
	mustPattern(`(?:` + strings.Join(docTypes, "|") + `)\s*((?:格式|开头|结尾|开头结尾|怎么写|写法|例文|样本|模版|范例|范本))\s*$`),
	mustPattern(`(?:` + strings.Join(docTypes, "|") + `)\s*([一二三四五六七八九十]{1,2}|\d{1,2})\s*$`),
}

// counterTail is a compilation counter right after a title's kind word
// ("(通用5篇)", "范文(6篇)(篇一)", "【篇二】"); see cutCounters.
var counterTail = mustPattern(`^(?:(?:范文|集合|合集|大全)?\s*[(（][^()（）]{0,6}(?:\d{1,3}|[一二三四五六七八九十百]{1,3})\s*篇[^()（）]{0,6}[)）](?:\s*[(（【]\s*篇\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）】])?` +
	`|\s*[(（【]\s*篇\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）】])`)

// articleEntry is an entry of a template site's article list: a counter,
// the article's title, its word count ("第1篇 …工作总结 1850字"); group 1
// is the title.
var articleEntry = mustPattern(`^第\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*篇\s*[:：]?\s*(\S.{3,58}?)\s*(?:约?\d{3,5}\s*字)?$`)

// headKindWords name a kind of document in a title line; they widen
// docTypes for choosing a page's title (…经验交流材料, …会上的讲话).
var headKindWords = []string{
	"材料", "讲话", "发言", "思路", "打算", "安排", "述职", "汇报", "通报", "公告", "简报", "纪要", "制度", "章程",
	"守则", "标准", "清单", "体会", "做法", "纪实",
}

// newsLead opens a news report's first sentence: its date or a word of
// recency ("3月2日,", "近日,").
var newsLead = mustPattern(`^(?:\d{4}年)?\d{1,2}月\d{1,2}日|^(?:近日|日前|近期|连日来|今年以来|本周|上周|当天|今天)`)

// salutations open an address to an audience ("同志们,大家好"): never a
// headline, and the body of a speech glued after its title.
var salutations = []string{"各位", "同志们", "尊敬的", "亲爱的", "大家好"}

// titleKindWords are docTypes and headKindWords, in that order.
var titleKindWords = append(append([]string{}, docTypes...), headKindWords...)

// titleJoinOpenEnds end the first line of a title that a page wrapped
// mid-phrase ("…关于印发" / "2023年…工作要点的通知").
var titleJoinOpenEnds = []string{"关于", "印发", "转发", "下发", "开展", "做好", "推进", "加强", "进一步", "的"}

// noticeOfIssue is the title of a notice that issues an attached
// document ("关于印发X的通知"); group 1 is X.
var noticeOfIssue = mustPattern(`关于(?:印发|转发|下发|公布)[《“"]?(.{4,60}?)[》”"]?的通知$`)

// reporterLine is a news report's line of reporter credits, alone on its
// line ("（记者 某某 通讯员 某某 某某）") or a byline ("文 / 某某"),
// wherever it stands (creditLine is only a page's last line).
var reporterLine = mustPattern(`^[^，,]{0,12}?(?:记者|通讯员)\s+[\p{Han}·]{2,4}(?:\s+(?:(?:记者|通讯员)\s+)?[\p{Han}·]{2,4}){0,5}\s*[)）]?$|^[(（]?(?:文|图|文图|图文|文字|摄影|编辑|责编|撰稿|供稿)\s*[/／|｜]\s*[\p{Han}·]{2,4}(?:\s+[\p{Han}·]{2,4}){0,3}[)）]?$`)

// newsCredit is the lead-in of a news report before its first sentence:
// the outlet and its reporters ("某某网讯（通讯员 某某 某某）"), or the
// reporters alone.
var newsCredit = mustPattern(`^(?:[^。，,\n]{2,40}?讯\s*)?[(（]\s*(?:记者|通讯员)[^()（）\n]{1,30}[)）]\s*`)

// knownSites are document and template sites whose name a page glues
// before the title ("腾讯文库2024年…工作计划范文"): data, matched as a line's
// prefix in the page's first lines.
var knownSites = []string{
	"腾讯文库", "百度文库", "道客巴巴", "豆丁网", "原创力文档", "人人文库", "金锄头文库", "淘豆网", "360文库",
	"得力文库", "冰点文库", "文档之家", "第一范文网", "范文先生网", "一课资料", "书业网", "麦克PPT网",
	"max.book118.com", "book118", "docin", "doc88",
}

// glossRe is an optional pinyin gloss after a Han character (頁(yè)).
const glossRe = `(?:[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）])?`
