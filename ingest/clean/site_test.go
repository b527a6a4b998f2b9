package clean

import (
	"strings"
	"testing"
)

func TestCutInlineSite(t *testing.T) {
	tests := []struct{ in, want string }{
		// Document-viewer and paywall notes.
		{"2024年卫生院党支部工作计划_第3页", "2024年卫生院党支部工作计划"},
		{"已阅读3页,还剩9页未读 继续免费阅读", ""},
		{"此处隐藏1580个字。VIP会员可见", "。"},
		{"深化医共体建设…已省略620字", "深化医共体建设…"},
		{"县医院党委2024年工作要点.docxVIP", "县医院党委2024年工作要点"},
		{"下载后可任意编辑某某医院创建等级医院实施方案", "某某医院创建等级医院实施方案"},
		{"完善分级诊疗第 2 页共 9 页制度建设", "完善分级诊疗制度建设"},
		{"【本文共2310字,精选参考范文,仅供学习借鉴】", ""},
		{"组织党员义诊本资料权属某某公文网严禁复制剽窃活动6次", "组织党员义诊活动6次"},
		{"20240512093311.png", ""},
		{"文档来源为:从网络收集整理.word版本可编辑.欢迎下载支持.", ""},
		{"全面推进党建工作精品文档，仅供学习与交流，如有侵权请联系网站删除", "全面推进党建工作"},
		{"本文共计1800字，预计阅读时间5分钟", ""},
		{"全文共计2600字", ""},
		// Spam spliced into a quoted honour.
		{"荣获“bet888.com_澳门金沙在线_bet888官网网址优质服务单位”称号", "荣获“优质服务单位”称号"},
		{"被评为“365bet体育在线投注先进集体”", "被评为“先进集体”"},
		{"学习Alphabet教程", "学习Alphabet教程"},
		// A column label glued before a headline.
		{"护理动态|我院召开2024年护理质量分析会", "我院召开2024年护理质量分析会"},
		// An upload date and the uploader's province.
		{"2025-11-20 发布于湖北", ""},
		// A compilation counter glued after the title's kind word.
		{"社区卫生服务中心党支部工作计划(通用5篇)(篇一)为扎实推进", "社区卫生服务中心党支部工作计划为扎实推进"},
		// A preview's remainder count, a 导读 label, a known site glued
		// before the title, a rule of dashes before a headline.
		{"是开展基层卫生工作的重要途径。(剩余3210字)", "是开展基层卫生工作的重要途径。"},
		{"【导读】党委会实行集体领导和个人分工负责相结合的制度。", "党委会实行集体领导和个人分工负责相结合的制度。"},
		{"腾讯文库2027年卫生院党支部工作计划", "2027年卫生院党支部工作计划"},
		{"---县医院召开党委扩大会议", "县医院召开党委扩大会议"},
		{"范文预览:一、总体思路以健康为中心。", "一、总体思路以健康为中心。"},
		{"〖摘要〗为做好下半年工作，制定本计划。", "为做好下半年工作，制定本计划。"},
		// A news report's outlet and reporters before its first sentence.
		{"某某网讯（通讯员 王小明 李华）3月8日，县医院召开述职评议会。", "3月8日，县医院召开述职评议会。"},
		{"（记者 张强）近日，县卫健局启动义诊活动。", "近日，县卫健局启动义诊活动。"},
		// Content that looks alike stays.
		{"腾讯文库的资料可供参考。", "腾讯文库的资料可供参考。"},
		{"选派（通讯员）参加培训，剩余经费用于采购。", "选派（通讯员）参加培训，剩余经费用于采购。"},
		{"2024年召开职工代表大会2次，发表论文(6篇)。", "2024年召开职工代表大会2次，发表论文(6篇)。"},
		{"开展“诊疗-随访-康复”一体化管理", "开展“诊疗-随访-康复”一体化管理"},
		{"学习《健康素养-基本知识与技能》", "学习《健康素养-基本知识与技能》"},
	}
	for _, tt := range tests {
		ls := cutInline(&ctx{}, []line{{p: paras(tt.in)[0]}})
		if got := ls[0].p.Text; got != tt.want {
			t.Errorf("cutInline(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSiteNames(t *testing.T) {
	tests := []struct{ in, want string }{
		{"某某范文网 公文资料库 2024年卫生院工作计划", "2024年卫生院工作计划"},
		{"公文之家 2024年卫生院工作总结", "2024年卫生院工作总结"},
		{"织牢织密公共卫生防护网 守护人民群众健康", "织牢织密公共卫生防护网 守护人民群众健康"},
		{"县卫生健康局 2025 年工作总结", "县卫生健康局 2025 年工作总结"},
		{"织密三级卫生服务网络建设方案", "织密三级卫生服务网络建设方案"},
	}
	for _, tt := range tests {
		ls := cutInline(&ctx{}, []line{{p: paras(tt.in)[0]}})
		if got := ls[0].p.Text; got != tt.want {
			t.Errorf("cutInline(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestChromeLineSite(t *testing.T) {
	c := &ctx{}
	tests := []struct {
		in    string
		chrom bool
	}{
		{"申明敬告: 本站不保证文档的完整性,下载前请仔细阅读", true},
		{"文档简介", true},
		{"用户评论", true},
		{"(以下内容仅代表网友意见,与本站立场无关)", true},
		{"请点击下方按钮联系老师获取全文", true},
		{"3. 下载前请确认文档内容,付费完成后无法下载请联系客服。", true},
		{"网站客服:400123456", true},
		{"摘要:", true},
		{"温馨提示", true},
		{"10290412300000087/2025031400000012", true},
		{"首页 工作计划 工作总结 心得体会 述职报告", true},
		{"站点首页 范文大全 工作范文 党团范文 讲话范文", true},
		{"• 设为首页 | 加入收藏 | 关怀版 | 无障碍浏览", true},
		{"粤ICP备12345678号-2 粤公网安备 44010402001234号", true},
		{"网站建设:某某网络", true},
		{"南山区卫生健康局欢迎您", true},
		{"20240315.jpg", true},
		{"某某写作神器，一键生成公文！立即了解", true},
		{"2024-03-01 08:00本站原创", true},
		{"院办 供稿", true},
		{"宣传科 审核", true},
		{"资源描述", true},
		{"小编精心推荐", true},
		{"欢迎您访问某某县人民医院！", true},
		{"工作总结 | 年度工作总结 | 年终工作总结 | 个人工作总结", true},
		// Social-media widgets and holiday banners.
		{"左右滑动查看更多活动照片", true},
		{"长按识别二维码 关注我们", true},
		{"新 春 快 乐", true},
		{"国庆节快乐！", true},
		{"恭 贺 新 禧", true},
		{"预览时标签不可点", true},
		{"首页 / 党建园地 / 支部风采", true},
		{"您当前的位置：首页 > 医院新闻", true},
		{"原文地址：某某网", true},
		{"扫描二维码 手机阅读", true},
		{"继续滑动看下一个", true},
		{"原创 某某 健康某某", true},
		{"特别声明:本站信息仅供参考,不作诊疗依据", true},
		// Reporter credits, bylines, photo credits and image names.
		{"（记者 王小红 通讯员 李明 赵亮）", true},
		{"文 / 张晓丽", true},
		{"义诊活动现场。通讯员 供图", true},
		{"图片3.png", true},
		// Document-site footers, portal headers, a known site alone.
		{"您可能关注的文档", true},
		{"1亿VIP精品文档", true},
		{"全文检索", true},
		{"原创力文档", true},
		{"• 点击查看:3分钟在线开通会员查看此文章!", true},
		{"（三）政府信息公开", false},
		{"更多爱国卫生月相关内容推荐↓↓↓", true},
		{"ID:38153425", true},
		{"工作总结 工作计划 党课下载 策划方案 自查报告 对照材料", true},
		{"正文内容", true},
		// Content.
		{"加强通讯员队伍建设", false},
		{"记者节慰问新闻工作者", false},
		{"加入收藏夹的方式见附件。", false},
		{"欢迎各位专家莅临指导，我院将认真落实整改要求。", false},
		{"设为首页的医院网站栏目由宣传科负责维护", false},
		{"报院党委审核后实施。", false},
		{"一、指导思想 | 二、工作目标", false},
		{"温馨提示:请就诊患者提前预约,错峰就诊。", false},
		{"强基础 提质量 惠民生 促发展", false},
		{"组织党员下载学习强国并上传学习笔记。", false},
		{"摘要记录本年度主要工作。", false},
		{"阅读原文件后,各支部于3月底前反馈意见。", false},
		{"元旦前组织全院职工开展快乐健步走活动。", false},
		{"春节期间安排专人值班", false},
		{"学校/医院/社区三方联动", false},
	}
	for _, tt := range tests {
		if got := chromeLine(c.fold(tt.in)); got != tt.chrom {
			t.Errorf("chromeLine(%q) = %v, want %v", tt.in, got, tt.chrom)
		}
	}
}

func TestTrimTitle(t *testing.T) {
	c := &ctx{}
	tests := []struct{ in, want string }{
		{"2024年医院党支部工作计划(通用8篇)", "2024年医院党支部工作计划"},
		{"卫生院健康教育工作计划(十二篇)", "卫生院健康教育工作计划"},
		{"社区卫生服务站工作总结精选5篇", "社区卫生服务站工作总结"},
		{"卫生局党委理论学习计划2篇", "卫生局党委理论学习计划"},
		{"医院党建工作总结范文大全", "医院党建工作总结"},
		{"医院党建工作总结范文", "医院党建工作总结"},
		{"医院党建工作总结2024精选", "医院党建工作总结2024"},
		{"县人民医院创建等级医院实施方案.docx", "县人民医院创建等级医院实施方案"},
		{"县人民医院创建等级医院实施方案.doc VIP", "县人民医院创建等级医院实施方案"},
		{"县人民医院创建等级医院实施方案_第1页", "县人民医院创建等级医院实施方案"},
		{"卫生院工作计划 篇3", "卫生院工作计划"},
		{"卫生院工作计划(二)", "卫生院工作计划"},
		{"卫生院工作计划三", "卫生院工作计划"},
		{"标题:2篇2024年党支部标准化建设方案", "2024年党支部标准化建设方案"},
		{"第2篇 2024年疾控中心工作总结 2160字", "2024年疾控中心工作总结"},
		{"最新乡镇卫生院工作计划", "乡镇卫生院工作计划"},
		{"篇二:2024年村卫生室工作计划", "2024年村卫生室工作计划"},
		{"妇幼保健院工作计划集合", "妇幼保健院工作计划"},
		{"【卫生方案】区卫生局村卫生室建设工作方案", "区卫生局村卫生室建设工作方案"},
		{"卫生院2025年党建工作计划(完整版)", "卫生院2025年党建工作计划"},
		{"卫生院2025年党建工作计划【可编辑】.docx", "卫生院2025年党建工作计划"},
		{"县医院党委2025年工作要点_某某文库", "县医院党委2025年工作要点"},
		{"县医院党委2025年工作要点 - 某某范文网", "县医院党委2025年工作要点"},
		{"织密基层卫生服务网", "织密基层卫生服务网"},
		{"疾控中心工作计划-合集", "疾控中心工作计划"},
		// A writing guide's word after the kind word; a 《title》 repeated.
		{"医院团委工作计划格式", "医院团委工作计划"},
		{"2027年社区卫生工作总结开头", "2027年社区卫生工作总结"},
		{"《卫生院党支部工作计划》卫生院党支部工作计划", "卫生院党支部工作计划"},
		{"公文格式规范", "公文格式规范"},
		{"《党章》学习计划", "《党章》学习计划"},
		// A page number before a title's year; a counter after the kind word.
		{"1、2027年县计划免疫工作年终总结", "2027年县计划免疫工作年终总结"},
		{"健康乡镇工作总结2", "健康乡镇工作总结"},
		// Two wordings of one title: the last is the document's.
		{"社区卫生服务中心工作计划总结 社区卫生服务中心工作计划", "社区卫生服务中心工作计划"},
		{"2024党建工作总结_医院党建工作总结", "医院党建工作总结"},
		// Real titles stay whole.
		{"区卫生健康局 2025 年工作总结及 2026 年工作思路", "区卫生健康局 2025 年工作总结及 2026 年工作思路"},
		{"守初心 树品牌 推动妇幼健康事业高质量发展", "守初心 树品牌 推动妇幼健康事业高质量发展"},
		{"关于开展“党员示范岗”评选活动的实施方案", "关于开展“党员示范岗”评选活动的实施方案"},
		{"推荐优秀党员的通知", "推荐优秀党员的通知"},
		{"十四五规划", "十四五规划"},
	}
	for _, tt := range tests {
		if got := trimTitle(c, tt.in); got != tt.want {
			t.Errorf("trimTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := trimTitleLine(c, "卫生院工作计划三"); got != "卫生院工作计划三" {
		t.Errorf("trimTitleLine kept no article number: %q", got)
	}
}

func TestBlurbSpan(t *testing.T) {
	tests := []struct {
		in, left string
		fromEnd  bool
	}{
		{"年终将至，回顾一年的工作总有许多收获。下面是小编为大家整理的医院工作总结，希望对大家有所帮助。", "", false},
		{"计划是行动的先导。以下是本站为您精心准备的卫生院工作计划范文，欢迎阅读并收藏。", "", false},
		{"本文由网友上传，仅供参考学习。一、指导思想坚持以人民健康为中心。", "一、指导思想坚持以人民健康为中心。", false},
		{"全年开展义诊12次。以上就是小编给大家带来的全部内容，来看看吧。", "全年开展义诊12次。", true},
		// Content, even with some of the words.
		{"希望大家再接再厉，欢迎各位同志提出宝贵意见。", "希望大家再接再厉，欢迎各位同志提出宝贵意见。", false},
		{"组织各支部分享经验、互相借鉴参考，提升党建质量。", "组织各支部分享经验、互相借鉴参考，提升党建质量。", true},
		{"欢迎广大网友积极参与健康知识有奖问答。", "欢迎广大网友积极参与健康知识有奖问答。", false},
	}
	c := &ctx{}
	for _, tt := range tests {
		f := c.fold(tt.in)
		got := tt.in
		if a, b, ok := blurbSpan(f, tt.fromEnd); ok {
			rs := []rune(tt.in)
			got = string(rs[:a]) + string(rs[b:])
		}
		if got != tt.left {
			t.Errorf("blurbSpan(%q) leaves %q, want %q", tt.in, got, tt.left)
		}
	}
}

func TestLeadingTitle(t *testing.T) {
	c := &ctx{}
	long := strings.Repeat("坚持以人民健康为中心，持续改进医疗服务质量。", 3)
	tests := []struct {
		in, title, rest string
	}{
		// Title printed twice, with the site's suffix.
		{"2024年县疾控中心免疫规划工作计划2024年县疾控中心免疫规划工作计划-合集" + long, "2024年县疾控中心免疫规划工作计划", long},
		// Title, a blurb, then the title again further on.
		{"卫生院党建工作总结2023精选时光飞逝。下面是小编整理的卫生院党建工作总结2023精选。卫生院党建工作总结2023精选一、" + long,
			"卫生院党建工作总结2023精选", "时光飞逝。下面是小编整理的卫生院党建工作总结2023精选。卫生院党建工作总结2023精选一、" + long},
		// A first space-separated field naming a kind.
		{"某某医院创建群众满意医院汇报材料 " + long, "某某医院创建群众满意医院汇报材料", long},
		// A title glued to its body's first heading or opening words.
		{"2022 卫生院党支部党员发展计划范文一、总体要求" + long, "2022 卫生院党支部党员发展计划范文", "一、总体要求" + long},
		{"某某社区卫生服务中心家庭医生签约服务工作汇报近年来，" + long, "某某社区卫生服务中心家庭医生签约服务工作汇报", "近年来，" + long},
		{"县妇幼保健院2023年工作总结2023年以来，" + long, "县妇幼保健院2023年工作总结", "2023年以来，" + long},
		{"县卫生健康局局长在2025年党建工作会议上的讲话同志们：" + long, "县卫生健康局局长在2025年党建工作会议上的讲话", "同志们：" + long},
		// A sentence naming a plan before its next clause is no title.
		{"医院党委研究制定了年度工作计划根据计划安排" + long, "", ""},
		// No title: a body that opens with a repeated subject.
		{"区卫生健康局始终坚持以人民为中心，区卫生健康局全体干部" + long, "", ""},
	}
	for _, tt := range tests {
		f := c.fold(tt.in)
		end, rest, ok := leadingTitle(c, f)
		title, left := "", ""
		if ok {
			rs := []rune(tt.in)
			title, left = string(rs[:end]), string(rs[rest:])
		}
		if title != tt.title || left != tt.rest {
			t.Errorf("leadingTitle(%q) = %q / %q, want %q / %q", tt.in, title, left, tt.title, tt.rest)
		}
	}
}

func TestExtendsAtStart(t *testing.T) {
	tests := []struct {
		a, b string
		more bool
	}{
		{"某某区卫生局村卫生室建设工作方案", "村卫生室建设工作方案", true},
		{"2024年乡镇卫生院健康教育实施方案", "乡镇卫生院健康教育实施方案", true},
		{"县人民医院2025年党建工作要点", "2025年党建工作要点", true},
		{"优秀医院党建工作计划", "医院党建工作计划", false},
		{"医院党建工作计划", "医院党建工作计划", false},
		{"关于印发医院党建工作计划的通知", "医院党建工作计划", false},
	}
	for _, tt := range tests {
		if got := extendsAtStart(tt.a, tt.b); got != tt.more {
			t.Errorf("extendsAtStart(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
}

func TestSimilarTitles(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"市医院党委书记在2024年工作总结范文暨表彰大会上的讲话稿", "市医院党委书记在2024年工作总结暨表彰大会上的讲话", true},
		{"关于印发某某县医共体建设实施方案的通知", "某某县医共体建设实施方案", true},
		{"2024年医院党支部工作计划", "2024年医院党支部工作计划", true},
		{"2024年医院党支部工作计划", "医院新闻", false},
		{"2024年医院党支部工作计划", "2024年医院团支部工作总结", false},
	}
	for _, tt := range tests {
		if got := similarTitles(tt.a, tt.b); got != tt.same {
			t.Errorf("similarTitles(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
}

// TestGlossedChrome: a site label that a pinyin gloss splits is still the
// site's; a glossed line of the document is not.
func TestGlossedChrome(t *testing.T) {
	in := "發(fā)布時(shí)間:2023-05-06 瀏(liú)覽:88次\n字號(hào):\n2026年社區(qū)衛(wèi)生服務(wù)站工作計(jì)劃\n一、指導(dǎo)思想\n堅(jiān)持以人民健康為中心，全年計(jì)劃開(kāi)展義診活動(dòng)12次，不斷提高服務(wù)水平。"
	var all string
	for _, p := range Split("x.txt", splitText(in)) {
		all += partText(p)
	}
	for _, gone := range []string{"字號(hào)", "瀏(liú)覽"} {
		if strings.Contains(all, gone) {
			t.Errorf("%q left in %q", gone, all)
		}
	}
	for _, kept := range []string{"指導(dǎo)思想", "義診活動(dòng)12次"} {
		if !strings.Contains(all, kept) {
			t.Errorf("%q lost from %q", kept, all)
		}
	}
}

func TestMottoLine(t *testing.T) {
	tests := []struct {
		in    string
		motto bool
	}{
		{"汇集佳作、博采众长、学以致用", true},
		{"广纳良言 择善而从 学以致用 精益求精", true},
		{"不忘初心、牢记使命", false},              // two phrases: a slogan of the text
		{"强基础 提质量 惠民生 促发展", false},        // three-character phrases
		{"党建引领、业务融合、年度计划", false},         // names a document kind
		{"一、坚持党建引领、强化业务融合、提升服务水平", false}, // a heading
	}
	for _, tt := range tests {
		if got := mottoLine(ctxFor(tt.in).fold(tt.in)); got != tt.motto {
			t.Errorf("mottoLine(%q) = %v, want %v", tt.in, got, tt.motto)
		}
	}
}

func TestFooterLine(t *testing.T) {
	tests := []struct {
		in     string
		footer bool
	}{
		{"审核:某某某", true},
		{"責任編輯：某某", true},
		{"医院地址: 某某市某某路12号(南院);某某路8号(北院)", true},
		{"急救电话:0000-1234567 0000-7654321", true},
		{"预约挂号热线：0000-12345678", true},
		{"主办单位：某某县卫生健康局", true},
		{"全年接听热线电话1200余次。", false},
		{"二、联系电话", false},
		{"组长：某某某", false},
	}
	for _, tt := range tests {
		if got := footerLine(ctxFor(tt.in).fold(tt.in)); got != tt.footer {
			t.Errorf("footerLine(%q) = %v, want %v", tt.in, got, tt.footer)
		}
	}
}

// TestTrimTitleGlossed: a Traditional title with pinyin glosses keeps them,
// and loses the site's decoration after them.
func TestTrimTitleGlossed(t *testing.T) {
	c := &ctx{trad: true}
	for _, tt := range []struct{ in, want string }{
		{"2027年麻疹強(qiáng)化免疫工作總結(jié)例文", "2027年麻疹強(qiáng)化免疫工作總結(jié)"},
		{"衛(wèi)生院工作計(jì)劃(通用3篇)", "衛(wèi)生院工作計(jì)劃"},
		{"衛(wèi)生院工作計(jì)劃", "衛(wèi)生院工作計(jì)劃"},
	} {
		if got := trimTitle(c, tt.in); got != tt.want {
			t.Errorf("trimTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestBlurbThenCategoryBar: a site's blurb with its category bar on the
// first line goes whole, and the document's own title is read below it.
func TestBlurbThenCategoryBar(t *testing.T) {
	in := "某某图书馆网为您提供优质参考范文! 工作总结 工作计划 党课下载 策划方案 自查报告 对照材料\n当前位置:首页 > 专题范文 > 公文范文 >\n\n卫生院护士长竞聘方案\n\n为加快医院发展，进一步完善中层干部选拔任用机制，制定本方案。\n一、竞聘岗位\n病区护士长3名。"
	parts := Split("x.txt", splitText(in))
	if len(parts) != 1 {
		t.Fatalf("%d parts", len(parts))
	}
	if parts[0].Title != "卫生院护士长竞聘方案" {
		t.Errorf("title %q", parts[0].Title)
	}
	if all := partText(parts[0]); strings.Contains(all, "党课下载") || strings.Contains(all, "参考范文") {
		t.Errorf("site bar left in %q", all)
	}
}
