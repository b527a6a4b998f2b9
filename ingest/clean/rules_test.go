package clean

import (
	"math/rand"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/planmine/planmine/ingest/raw"
)

func TestNormalizeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"\u200b全年\u200d发展\ufeff党员", "全年发展党员"},
		{"培训不少于３２学时", "培训不少于32学时"},
		{"ＰＭ２．５浓度下降", "PM2．5浓度下降"}, // full-width punctuation stays
		{"一、总体要求（试行）：", "一、总体要求（试行）："},
		{"\u3000\u3000坚持民主集中制。\u3000 ", "坚持民主集中制。"},
		{"党\u00ad员\u202a活动\u202c日", "党员活动日"},
		{"第一\t阶段\r", "第一 阶段"},
		{"ａｂｃＸＸ医院", "abcXX医院"},
		// Ideographic indentation a wrong encoding turned into "?".
		{"? ? ? ?5月8日,院党委召开理论学习中心组会议。", "5月8日,院党委召开理论学习中心组会议。"},
		{"??  全年开展义诊6次。", "全年开展义诊6次。"},
		{"?号病房", "?号病房"},
		{"对各支部提出了要求。 ? ? ? ?", "对各支部提出了要求。"},
		{"真的是这样吗???", "真的是这样吗???"},
	}
	for _, tt := range tests {
		if got := normalizeText(tt.in); got != tt.want {
			t.Errorf("normalizeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestChromeLine(t *testing.T) {
	c := &ctx{}
	tests := []struct {
		in    string
		chrom bool
	}{
		// Site furniture.
		{"上一篇：关于开展主题党日活动的通知", true},
		{"下一篇: 2024年护理部工作总结", true},
		{"当前位置:首页 > 工作总结 > 医院工作总结", true},
		{"首页 > 范文大全 > 工作计划 >", true},
		{"卫生院工作计划 >乡镇卫生院工作计划 >", true},
		{"- 格式:docx", true},
		{"- 大小:12.8 KB", true},
		{"文档页数:12", true},
		{"扫一扫关注我们的微信", true},
		{"【打印】", true},
		{"• 网站地图 | 关于我们", true},
		{"Copyright © 2020 某某范文网 版权所有", true},
		{"本站部分文章来自互联网，如有侵权请联系删除", true},
		{"来源：南方日报", true},
		{"第 3 页 共 12 页", true},
		{"- 5 -", true},
		{"2023年度医院党建工作总结（精选6篇）", true},
		{"新华社北京3月5日电", true},
		{"大会开幕现场。新华社记者 张三 摄", true},
		{"【】", true},
		// Content that merely looks like chrome.
		{"加强宣传栏、网站、微信公众号等意识形态阵地管理。", false},
		{"尊重知识产权，保护版权所有人的合法权益。", false},
		{"来源于群众，服务于群众。", false},
		{"门诊满意率>90%，住院满意率>95%", false},
		{"一、指导思想", false},
		{"2025年1月16日", false},
		{"中共某某县人民医院委员会", false},
		{"上级主管部门下一步将组织检查。", false},
		{"格式规范、内容完整的病历占比达到98%。", false},
	}
	for _, tt := range tests {
		if got := chromeLine(c.fold(tt.in)); got != tt.chrom {
			t.Errorf("chromeLine(%q) = %v, want %v", tt.in, got, tt.chrom)
		}
	}
}

func TestCutInline(t *testing.T) {
	tests := []struct{ in, want string }{
		{"【www.example.com--工作总结】", ""},
		{"我院全年开展义诊12次【www.fanwen.cn--医院范文】，服务群众3000余人次。", "我院全年开展义诊12次，服务群众3000余人次。"},
		{"详见 https://example.org/a/b.html 的通知", "详见  的通知"},
		{"坚持正确方’案，范’文’库欢,迎您2 采集的办院方针", "坚持正确的办院方针"},
		{"加强与民-主党派的联系，做好统-战工作", "加强与民主党派的联系，做好统战工作"},
		{"时间为2024-2025年度，比例为8-10人", "时间为2024-2025年度，比例为8-10人"},
		{"他说‘坚持’很重要", "他说‘坚持’很重要"},
		{"新华社北京3月5日电 国务院总理在会上作报告。", "国务院总理在会上作报告。"},
		{"文章版权归作者所有，转载请注明出处 www.example.com", ""},
		{"《卫生院党建材料.docx》由会员分享,可在线阅读,更多相关《卫生院党建材料.docx》请在某某文库上搜索。", ""},
		{"全院共有党员48名，其中35岁以下12名。", "全院共有党员48名，其中35岁以下12名。"},
		{"患者满意度为96.5%，较上年提高2.1个百分点。", "患者满意度为96.5%，较上年提高2.1个百分点。"},
	}
	for _, tt := range tests {
		ls := cutInline(&ctx{}, []line{{p: rawPara(tt.in)}})
		if got := ls[0].p.Text; got != tt.want {
			t.Errorf("cutInline(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStripMarkup(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  align=center>  color=red>[1]", "[1]"},
		{"<p>加强党风廉政建设</p>", "加强党风廉政建设"},
		{"党员&nbsp;大会&amp;支委会", "党员 大会&支委会"},
		{"<br/>", ""},
		{"成绩=优秀", "成绩=优秀"}, // not an HTML attribute
		{"得分<60分为不合格", "得分<60分为不合格"},
	}
	for _, tt := range tests {
		ls := stripMarkup(&ctx{}, []line{{p: rawPara(tt.in)}})
		got := ""
		if len(ls) > 0 {
			got = ls[0].p.Text
		}
		if got != tt.want {
			t.Errorf("stripMarkup(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBreadcrumb(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"当前位置:某某范文网 >", true},
		{"工作总结 >个人工作总结 >", true},
		{"首页 » 党建 » 计划", true},
		{"满意率>90%", false},
		{"收入增长>5%，支出增长>3%，结余>2%", false},
	}
	for _, tt := range tests {
		if got := breadcrumb(tt.in); got != tt.want {
			t.Errorf("breadcrumb(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestHeadingMarker(t *testing.T) {
	yes := []string{"一、指导思想", "（二）组织领导", "(三)工作措施", "3、加强学习", "4.落实责任", "第一章 总则", "①建立台账"}
	no := []string{"2025年是收官之年", "一是领导班子好", "党员48名", "12.5%的增长"}
	for _, s := range yes {
		if !headingMarker.MatchString(s) {
			t.Errorf("headingMarker should match %q", s)
		}
	}
	for _, s := range no {
		if headingMarker.MatchString(s) {
			t.Errorf("headingMarker should not match %q", s)
		}
	}
}

func TestEndsSentence(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"全面完成年度任务。", true},
		{"提出“三个一”要求。”", true},
		{"主要做法如下：", true},
		{"召开党员大会或职工代表大会", false},
		{"一、工作思路", false},
		{"（试行）", false},
	}
	for _, tt := range tests {
		if got := endsSentence(tt.in); got != tt.want {
			t.Errorf("endsSentence(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestMatchTitle(t *testing.T) {
	tests := []struct {
		in        string
		pos       int
		lineStart bool
		title     string // "" when no title may start there
	}{
		{"某某镇卫生院2024年党建工作计划为认真贯彻落实上级部署，结合实际制定本计划。", 0, true, "某某镇卫生院2024年党建工作计划"},
		{"县人民医院深入开展作风建设实施方案根据县委统一部署，现就有关事项安排如下。", 0, true, "县人民医院深入开展作风建设实施方案"},
		{"市妇幼保健院创建群众满意医院方案市妇幼保健院始终坚持公益性。", 0, true, "市妇幼保健院创建群众满意医院方案"},
		{"县中医院党建工作要点卫党〔2023〕5号县中医院党建工作要点为推动", 0, true, "县中医院党建工作要点"},
		{"某某卫生院2024年工作总结一、主要工作开展情况", 0, true, "某某卫生院2024年工作总结"},
		{"某某社区卫生服务中心医德医风建设实施方案实施方案为加强", 0, true, "某某社区卫生服务中心医德医风建设实施方案实施方案"},
		// Sentences that mention a plan.
		{"为使活动扎实推进，特制定如下实施方案。", 0, true, ""},
		{"以下是本计划的方案:1. 目标", 0, true, ""},
		{"注重挖掘、提炼和总结先进典型，发挥示范作用。", 0, true, ""},
		{"医院年度工作计划已经全面完成，成效明显。", 0, true, ""},
		{"根据上级工作要点要求开展自查。", 0, true, ""},
		{"二、目标任务完善规章制度", 0, true, ""},
		{"2025年是“十四五”规划收官之年", 0, true, ""},
		// After a sentence end only a body opening counts.
		{"全年任务圆满完成。某某卫生院党风廉政建设工作计划为进一步加强", 9, false, "某某卫生院党风廉政建设工作计划"},
		{"全年任务圆满完成。医院年度工作计划完成情况良好", 9, false, ""},
	}
	c := &ctx{}
	for _, tt := range tests {
		f := c.fold(tt.in)
		k, ok := matchTitle(f, len(string([]rune(f)[:tt.pos])), tt.lineStart)
		got := ""
		if ok {
			k = runeCut(k, f, 0, tt.in)
			got = string([]rune(tt.in)[k.at:k.titleEnd])
		}
		if got != tt.title {
			t.Errorf("matchTitle(%q, %d) = %q, want %q", tt.in, tt.pos, got, tt.title)
		}
	}
}

func TestDocTypeSuffix(t *testing.T) {
	tests := map[string]string{
		"医院党建工作实施方案":   "实施方案",
		"卫生院2024年工作总结": "工作总结",
		"关于加强党建工作的意见":  "意见",
		"全院职工大会":       "",
	}
	for in, want := range tests {
		if got := docTypeSuffix(in); got != want {
			t.Errorf("docTypeSuffix(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPianMarkers(t *testing.T) {
	tests := []struct{ in, title string }{
		{"2024年医院党支部工作计划 篇3", "2024年医院党支部工作计划"},
		{"卫生院年度工作总结篇十", "卫生院年度工作总结"},
		{"护理部工作计划（第二篇）", "护理部工作计划"},
		{"篇2：社区卫生服务中心工作要点", "社区卫生服务中心工作要点"},
		{"本篇文章共三部分", ""},
		{"2024年医院党支部工作计划(通用8篇)", ""},
	}
	for _, tt := range tests {
		got := ""
		for _, re := range pianMarkers {
			if m := re.FindStringSubmatch(tt.in); m != nil {
				got = m[re.SubexpIndex("t")]
				break
			}
		}
		if got != tt.title {
			t.Errorf("pian(%q) = %q, want %q", tt.in, got, tt.title)
		}
	}
}

func rawPara(s string) raw.Para { return raw.Para{Text: s} }

func TestCompilationMarkers(t *testing.T) {
	re := regexp.MustCompile(`[(（](\d{1,2})[)）]`)
	for _, s := range []string{
		"", "(1)", "（12）", "(123)", "((1))", "(1)(2)（3）", "某某经验材料(1)为了…(2)", "(1", "1)", "（）", "(a)",
		"（１）", "x(01）y（9)z", "((12)", "(1(2)", "(12", "（1２）", "(99)(100)(7)",
		"（（3）", "（(4)", "(（5）", "前言（1）正文(2)结尾（", "（12)(（", "\xef\xbc(1)", "（\xef\xbc\x88)(7)",
	} {
		var want [][4]int
		for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
			want = append(want, [4]int{m[0], m[1], m[2], m[3]})
		}
		if got := compilationMarkers(s); !slices.Equal(got, want) {
			t.Errorf("compilationMarkers(%q) = %v, want %v", s, got, want)
		}
	}
	pieces := []string{"(", ")", "（", "）", "1", "23", "4", "某", "，", "\xef", "\xbc", "a"}
	rnd := rand.New(rand.NewSource(5))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := rnd.Intn(12); k > 0; k-- {
			b.WriteString(pieces[rnd.Intn(len(pieces))])
		}
		s := b.String()
		var want [][4]int
		for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
			want = append(want, [4]int{m[0], m[1], m[2], m[3]})
		}
		if got := compilationMarkers(s); !slices.Equal(got, want) {
			t.Fatalf("compilationMarkers(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestHeadingSpan checks that headingMarker reads the same on a line and
// on its heading span.
func TestHeadingSpan(t *testing.T) {
	for _, s := range []string{
		"", "1", "1、", "1.5亿元", "1.", "1. 总体", "12、目标", "1234、", "一、", "一 、x", "十一.", "（一）", "(1)", "( 12 )x", "第一章", "第3部分",
		"第12条", "①", "2024年度工作计划", "一二三", "1\xff", "(一\xe4", "１、", "  1、", "百、", "第一部", "1、2", "1．5", "（一)",
	} {
		if got, want := headingMarker.MatchString(headingSpan(s)), headingMarker.MatchString(s); got != want {
			t.Errorf("headingMarker on span of %q = %v, want %v", s, got, want)
		}
	}
}
