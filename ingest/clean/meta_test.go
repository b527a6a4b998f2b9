package clean

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/planmine/planmine/ingest/fold"
)

// ctxFor returns the cleaning context for a test line in its script.
func ctxFor(s string) *ctx {
	return &ctx{trad: fold.Script(s) == fold.Traditional}
}

func TestMetaLine(t *testing.T) {
	tests := []struct {
		in   string
		meta bool
	}{
		// Article meta lines of news and template sites.
		{"时间:2024-03-18 09:12:40 分享:青禾 下载本文", true},
		{"时间 : 2021-05-18 09:02:11 来源 : 本网", true},
		{"日期：2023-11-02  来源：县卫健局  作者：办公室", true},
		{"作者: 佚名 来源: 本站原创 阅读 次 【小 中 大】", true},
		{"發佈時間:2024-06-01 瀏覽量:356次", true},
		{"栏目: 工作计划 / 发布于: / 人气:2.4W", true},
		{"时间:2022-05-06点击数:926次作者:院办", true},
		{"- 2023-09-11 发布 |", true},
		{"- 56.5 KB |", true},
		{"- 18页", true},
		{"2024-02-27 999+ 23.6KB 9 页 海报", true},
		{"约6.12千字", true},
		{"约 11页", true},
		{"评论: 更新日期:2019年05月20日", true},
		{"标签: #党建 #工作计划", true},
		{"2023-04-12 来源: 院办", true},
		{"打印", true},
		{"【收藏】【关闭】", true},
		{"侵权投诉", true},
		{"VIP", true},
		{"发稿:2021-08-14 09:51:33", true},
		{"加入VIP免费下载 立即下载", true},
		{"上传人:abc****xy 文档编号:102938 上传时间:2025-01-05 格式:DOCX 页数:6 大小:12.3KB", true},
		{"下载 相关 举报", true},
		// A document site's row whose link cell prints the title.
		{"网站:某某公文库 | 时间:2023-04-01 08:00:00 | 移动端:某某卫生院党支部2023年工作计划", true},
		// A social-media post's header: account or column, date, time, province.
		{"原创 某某卫健 2025-01-06 18:30 四川", true},
		{"健康某某 2024-11-02 广东省", true},
		{"初审:某某 复审:某某 终审:某某", true},
		{"点击：356", true},
		{"约2.6万字 共38页", true},
		{"点赞(8) 评论(2)", true},
		{"内容提供方：某某 大小：21.5KB 页数：5页", true},
		{"2025-02-10 发布于湖北 | 3.4万次阅读", true},
		{"【字号 大 中 小】【打印】【关闭】", true},
		{"阅读:每月一次", false},
		// Content that starts like one.
		{"时间:2024年6月1日至6月30日", false},
		{"时间:每月第一周的周一下午", false},
		{"来源于群众，服务于群众。", false},
		{"地点:门诊楼三楼会议室 时间:2024-03-01", false},
		{"2023年4月26日", false},
		{"2023", false},
		{"组长:张某某 副组长:李某某", false},
		{"2024年11月2日 江苏", false},
		{"会议 2024-11-02 在南京召开 江苏", false},
		{"作者单位:县人民医院党委办公室,执笔:王某", false},
		{"全年开展义诊12次，服务群众3000余人次。", false},
	}
	for _, tt := range tests {
		if got := metaLine(ctxFor(tt.in).fold(tt.in)); got != tt.meta {
			t.Errorf("metaLine(%q) = %v, want %v", tt.in, got, tt.meta)
		}
	}
}

func TestInfoRow(t *testing.T) {
	tests := []struct {
		in    string
		row   bool
		title string
	}{
		{"| 索引号: 11410200/2024-00321 | |", true, ""},
		{"索引号: | 012345678/2023-00088 | 发布机构: | |", true, ""},
		{"生效日期: | 2025-01-01 | 废止日期: | |", true, ""},
		{"文 号: | 所属主题: | 卫生健康 |", true, ""},
		{"| 标题: 县卫健局召开2024年度党建工作推进会 | |", true, "县卫健局召开2024年度党建工作推进会"},
		{"標題:2024年黨支部工作要點 |", true, "2024年黨支部工作要點"},
		{"标题: | 市疾控中心2025年健康教育工作计划 |", true, "市疾控中心2025年健康教育工作计划"},
		{"标题:某某社区卫生服务中心工作总结", true, "某某社区卫生服务中心工作总结"},
		// Tables of the document itself.
		{"| 序号 | 单位 | 目标值 |", false, ""},
		{"| 时间 | 活动内容 | 责任科室 |", false, ""},
		{"时间:每月第一周", false, ""},
	}
	for _, tt := range tests {
		row, a, b := infoRow(ctxFor(tt.in).fold(tt.in))
		title := ""
		if b > a {
			title = string([]rune(tt.in)[a:b])
		}
		if row != tt.row || title != tt.title {
			t.Errorf("infoRow(%q) = %v %q, want %v %q", tt.in, row, title, tt.row, tt.title)
		}
	}
}

// TestKeepsText checks that keepsText never promises text leftover
// removes, on random lines made of meta pieces, actions and other text.
func TestKeepsText(t *testing.T) {
	pieces := []string{"2024-05-06", "12:30", "约3.5kb", "共12页", "1.2万字", "阅读 1024次", "浏览次", "#标签", "【收藏】", "[打印]",
		"(123)", "（9）", "-", "|", "/", "•", "·", ">", "»", " ", "下载本文档", "vip", "大", "中", "小", "原创", "相关", "字号",
		"来源", "本站", "某", "k", "b", "w", "+", "、", "\t", "次", "人", "气", "第", "：", "a"}
	rnd := rand.New(rand.NewSource(2))
	for n := 0; n < 50000; n++ {
		var b strings.Builder
		for k := rnd.Intn(8); k > 0; k-- {
			b.WriteString(pieces[rnd.Intn(len(pieces))])
		}
		s := b.String()
		if keepsText(s) && leftover(s) == "" {
			t.Fatalf("keepsText(%q) but leftover is empty", s)
		}
	}
}
