package clean

import (
	"strings"
	"testing"
)

// pageCase is a made-up page of the genre: its lines, the titles of the
// parts it must split into, strings that must be gone from every part and
// strings that must survive in some part.
type pageCase struct {
	name   string
	lines  []string
	titles []string
	gone   []string
	kept   []string
}

func runPages(t *testing.T, cases []pageCase) {
	t.Helper()
	for _, tc := range cases {
		parts := Split(tc.name+".txt", paras(tc.lines...))
		var titles []string
		var all strings.Builder
		for _, p := range parts {
			titles = append(titles, p.Title)
			all.WriteString(partText(p))
		}
		if strings.Join(titles, " | ") != strings.Join(tc.titles, " | ") {
			t.Errorf("%s: titles %q, want %q", tc.name, titles, tc.titles)
		}
		for _, g := range tc.gone {
			if strings.Contains(all.String(), g) {
				t.Errorf("%s: %q left in the text", tc.name, g)
			}
		}
		for _, k := range tc.kept {
			if !strings.Contains(all.String(), k) {
				t.Errorf("%s: %q lost", tc.name, k)
			}
		}
	}
}

func TestHeadTitles(t *testing.T) {
	runPages(t, []pageCase{
		{
			name: "notice issuing two documents",
			lines: []string{
				"某某市卫生健康委关于印发2025年全市卫生健康工作总结和2026年全市卫生健康工作要点的通知",
				"各区县卫生健康局，委属各单位：",
				"《2025年全市卫生健康工作总结》和《2026年全市卫生健康工作要点》已经委主任办公会议通过，现印发给你们，请认真贯彻执行。",
				"某某市卫生健康委",
				"2026年2月10日",
				"2025年全市卫生健康工作总结",
				"2025年，全市卫生健康系统坚持以人民健康为中心，深化医改，全市家庭医生签约服务覆盖率达到75%。",
			},
			titles: []string{"某某市卫生健康委关于印发2025年全市卫生健康工作总结和2026年全市卫生健康工作要点的通知", "2025年全市卫生健康工作总结"},
		},
		{
			name: "two titles joined by &",
			lines: []string{
				"乡镇卫生院党建工作调研报告&县卫健局2026年党建工作要点",
				"当前，基层医疗卫生机构党的建设面临新形势，为摸清情况，我们对全县12家卫生院开展了专题调研。",
			},
			titles: []string{"乡镇卫生院党建工作调研报告"},
		},
		{
			name: "column label above the title",
			lines: []string{
				"健康教育工作计划",
				"某某县疾病预防控制中心2026年健康教育工作方案",
				"为全面做好全县健康教育工作，结合我中心实际，制定本方案。",
			},
			titles: []string{"某某县疾病预防控制中心2026年健康教育工作方案"},
		},
		{
			name: "government table with an empty 文号 cell",
			lines: []string{
				"• 设为首页 | 加入收藏 | 关怀版 | 无障碍浏览",
				"索引号: 001234567/2026-00012 组配分类: 通知公告",
				"名称: 关于召开全市卫生健康工作会议的通知 文号:",
				"发布单位: | 市卫生健康委 |",
				"各区县卫生健康局，委属各单位：",
				"经研究，定于2026年2月10日召开全市卫生健康工作会议，现将有关事项通知如下。",
			},
			titles: []string{"关于召开全市卫生健康工作会议的通知"},
			gone:   []string{"设为首页", "发布单位", "索引号"},
		},
		{
			name: "template",
			lines: []string{
				"当前位置：首页 > 工作计划 > 党支部工作计划",
				"某某范文网 公文资料库 2024年社区卫生服务中心党支部工作计划范文",
				"时间:2024-02-01 08:30:12 分享:春雨 下载本文",
				"新的一年开始了，计划是工作的灯塔。下面是小编为大家整理的社区卫生服务中心党支部工作计划范文，供您参考学习。",
				"2024年社区卫生服务中心党支部工作计划",
				"一、指导思想",
				"坚持以人民健康为中心，全面加强党支部标准化规范化建设。",
				"二、主要任务",
				"全年发展党员2名，开展主题党日活动12次。",
			},
			titles: []string{"2024年社区卫生服务中心党支部工作计划"},
			gone:   []string{"当前位置", "某某范文网", "下面是小编", "计划是工作的灯塔", "分享:春雨", "范文"},
			kept:   []string{"全年发展党员2名"},
		},
		{
			name: "news",
			lines: []string{
				"医院新闻",
				"凝心聚力谋发展 砥砺奋进启新程",
				"发布时间:2025-01-10 浏览量:318次",
				"20250110153022.jpg",
				"1月9日，某某县人民医院召开2024年度党支部书记抓党建述职评议会，全院6个党支部书记现场述职。",
				"会议要求，2025年各支部要对标对表，抓好党建与业务融合。(文/图 宣传科)",
			},
			titles: []string{"凝心聚力谋发展 砥砺奋进启新程"},
			gone:   []string{"医院新闻", "浏览量", ".jpg", "宣传科"},
			kept:   []string{"全院6个党支部书记现场述职", "抓好党建与业务融合。"},
		},
		{
			name: "govtable",
			lines: []string{
				"当前位置: 首页>政务公开>部门文件",
				"| 索引号: 11410200/2025-00102 | |",
				"| 发文机关: 某某区卫生健康局 | 发文日期: 2025-03-02 |",
				"| 标题: 区卫健局召开2025年党风廉政建设工作会议 | |",
				"| 主题分类: 卫生健康 | 发布日期: 2025-03-03 |",
				"3月2日，区卫健局召开2025年党风廉政建设工作会议，局属各单位主要负责人参加。",
			},
			titles: []string{"区卫健局召开2025年党风廉政建设工作会议"},
			gone:   []string{"索引号", "发文机关", "主题分类", "11410200"},
			kept:   []string{"局属各单位主要负责人参加"},
		},
		{
			name: "docsite",
			lines: []string{
				"县妇幼保健院2025年党建工作要点.docxVIP",
				"约5.2千字",
				"约 9页",
				"2025-04-02 发布于江西",
				"举报",
				"县妇幼保健院2025年党建工作要点",
				"2025年全院党建工作的总体要求是：坚持党建引领，推动妇幼健康事业高质量发展。",
				"一、加强政治建设",
			},
			titles: []string{"县妇幼保健院2025年党建工作要点"},
			gone:   []string{"VIP", "千字", "约 9页", "发布于江西", "举报"},
			kept:   []string{"2025年全院党建工作的总体要求是"},
		},
		{
			// The issuer above the title and a subtitle below it are the
			// document's; a headline without a kind word is still a title.
			name: "issuer",
			lines: []string{
				"市第二人民医院",
				"关于开展“清廉科室”创建活动的实施方案",
				"为深入推进清廉医院建设，经院党委研究，决定开展“清廉科室”创建活动。",
			},
			titles: []string{"关于开展“清廉科室”创建活动的实施方案"},
			kept:   []string{"市第二人民医院"},
		},
		{
			// A red-header issuer line and a document number above the
			// title stay; a site name alone on its line goes.
			name: "redHeader",
			lines: []string{
				"公文之家",
				"某某县卫生健康局文件",
				"某卫发〔2025〕5号",
				"关于做好2025年基层党建工作的通知",
				"各乡镇卫生院：",
				"现就做好2025年基层党建工作通知如下。",
			},
			titles: []string{"关于做好2025年基层党建工作的通知"},
			gone:   []string{"公文之家"},
			kept:   []string{"某某县卫生健康局文件", "某卫发〔2025〕5号"},
		},
		{
			name: "subtitle",
			lines: []string{
				"党建引领强根基 医防融合惠民生",
				"——某某县中医院党总支创建党建品牌纪实",
				"近年来，某某县中医院党总支坚持把党建工作与医疗业务同谋划、同部署。",
			},
			titles: []string{"党建引领强根基 医防融合惠民生"},
			kept:   []string{"——某某县中医院党总支创建党建品牌纪实"},
		},
		{
			// A speech title wrapped onto two lines is one title.
			name: "speech",
			lines: []string{
				"县卫健局党组书记在2025年全县卫生健康工作会议上的",
				"讲话",
				"同志们：",
				"今天召开全县卫生健康工作会议，主要任务是总结2024年工作，部署2025年任务。",
			},
			titles: []string{"县卫健局党组书记在2025年全县卫生健康工作会议上的讲话"},
		},
		{
			// A title broken inside its kind word.
			name: "brokenWord",
			lines: []string{
				"县卫生健康局2024年工作报",
				"告",
				"——2025年1月在全县卫生健康工作会议上",
				"各位代表：",
				"现在，我代表县卫生健康局，报告2024年工作。",
			},
			titles: []string{"县卫生健康局2024年工作报告"},
			kept:   []string{"——2025年1月在全县卫生健康工作会议上"},
		},
		{
			// A flattened page: title, the title again with the site's
			// suffix, then the text.
			name:   "flat",
			lines:  []string{"2025年乡镇卫生院健康教育工作计划2025年乡镇卫生院健康教育工作计划-合集为全面做好我镇健康教育工作，提高群众健康素养，结合我院实际，制定本计划。一、工作目标全年举办健康知识讲座不少于12次。"},
			titles: []string{"2025年乡镇卫生院健康教育工作计划"},
			gone:   []string{"合集"},
			kept:   []string{"全年举办健康知识讲座不少于12次"},
		},
		{
			name: "related",
			lines: []string{
				"村卫生室规范化建设工作计划",
				"为提升村卫生室服务能力，结合本乡实际，制定本计划。全年完成标准化建设8所。",
				"某某乡卫生院",
				"【村卫生室规范化建设工作计划】相关文章:",
				"村卫生室工作计划(精选8篇)05-12",
				"乡镇卫生院年度工作总结范文03-02",
				"卫生院院长述职报告",
			},
			titles: []string{"村卫生室规范化建设工作计划"},
			gone:   []string{"相关文章", "05-12", "院长述职报告"},
			kept:   []string{"全年完成标准化建设8所", "某某乡卫生院"},
		},
		{
			// A column label naming a kind is no title beside a real one.
			name: "column",
			lines: []string{
				"工作计划",
				"某某镇卫生院2025年党建工作计划",
				"2025年，院支部将坚持以人民健康为中心，全面加强支部建设。",
			},
			titles: []string{"某某镇卫生院2025年党建工作计划"},
			gone:   []string{"工作计划\n某某"},
		},
		{
			// A short title is still the title when it is the only one.
			name: "shortTitle",
			lines: []string{
				"工作要点",
				"2025年全院党建工作的总体要求是：坚持党建引领。",
			},
			titles: []string{"工作要点"},
		},
		{
			// A title glued to a meta line is cut out of it.
			name: "titleInMeta",
			lines: []string{
				"发布时间：2025-05-06 某某社区卫生服务中心2025年上半年工作总结",
				"上半年，中心在上级部门的领导下，扎实推进各项工作。门诊量1.6万人次。",
			},
			titles: []string{"某某社区卫生服务中心2025年上半年工作总结"},
			gone:   []string{"发布时间", "2025-05-06"},
		},
		{
			// A Traditional template page: crumbs, the page title with its
			// counter, a meta line, the site's blurb, two pieces.
			name: "tradCollection",
			lines: []string{
				"首頁 > 範文大全 > 工作計劃",
				"2025年衛生院黨支部工作計劃(精選6篇)",
				"發佈時間：2025-01-12 作者：小編 閱讀：2130",
				"新的一年開始了。以下是小編為大家收集的衛生院黨支部工作計劃，希望對大家有所幫助。",
				"2025年衛生院黨支部工作計劃 篇1",
				"為進一步加強支部建設，現制定本計劃。全年開展集中學習12次。",
				"2025年衛生院黨支部工作計劃 篇2",
				"全年發展黨員2名，開展主題黨日活動12次。",
			},
			titles: []string{"2025年衛生院黨支部工作計劃", "2025年衛生院黨支部工作計劃"},
			gone:   []string{"範文大全", "精選6篇", "發佈時間", "小編"},
			kept:   []string{"全年開展集中學習12次", "全年發展黨員2名"},
		},
		{
			name: "noTitle",
			lines: []string{
				"2025年是“十五五”规划开局之年，按照上级要求，结合医院实际，现将全年党建工作安排如下。",
				"一、工作思路",
			},
			titles: []string{"noTitle"},
		},
	})
}

func TestSiteChromePages(t *testing.T) {
	runPages(t, []pageCase{
		{
			name: "viewer",
			lines: []string{
				"某某文档网",
				"2025年乡镇卫生院党支部工作计划.docx",
				"文档格式：.docx 文档大小：31.2KB 文档页数：6页 上传时间：2025-01-08",
				"该文档为VIP文档",
				"2025年乡镇卫生院党支部工作计划",
				"2025年，支部将坚持党建引领，推动基本医疗和公共卫生服务提质增效。",
				"一、加强理论学习",
				"全年开展集中学习12次。",
				"免费预览已结束，剩余 4 页可下载查看",
				"下载文档到电脑，查找使用更方便",
				"点击下载文档",
				"文档评论(0)",
				"相关文档",
				"卫生院党支部工作总结",
				"乡镇卫生院工作计划范文",
			},
			titles: []string{"2025年乡镇卫生院党支部工作计划"},
			gone:   []string{"文档格式", "VIP", "预览", "下载", "文档评论", "相关文档", "工作计划范文", "某某文档网"},
			kept:   []string{"全年开展集中学习12次。"},
		},
		{
			name: "govFooter",
			lines: []string{
				"【字体：大 中 小】 【打印】 【关闭】",
				"市卫健委召开2025年党风廉政建设工作会议",
				"信息来源：市卫健委 发布时间：2025-02-18 阅读次数：",
				"2月17日，市卫健委召开2025年党风廉政建设工作会议，委属各单位主要负责人参加会议。",
				"某某市卫生健康委员会",
				"2025年2月18日",
				"扫一扫在手机打开当前页",
				"主办单位：某某市人民政府办公室 承办单位：某某市大数据中心",
				"网站标识码：1234500000 某ICP备00000000号 某公网安备 00000000000000号",
			},
			titles: []string{"市卫健委召开2025年党风廉政建设工作会议"},
			gone:   []string{"字体", "信息来源", "扫一扫", "主办单位", "网站标识码"},
			kept:   []string{"某某市卫生健康委员会", "2025年2月18日"},
		},
		{
			// The site's page title keeps the issuer the document's own
			// title line leaves out; its bracketed column goes.
			name: "issuerInPageTitle",
			lines: []string{
				"【卫生方案】某某区卫生局村卫生室标准化建设工作方案【范文精选】",
				"时间:2023-06-10 15:36:04 来源:网友投稿",
				"村卫生室标准化建设工作方案",
				"为提升村卫生室服务能力，结合工作实际，制定本方案。",
				"一、工作目标",
			},
			titles: []string{"某某区卫生局村卫生室标准化建设工作方案"},
			gone:   []string{"【卫生方案】", "网友投稿", "范文精选"},
			kept:   []string{"制定本方案。"},
		},
		{
			// … and the year.
			name: "yearInPageTitle",
			lines: []string{
				"2024年乡镇卫生院健康教育实施方案",
				"乡镇卫生院健康教育实施方案",
				"为普及健康知识，提高群众健康素养，制定本方案。",
				"一、工作目标",
			},
			titles: []string{"2024年乡镇卫生院健康教育实施方案"},
		},
		{
			// A news headline with a comma, above a social post's header.
			name: "postHeadline",
			lines: []string{
				"12个关键词，回眸2024年县卫健系统党建工作",
				"健康某某 2024-12-30 20:15 浙江",
				"回眸2024年",
				"这一年，县卫健系统坚持党建引领，推动卫生健康事业高质量发展，全系统开展集中学习200余次。",
				"关键词一：强基",
			},
			titles: []string{"12个关键词，回眸2024年县卫健系统党建工作"},
			gone:   []string{"2024-12-30"},
			kept:   []string{"回眸2024年", "关键词一"},
		},
		{
			// A headline with a comma on the first line, the report's
			// lead below it.
			name: "topHeadline",
			lines: []string{
				"强化党建引领，推动县医院高质量发展",
				"3月12日，县人民医院召开2025年党建工作会议，院领导班子成员、各支部书记参加会议。",
				"会议总结了2024年党建工作，部署了2025年重点任务。",
			},
			titles: []string{"强化党建引领，推动县医院高质量发展"},
		},
		{
			// A hard-wrapped first sentence is no headline.
			name: "wrappedSentence",
			lines: []string{
				"2024年，在县委县政府的坚强领导下，我院坚持以人民健康为中心",
				"扎实推进各项工作，取得了明显成效，现将全年工作总结如下。",
			},
			titles: []string{"wrappedSentence"},
		},
		{
			// A year the page put on a line of its own above the title.
			name: "yearAbove",
			lines: []string{
				"2025年度",
				"县妇幼保健院党支部工作计划",
				"一、指导思想",
				"坚持以人民健康为中心，推动妇幼健康事业高质量发展。",
			},
			titles: []string{"2025年度县妇幼保健院党支部工作计划"},
		},
		{
			// A conjoined title the page wrapped after its first kind word.
			name: "conjoinedWrapped",
			lines: []string{
				"某某区卫生健康局2025年工作总结",
				"及2026年工作思路",
				"一、2025年工作总结",
				"2025年，全区卫生健康系统坚持以人民健康为中心，各项工作取得新成效。",
			},
			titles: []string{"某某区卫生健康局2025年工作总结及2026年工作思路"},
		},
		{
			// A motto above the breadcrumb, a document site's meta row
			// whose link cell prints the title.
			name: "mottoAndLinkRow",
			lines: []string{
				"汇集佳作、博采众长、学以致用",
				"当前位置:某某公文库 > 计划总结 > 工作计划 >",
				"县医院团委工作计划",
				"网站:某某公文库 | 时间:2021-03-02 10:11:12 | 移动端:县医院团委工作计划",
				"一、指导思想",
				"坚持以服务青年为中心，团结带领全院团员青年立足岗位建功立业。",
			},
			titles: []string{"县医院团委工作计划"},
			gone:   []string{"博采众长", "移动端", "2021-03-02"},
			kept:   []string{"立足岗位建功立业"},
		},
		{
			// The title printed only in the meta row's link cell.
			name: "titleInLinkCell",
			lines: []string{
				"当前位置:某某公文库 > 计划总结 > 工作计划 >",
				"网站:某某公文库 | 时间:2021-03-02 10:11:12 | 移动端:县医院团委2021年工作计划",
				"一、指导思想",
				"坚持以服务青年为中心，团结带领全院团员青年立足岗位建功立业。",
			},
			titles: []string{"县医院团委2021年工作计划"},
			gone:   []string{"移动端", "公文库"},
		},
		{
			name: "titleInLinkCellSpaced",
			lines: []string{
				"网站:某某公文库 时间:2021-03-02 10:11:12 移动端:县医院团委2021年工作计划",
				"一、指导思想",
				"坚持以服务青年为中心，团结带领全院团员青年立足岗位建功立业。",
			},
			titles: []string{"县医院团委2021年工作计划"},
			gone:   []string{"移动端", "公文库"},
		},
		{
			name: "titleInLinkCellAlone",
			lines: []string{
				"移动端:县医院团委2021年工作计划",
				"一、指导思想",
				"坚持以服务青年为中心，团结带领全院团员青年立足岗位建功立业。",
			},
			titles: []string{"县医院团委2021年工作计划"},
			gone:   []string{"移动端"},
		},
		{
			// A hospital news page: credits, contact lines and notices
			// of the site below the report, a credit in brackets.
			name: "newsFooter",
			lines: []string{
				"新 春 快 乐",
				"3月2日，县人民医院召开2024年度党支部书记述职评议会，8位党支部书记逐一述职。",
				"党委书记指出，各支部要把党建工作与业务工作同谋划、同部署、同考核。",
				"（院办 某某）",
				"作者:某某",
				"审核:某某某",
				"医院地址: 某某市某某路12号(南院);某某路8号(北院)",
				"急救电话:0000-1234567",
				"特别声明:本站信息仅供参考,不能作为诊疗依据",
			},
			titles: []string{"newsFooter"},
			gone:   []string{"新 春", "院办", "审核", "医院地址", "急救电话", "特别声明"},
			kept:   []string{"同考核。"},
		},
		{
			// A ranking list under the text: its head and the titles below.
			name: "rankingList",
			lines: []string{
				"2025年卫生院党支部工作计划",
				"一、指导思想",
				"坚持以人民健康为中心，全年开展集中学习12次。",
				"大家都在看",
				"卫生院党支部工作总结",
				"社区卫生服务中心工作计划",
			},
			titles: []string{"2025年卫生院党支部工作计划"},
			gone:   []string{"大家都在看", "工作总结", "社区卫生服务中心工作计划"},
			kept:   []string{"全年开展集中学习12次。"},
		},
		{
			// A social post's buttons and captions below its text.
			name: "postFooter",
			lines: []string{
				"原创 某某 健康某某",
				"2025-01-06 18:30 四川",
				"1月6日，县卫健局召开2025年党建工作会议，总结2024年工作，部署2025年重点任务，全系统开展集中学习120次。",
				"会议要求，各基层党组织要压实责任，推动党建与业务深度融合。",
				"（文/图：办公室 某某）",
				"预览时标签不可点",
				"微信扫一扫",
				"关注该公众号",
				"继续滑动看下一个",
				"轻触阅读原文",
				"知道了",
				"赞，轻点两下取消赞",
				"在看，轻点两下取消在看",
			},
			titles: []string{"postFooter"},
			gone:   []string{"原创", "2025-01-06", "文/图", "预览", "公众号", "滑动", "知道了", "轻点两下"},
			kept:   []string{"深度融合。"},
		},
		{
			// A scheme's own contact line above its signature stays.
			name: "contactKept",
			lines: []string{
				"关于开展2025年“世界卫生日”义诊活动的方案",
				"为普及健康知识，决定于4月7日在中心广场开展义诊活动，共组织医务人员30名。",
				"联系人：王某 电话：0000-1234567",
				"某某县卫生健康局",
				"2025年3月28日",
			},
			titles: []string{"关于开展2025年“世界卫生日”义诊活动的方案"},
			kept:   []string{"联系人：王某 电话：0000-1234567", "某某县卫生健康局"},
		},
	})
}

func TestRecurringLines(t *testing.T) {
	recurring := map[string]bool{
		LineKey("健康资讯网 版权所有"):   true, // a site footer seen everywhere
		LineKey("某某网 · 公文频道"):   true,
		LineKey("2025年党支部工作计划"): true, // a common title: never dropped
		LineKey("一、指导思想"):       true, // a heading: never dropped
		LineKey("全年发展党员2名。"):    true, // a sentence: never dropped
	}
	in := paras(
		"某某网 · 公文频道",
		"2025年党支部工作计划",
		"一、指导思想",
		"全年发展党员2名。",
		"健康資訊網 版權所有",
	)
	parts := SplitWith("x.txt", in, Options{Recurring: func(k string) bool { return recurring[k] }})
	got := partText(parts[0])
	for _, g := range []string{"公文频道", "資訊網"} {
		if strings.Contains(got, g) {
			t.Errorf("recurring line %q kept:\n%s", g, got)
		}
	}
	for _, k := range []string{"2025年党支部工作计划", "一、指导思想", "全年发展党员2名。"} {
		if !strings.Contains(got, k) {
			t.Errorf("%q lost:\n%s", k, got)
		}
	}
	if parts[0].Title != "2025年党支部工作计划" {
		t.Errorf("title %q", parts[0].Title)
	}
}
