package targets

import (
	"testing"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
)

// Rules of the genre read from real pages: every sentence below is written
// for these tests.

// TestTenselessCueWords: cue words in a sense that says nothing of tense.
func TestTenselessCueWords(t *testing.T) {
	S, P := doc.TypeSummary, doc.TypePlan
	runCases(t, []tcase{
		// 将 marking the object of a disposal verb.
		{"将安全生产纳入科室月度考核，全年开展专项检查6次。", S, []want{"6 次 = achieved period=全年"}},
		{"将患者满意度与科室绩效挂钩，共收集意见建议27条。", S, []want{"27 条 = achieved"}},
		// 将 before its verb is the future, even in a summary.
		{"今年将新建标准化村卫生室3所。", S, []want{"3 所 = plan"}},
		{"相关结果将纳入年度考核，每季度通报1次。", S, []want{"1 次 = plan period=每季度"}},
		// 计划 as a noun: the object of 纳入, or before a clause break.
		{"把廉政教育纳入年度学习计划，举办专题讲座5场。", S, []want{"5 场 = achieved"}},
		{"按照年初制定的工作计划，组织义诊活动12次。", S, []want{"12 次 = achieved"}},
		{"计划新建村卫生室3所。", S, []want{"3 所 = plan"}},
		{"把廉政教育纳入学习计划，举办专题讲座5场。", P, []want{"5 场 = plan"}},
		// 现将…如下 presents the text.
		{"现将一年来的工作汇报如下：全院接诊患者12万人次。", doc.TypeOther, []want{"120000 人次 = achieved"}},
	})
}

// TestStatedKind: what a text says it is (…通报如下, …安排如下) decides the
// figures no cue or heading speaks for, over the type a title gave.
func TestStatedKind(t *testing.T) {
	P, S, O := doc.TypePlan, doc.TypeSummary, doc.TypeOther
	runCases(t, []tcase{
		{"乡镇卫生院建设工作计划\n为掌握建设进度，县卫健局组织人员深入16个乡镇开展督查，现将督查情况通报如下。", P,
			[]want{"16 个 = achieved"}},
		{"根据上级要求，现将督查结果报告如下：抽查卫生院8家。", O, []want{"8 家 = achieved"}},
		{"为做好今年工作，现将有关事项通知如下：各卫生院组织培训2次。", S, []want{"2 次 = plan"}},
		{"结合我院实际，特制定如下实施方案：各支部开展专题学习4次。", O, []want{"4 次 = plan"}},
		// A list of names says nothing.
		{"领导小组成员名单如下：各支部开展专题学习4次。", S, []want{"4 次 = achieved"}},
	})
	for _, c := range []struct{ text, want string }{
		{"现将全年工作总结如下：", doc.KindAchieved},
		{"现将有关情况通报如下。", doc.KindAchieved},
		{"现就有关工作安排如下：", doc.KindPlan},
		{"经研究，制定如下工作方案。", doc.KindPlan},
		{"工作人员名单如下：", ""},
		{"没有说明的文字。", ""},
	} {
		if got := statedKind([]rune(fold.Text(c.text))); got != c.want {
			t.Errorf("statedKind(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestTitleKind: a document of unknown type is read by its title line;
// the title is not a part heading of the text below it.
func TestTitleKind(t *testing.T) {
	O, S := doc.TypeOther, doc.TypeSummary
	runCases(t, []tcase{
		{"回顾2025：医院党建工作这一年\n\n全院各支部开展专题学习46次，发展党员5名。", O,
			[]want{"46 次 = achieved", "5 名 = achieved"}},
		{"2026年党建工作打算\n\n全院各支部开展专题学习50次。", O, []want{"50 次 = plan"}},
		// A summary typed by its body keeps its type over a title a site
		// gave the page.
		{"村卫生室建设工作计划\n全县建成标准化村卫生室46所。", S, []want{"46 所 = achieved"}},
	})
	for _, c := range []struct{ text, want string }{
		{"盘点2025：年度回眸\n正文", doc.KindAchieved},
		{"2026年工作思路\n正文", doc.KindPlan},
		{"今年以来，我院按计划推进各项工作。二、工作回顾", ""},
	} {
		if got := titleKind([]rune(fold.Text(c.text))); got != c.want {
			t.Errorf("titleKind(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}
