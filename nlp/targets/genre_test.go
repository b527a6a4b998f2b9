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
		{"我们将党建与业务深度融合，打造特色服务品牌4个。", S, []want{"4 个 = achieved"}},
		// A purpose clause after a measure says what the measure secured.
		{"严格执行请销假制度，确保每周到岗不少于5天，全年共开展巡诊48次。", S,
			[]want{"5 天 >= achieved period=每周", "48 次 = achieved period=全年"}},
		{"确保每周到岗不少于5天。", S, []want{"5 天 >= plan period=每周"}},
		{"严格执行请销假制度，确保每周到岗不少于5天。", P, []want{"5 天 >= plan period=每周"}},
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
		{"现将我院的主要做法汇报如下：", doc.KindAchieved},
		{"全年工作开展情况如下：", doc.KindAchieved},
		{"现将有关要求明确如下：", ""},
		{"现就有关工作提出如下要求：", doc.KindPlan},
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
		// A notice that reports (通报) and one that announces (通知).
		{"关于2025年度村卫生室绩效考核情况的通报\n全县考核合格村卫生室132所。", doc.TypeNotice, []want{"132 所 = achieved"}},
		{"关于表彰先进基层党组织的通报\n授予12个党支部先进称号。", doc.TypeNotice, []want{"12 个 = achieved"}},
		{"关于开展义诊周活动的通知\n各卫生院组织义诊2场。", doc.TypeNotice, []want{"2 场 = plan"}},
		// The current state in a plan.
		{"目前，全镇有村卫生室14所，明年新建2所。", doc.TypePlan, []want{"14 所 = achieved", "2 所 = plan"}},
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

// TestNormQualifiers: numbers that say which places a norm applies to, or
// what a text is divided into, are not figures of the work.
func TestNormQualifiers(t *testing.T) {
	P, S := doc.TypePlan, doc.TypeSummary
	runCases(t, []tcase{
		// Size classes by the people served; the norm's own figure stays.
		{"服务人口3000人以上的村卫生室，业务用房不少于100平方米。", P, []want{"100 平方米 >= plan"}},
		{"800人以下社区配备医生不少于2名。", P, []want{"2 名 >= plan"}},
		{"常住人口在5000人以上的行政村设立1个服务点。", P, []want{"1 个 = plan"}},
		// …but a bounded head count of people is a target.
		{"组织500人以上村民参加义诊。", P, []want{"500 人 >= plan"}},
		{"培训乡村医生200人以上。", P, []want{"200 人 >= plan"}},
		// Parts of a text or a talk.
		{"院长从4个方面作了动员讲话。", S, nil},
		{"活动分‘2个’阶段推进。", P, nil},
		{"用8个“关键词”回顾一年工作。", S, nil},
		{"全院12个党支部分别召开组织生活会。", S, []want{"12 个 = achieved"}},
		// The second of a pairing is a manner of work.
		{"每次由一名党员带着一名入党积极分子走访群众。", P, []want{"1 名 = plan"}},
		{"由1名老党员带领1名新党员结对学习。", P, []want{"1 名 = plan"}},
		// A setting that names all divisions of an area.
		{"在全乡5个社区9个行政村张贴宣传画。", S, nil},
		{"在全县12个乡镇开展巡回义诊36场。", S, []want{"36 场 = achieved"}},
		// …but divisions a work reaches are counted.
		{"负责管理全乡11个村卫生室。", S, []want{"11 个 = achieved"}},
		{"已覆盖8个行政村。", S, []want{"8 个 = achieved"}},
	})
}

// TestGenreCounts: counts the grammar used to miss.
func TestGenreCounts(t *testing.T) {
	P, S := doc.TypePlan, doc.TypeSummary
	runCases(t, []tcase{
		// Teams named by their task.
		{"院党委组建了三个健康宣讲服务小组。", S, []want{"3 个 = achieved"}},
		{"抽调骨干成立两个家庭医生签约团队。", P, []want{"2 个 = plan"}},
		// …but the noun of a quoted formula is not reached.
		{"落实“两个维护”小组学习制度。", P, nil},
		// 类 counts kinds.
		{"推广针灸、推拿等5类以上适宜技术。", P, []want{"5 类 >= plan"}},
		{"重点监测一类传染病。", P, nil},
		// 一次 before a new sentence opening with 一是 is a count.
		{"确保每月集中学习不少于一次。一是学理论，二是学业务。", P, []want{"1 次 >= plan period=每月"}},
		{"推行“一支部一品牌”建设。", P, nil},
		// A norm of provision: each place has one.
		{"村有一所标准化卫生室，配备乡村医生不少于1名。", P, []want{"1 所 = plan", "1 名 >= plan"}},
		{"每个社区设一个健康小屋。", P, []want{"1 个 = plan"}},
		{"医院有一个好班子。", S, nil},
		// A preview that cuts a quoted formula short.
		{"为重点人群制定“一人", S, nil},
	})
}
