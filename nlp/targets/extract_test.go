package targets

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
)

// want is one expected target, written compactly:
// "value[-max] unit cmp kind [period=…] [deadline=…] [metric=…]".
type want string

type tcase struct {
	in      string
	docType string
	want    []want
}

func parseWant(t *testing.T, w want) (v float64, max *float64, unit, cmp, kind, period, deadline, metric string) {
	t.Helper()
	f := strings.Fields(string(w))
	if len(f) < 4 {
		t.Fatalf("bad want %q", w)
	}
	if i := strings.Index(f[0], "~"); i > 0 {
		var a, b float64
		fmt.Sscan(f[0][:i], &a)
		fmt.Sscan(f[0][i+1:], &b)
		v, max = a, &b
	} else {
		fmt.Sscan(f[0], &v)
	}
	unit, cmp, kind = f[1], f[2], f[3]
	for _, kv := range f[4:] {
		k, val, _ := strings.Cut(kv, "=")
		switch k {
		case "period":
			period = val
		case "deadline":
			deadline = val
		case "metric":
			metric = val
		}
	}
	return
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func runCases(t *testing.T, cases []tcase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got := Extract(c.in, Options{DocType: c.docType})
			if len(got) != len(c.want) {
				t.Fatalf("got %d targets, want %d: %s", len(got), len(c.want), dump(got))
			}
			for i, w := range c.want {
				v, max, unit, cmp, kind, period, deadline, metric := parseWant(t, w)
				g := got[i]
				if math.Abs(g.Value-v) > 0.005 || g.Unit != unit || g.Cmp != cmp || g.Kind != kind {
					t.Errorf("target %d = %v %s %s %s, want %s", i, g.Value, g.Unit, g.Cmp, g.Kind, w)
				}
				if (max == nil) != (g.ValueMax == nil) || max != nil && math.Abs(*max-*g.ValueMax) > 0.005 {
					t.Errorf("target %d value_max = %v, want %v", i, g.ValueMax, max)
				}
				if str(g.Period) != period {
					t.Errorf("target %d period = %q, want %q", i, str(g.Period), period)
				}
				if str(g.Deadline) != deadline {
					t.Errorf("target %d deadline = %q, want %q", i, str(g.Deadline), deadline)
				}
				if metric != "" && g.Metric != metric {
					t.Errorf("target %d metric = %q, want %q", i, g.Metric, metric)
				}
				if g.Metric == "" {
					t.Errorf("target %d has an empty metric", i)
				}
				rs := []rune(c.in)
				if g.Start < 0 || g.End > len(rs) || g.Start >= g.End || !strings.Contains(g.Text, string(rs[g.Start:g.End])) {
					t.Errorf("target %d span [%d,%d) not inside its clause %q", i, g.Start, g.End, g.Text)
				}
			}
		})
	}
}

func dump(ts []doc.Target) string {
	var b strings.Builder
	for _, t := range ts {
		fmt.Fprintf(&b, "\n  %q %v-%v %s %s %s metric=%s", t.Text, t.Value, t.ValueMax, t.Unit, t.Cmp, t.Kind, t.Metric)
	}
	return b.String()
}

func TestPlanSentences(t *testing.T) {
	P := doc.TypePlan
	runCases(t, []tcase{
		{"全年计划吸收预备党员3名。", P, []want{"3 名 = plan period=全年 metric=吸收预备党员"}},
		{"支部书记每半年讲党课不少于1次。", P, []want{"1 次 >= plan period=每半年"}},
		{"每月组织集中学习两次。", P, []want{"2 次 = plan period=每月"}},
		{"各党小组每季度至少开展1次主题党日活动。", P, []want{"1 次 >= plan period=每季度"}},
		{"党员每年参加集中培训不少于24学时。", P, []want{"24 学时 >= plan period=每年"}},
		{"全年选派5-8名业务骨干到上级医院进修。", P, []want{"5~8 名 range plan period=全年"}},
		{"拟培养入党积极分子8至10人。", P, []want{"8~10 人 range plan metric=培养入党积极分子"}},
		{"确定发展对象2到3人。", P, []want{"2~3 人 range plan"}},
		{"每个支部培养后备干部二至三名。", P, []want{"2~3 名 range plan"}},
		{"组织两到三个志愿服务队下乡义诊。", P, []want{"2~3 个 range plan"}},
		{"撰写调研报告1篇以上。", P, []want{"1 篇 >= plan metric=调研报告"}},
		{"每名党员全年读书不少于4本。", P, []want{"4 本 >= plan period=全年"}},
		{"每年开展警示教育活动不少于2次。", P, []want{"2 次 >= plan period=每年 metric=警示教育活动"}},
		{"患者满意度达到95%以上。", P, []want{"95 % >= plan metric=患者满意度"}},
		{"力争门诊量增长10%。", P, []want{"10 % = plan metric=门诊量增长"}},
		{"药占比控制在30%以内。", P, []want{"30 % <= plan metric=药占比"}},
		{"平均住院日不超过9天。", P, []want{"9 天 <= plan metric=平均住院日"}},
		{"抗菌药物使用率低于40%。", P, []want{"40 % < plan"}},
		{"党员志愿服务时长每年不少于20小时。", P, []want{"20 小时 >= plan period=每年"}},
		{"年底前完成3个党支部标准化建设。", P, []want{"3 个 = plan deadline=年底前"}},
		{"6月中旬前召开1次专题民主生活会。", P, []want{"1 次 = plan deadline=6月中旬"}},
		{"2026年12月31日前完成全部12个支部换届。", P, []want{"12 个 = plan deadline=2026年12月31日前"}},
		{"三年内培养学科带头人5名。", P, []want{"5 名 = plan deadline=三年内"}},
		{"2011年4月-5月组织全体党员轮训1次。", P, []want{"1 次 = plan deadline=2011年4月-5月"}},
		{"上半年召开党风廉政建设专题会议2次。", P, []want{"2 次 = plan period=上半年"}},
		{"每周安排半天时间开展业务学习，每次不少于2小时。", P, []want{"2 小时 >= plan"}},
		{"新建党员活动室1个。", P, []want{"1 个 = plan"}},
		{"发展新党员一名。", P, []want{"1 名 = plan metric=发展新党员"}},
		{"每年度至少召开一次组织生活会。", P, []want{"1 次 >= plan period=每年"}},
		{"党课每季度不得少于一次。", P, []want{"1 次 >= plan period=每季度 metric=党课"}},
		{"每学期举办廉政讲座1场。", P, []want{"1 场 = plan period=每学期"}},
		{"全年开展义诊活动12场次。", P, []want{"12 场次 = plan period=全年"}},
		{"举办培训班3期，培训党务干部150人次。", P, []want{"3 期 = plan", "150 人次 = plan"}},
		{"下半年组织参观红色教育基地1次。", P, []want{"1 次 = plan period=下半年"}},
		{"全院党员撰写心得体会不少于3000字。", P, []want{"3000 字 >= plan"}},
		{"学习笔记每人每年不少于1万字。", P, []want{"10000 字 >= plan period=每年"}},
		{"投入党建经费约5万元。", P, []want{"50000 元 ~ plan"}},
		{"预计投入资金120万元左右。", P, []want{"1200000 元 ~ plan"}},
		{"党员参学率要达到100%。", P, []want{"100 % >= plan"}},
		{"群众满意率不低于90%。", P, []want{"90 % >= plan metric=群众满意率"}},
		{"门诊患者满意度提高到百分之九十五。", P, []want{"95 % >= plan"}},
		{"业务收入提高两个百分点。", P, []want{"2 个百分点 = plan"}},
		{"医疗纠纷下降1.5个百分点。", P, []want{"1.5 个百分点 = plan"}},
		{"党员中具有高级职称的要占三分之一。", P, []want{"33.33 % = plan"}},
		{"力争四分之三的科室主任是党员。", P, []want{"75 % = plan"}},
		{"年轻干部占比达到七成以上。", P, []want{"70 % >= plan"}},
		{"每两年开展一次党员民主评议。", P, []want{"1 次 = plan period=每两年"}},
		{"每月最后一个星期五为党员活动日。", P, nil},
		{"支部委员会每月召开1次。", P, []want{"1 次 = plan period=每月"}},
		{"基层党组织书记轮训一遍。", P, nil},
		{"全年走访慰问困难党员10户。", P, []want{"10 户 = plan period=全年"}},
		{"组织开展“健康下乡”活动6次。", P, []want{"6 次 = plan"}},
		{"组织党员观看警示教育片不少于两部。", P, []want{"2 部 >= plan"}},
		{"建设党建示范点3至5个。", P, []want{"3~5 个 range plan"}},
		{"培训时间为1-2天。", P, []want{"1~2 天 range plan"}},
		{"全年发展党员不超过5名。", P, []want{"5 名 <= plan period=全年"}},
		{"党员人数超过50人的支部要设立党总支。", P, []want{"50 人 > plan"}},
		{"通过1-2年的努力，建成一支过硬队伍。", P, []want{"1~2 年 range plan"}},
		{"每年选送3名以上青年骨干参加培训。", P, []want{"3 名 >= plan period=每年"}},
		{"下一步将新增床位200张。", P, []want{"200 张 = plan"}},
		{"住院患者随访率达到80%以上。", P, []want{"80 % >= plan"}},
		{"組織黨員開展志願服務不少於4次。", P, []want{"4 次 >= plan"}},
		{"全年擬發展黨員3名，培養積極分子6至8名。", P, []want{"3 名 = plan period=全年 metric=发展党员", "6~8 名 range plan"}},
		{"每季度召開一次黨員大會。", P, []want{"1 次 = plan period=每季度"}},
		{"黨員培訓每年不少於三十二學時。", P, []want{"32 学时 >= plan period=每年"}},
		{"开展岗位练兵１５次。", P, []want{"15 次 = plan"}},
		{"全年培训3,500人次。", P, []want{"3500 人次 = plan period=全年"}},
		{"每年组织健康体检１次，参检率１００％。", P, []want{"1 次 = plan period=每年", "100 % = plan"}},
		// 分 as score points, ‰, letters and compound measure units.
		{"学习强国年度积分人均不低于1.5万分。", P, []want{"15000 分 >= plan period=年度"}},
		{"党员日均学习积分不少于25分。", P, []want{"25 分 >= plan"}},
		{"考核得分80分以上的支部评为优秀。", P, []want{"80 分 >= plan"}},
		{"每日8时30分前到岗。", P, nil},
		{"这项工作十分重要。", P, nil},
		{"全年收到感谢信不少于20封。", P, []want{"20 封 >= plan period=全年"}},
		{"完成四级手术300例以上。", P, []want{"300 例 >= plan"}},
		{"新生儿死亡率控制在3‰以下。", P, []want{"3 ‰ <= plan"}},
		{"PM2.5年均浓度控制在35微克/立方米以下。", P, []want{"35 微克/立方米 <= plan"}},
		// A comparator before the first of two joined numbers covers both.
		{"糖尿病、高血压患者规范管理率分别达到60%和65%。", P, []want{"60 % >= plan", "65 % >= plan"}},
		{"门诊和住院患者满意度分别不低于90%与92%。", P, []want{"90 % >= plan", "92 % >= plan"}},
		{"召开党员大会2次和支委会12次。", P, []want{"2 次 = plan", "12 次 = plan"}},
		{"新增床位不少于50张，医护人员30名。", P, []want{"50 张 >= plan", "30 名 = plan"}},
		// Measured ages, 千分之N, a per-head phrase between comparator and number.
		{"人均预期寿命达到80.5岁。", P, []want{"80.5 岁 >= plan"}},
		{"婴儿死亡率降至千分之五以下。", P, []want{"5 ‰ <= plan"}},
		{"医保财政补助达到每人每年720元。", P, []want{"720 元 >= plan period=每年"}},
		{"党员培训不少于每人每年24学时。", P, []want{"24 学时 >= plan period=每年"}},
		// A comparator before the base of a share applies to the share.
		{"按不低于职工总数1%的比例配备专职党务干部。", P, []want{"1 % >= plan"}},
		// Symbol comparators and rates written with a slash.
		{"病历甲级率≥95%，抗菌药物使用率≤40%。", P, []want{"95 % >= plan", "40 % <= plan"}},
		{"患者满意度＞90%。", P, []want{"90 % > plan"}},
		{"党小组学习1次/月，支委会2次/季度。", P, []want{"1 次 = plan period=每月", "2 次 = plan period=每季度"}},
		// A modal cue outweighs a comparison with last year.
		{"力争门诊人次同比增长5%－8%。", doc.TypeSummary, []want{"5~8 % range plan"}},
		{"患者投诉率较上年下降20%以上。", P, []want{"20 % >= plan"}},
		{"门诊人次同比增长6%。", "", []want{"6 % = achieved"}},
		{"党员人数不少于在职职工总数的30%。", P, []want{"30 % >= plan"}},
		{"党员占职工总数的15%。", P, []want{"15 % = plan"}},
	})
}

func TestAchievedSentences(t *testing.T) {
	S := doc.TypeSummary
	runCases(t, []tcase{
		{"今年共发展党员5名。", S, []want{"5 名 = achieved"}},
		{"全年累计开展义诊32场次，服务群众2800余人次。", S, []want{"32 场次 = achieved period=全年", "2800 人次 > achieved"}},
		{"已召开支部委员会12次。", S, []want{"12 次 = achieved"}},
		{"患者满意率达96.5%。", S, []want{"96.5 % = achieved metric=患者满意率"}},
		{"门诊人次同比增长12.3%。", S, []want{"12.3 % = achieved"}},
		{"先后组织党员外出参观学习3次。", S, []want{"3 次 = achieved"}},
		{"收到意见建议46条，已全部整改。", S, []want{"46 条 = achieved"}},
		{"全院现有党员87名，其中女党员52名。", S, []want{"87 名 = achieved", "52 名 = achieved"}},
		{"捐款3000多元。", S, []want{"3000 元 > achieved"}},
		{"困难党员慰问金共计1.2万元。", S, []want{"12000 元 = achieved"}},
		{"党员占职工总数的四分之一。", S, []want{"25 % = achieved"}},
		{"举办培训班4期，参训人员达600余人。", S, []want{"4 期 = achieved", "600 人 > achieved"}},
		{"开展了三次专题党课。", S, []want{"3 次 = achieved"}},
		{"下一步工作计划：发展党员2名。", S, []want{"2 名 = plan"}},
		{"明年将新增党员活动阵地2处。", S, []want{"2 处 = plan"}},
		{"35岁以下的青年党员有6人。", S, []want{"6 人 = achieved"}},
		{"中层干部平均年龄为45岁。", S, []want{"45 岁 = achieved"}},
		{"参加考试合格率为百分之百。", S, []want{"100 % = achieved metric=考试合格率"}},
		{"全年诊疗人次约16万。", S, []want{"160000 人次 ~ achieved period=全年"}},
		{"共接待来访群众近200人。", S, []want{"200 人 ~ achieved"}},
		{"上报信息稿件逾百篇。", S, []want{"100 篇 > achieved"}},
		{"落实帮扶资金超过50万元。", S, []want{"500000 元 > achieved"}},
		{"参与率不足60%。", S, []want{"60 % < achieved"}},
		{"投诉件数较上年减少三成。", S, []want{"30 % = achieved"}},
		{"连续5年被评为先进基层党组织。", S, nil},
		{"连续3次获评优秀。", S, []want{"3 次 = achieved"}},
		{"全镇65岁以上老年人健康体检2876人，体检率达68.2%。", S, []want{"2876 人 = achieved", "68.2 % = achieved"}},
		{"2025年以来，累计开展巡回义诊80余场。", "", []want{"80 场 > achieved"}},
		{"近年来，医院先后建成党员先锋岗12个。", "", []want{"12 个 = achieved"}},
	})
}

func TestGovernmentReportSentences(t *testing.T) {
	R := doc.TypeReport
	P := doc.TypePlan
	runCases(t, []tcase{
		{"今年发展主要预期目标是：国内生产总值增长6.5%－7%。", R, []want{"6.5~7 % range plan"}},
		{"城镇新增就业1200万人以上。", P, []want{"12000000 人 >= plan metric=城镇新增就业"}},
		{"城镇调查失业率5.5%左右。", P, []want{"5.5 % ~ plan"}},
		{"居民消费价格涨幅2%左右。", P, []want{"2 % ~ plan metric=居民消费价格涨幅"}},
		{"粮食产量保持在1.4万亿斤以上。", P, []want{"1.4e12 斤 >= plan"}},
		{"赤字率拟按3.2%安排。", P, []want{"3.2 % = plan"}},
		{"单位国内生产总值能耗降低2.5%左右。", P, []want{"2.5 % ~ plan"}},
		{"城镇登记失业率4.5%以内。", P, []want{"4.5 % <= plan"}},
		{"过去一年国内生产总值增长5.2%。", R, []want{"5.2 % = achieved"}},
		{"城镇新增就业1244万人。", R, []want{"12440000 人 = achieved"}},
		{"人均预期寿命达到78.6岁。", R, []want{"78.6 岁 = achieved"}},
		{"实施数字化转型行动计划，新增上云企业近3万户。", R, []want{"30000 户 ~ achieved"}},
		{"产业投资实现两位数增长。", R, nil},
		{"着力突破一批关键核心技术。", P, nil},
		{"支持对象为来川工作3年以上的人才。", P, nil},
		{"从事临床工作5年以上的医师优先。", P, nil},
		{"农村贫困人口减少1000万以上。", P, nil},
		{"新开工改造城镇老旧小区5.3万个。", R, []want{"53000 个 = achieved"}},
		{"研发经费投入增长8%以上。", P, []want{"8 % >= plan"}},
		{"减税降费超过1.8万亿元。", R, []want{"1.8e12 元 > achieved"}},
		{"力争全年外贸进出口增长6%至7%。", P, []want{"6~7 % range plan period=全年"}},
		{"高铁运营里程达到4.5万公里。", R, []want{"45000 公里 = achieved"}},
		{"新增高标准农田8000万亩。", P, []want{"80000000 亩 = plan"}},
		{"地方政府专项债券拟安排3.9万亿元。", P, []want{"3.9e12 元 = plan"}},
		{"棚户区住房改造580万套。", P, []want{"5800000 套 = plan"}},
		{"一般公共预算支出增长4%左右。", P, []want{"4 % ~ plan"}},
		{"森林覆盖率力争达到25.5%。", R, []want{"25.5 % >= plan"}},
		{"常住人口城镇化率提高1个百分点左右。", P, []want{"1 个百分点 ~ plan"}},
		{"企业开办时间压缩至2个工作日以内。", P, []want{"2 个工作日 <= plan"}},
		{"实际使用外资力争达到150亿美元。", R, []want{"1.5e10 美元 >= plan"}},
	})
}

func TestNotTargets(t *testing.T) {
	P := doc.TypePlan
	runCases(t, []tcase{
		{"2025年是十四五规划收官之年。", P, nil},
		{"深入学习贯彻党的二十大精神。", P, nil},
		{"学习党的十九届四中全会精神。", P, nil},
		{"深入学习贯彻中纪委七次全会精神。", P, nil},
		{"认真传达省第十二次党代会和市委三次全体会议精神。", P, nil},
		{"全年计划召开专题会议3次。", P, []want{"3 次 = plan period=全年"}},
		{"根据〔2011〕10号文件要求。", P, nil},
		{"根据【2023】5号通知精神。", P, nil},
		{"各支部于6月30日前报送材料。", P, nil},
		{"每月二十号之前缴纳党费。", P, nil},
		{"以建院65周年为契机。", P, nil},
		{"认真落实三会一课制度。", P, nil},
		{"持续整治四风问题。", P, nil},
		{"开展“五个好”党支部创建。", P, nil},
		{"巩固两学一做学习教育成果。", P, nil},
		{"开展“一名党员一堂课”活动。", P, nil},
		{"坚持从临床一线培养党员。", P, nil},
		{"第一，加强组织建设。", P, nil},
		{"第3次会议审议通过。", P, nil},
		{"一、指导思想", P, nil},
		{"（2）加强作风建设", P, nil},
		{"1.持续深入学习。", P, nil},
		{"联系电话：13812345678。", P, nil},
		{"会议定于上午9:30召开。", P, nil},
		{"下午3时在会议室召开。", P, nil},
		{"20XX年工作计划。", P, nil},
		{"召开若干次座谈会。", P, nil},
		{"多次深入科室调研。", P, nil},
		{"组织几十名党员参加。", P, nil},
		{"抓住三个方面的重点。", P, nil},
		{"围绕两条主线开展工作。", P, nil},
		{"严格执行中央八项规定精神。", P, nil},
		{"落实“三重一大”决策制度。", P, nil},
		{"开展三八妇女节活动。", P, nil},
		{"纪念五四青年节。", P, nil},
		{"进一步提高服务质量。", P, nil},
		{"统一思想，统一行动。", P, nil},
		{"一是加强学习，二是强化管理。", P, nil},
		{"涌现出一大批先进典型。", P, nil},
		{"打造一流的服务品牌。", P, nil},
		{"本文共3页。", P, nil},
		{"第5页", P, nil},
		{"坚持“三个代表”重要思想。", P, nil},
		{"走与三级医院合作的路线。", P, nil},
		{"文件编号：2023001234。", P, nil},
		{"一次性告知办理流程。", P, nil},
		{"每月最后一个月报送。", P, nil},
		{"三四个人一组讨论。", P, nil},
		{"开展七一表彰活动。", P, nil},
		{"树立一面旗帜。", P, nil},
		{"访问https://example.com/2023/0212/119838.html。", P, nil},
		{"ICP备2021006551号", P, nil},
		{"2004年1-6月情况如下。", P, nil},
		{"35岁以下青年占比提高。", P, nil},
		{"一人一档，一事一议。", P, nil},
		{"实行一岗双责。", P, nil},
		{"做到三年内不出现违纪。", P, nil},
		{"建立一本学习记录本。", P, nil},
		{"连续X年组织党员轮训。", P, nil},
		{"参加服务人次超过X人次。", P, nil},
		{"四赛四比四做。", P, nil},
		// Ranks, formulas, qualifying service years, look-back spans, ages.
		{"对考核排名后3位的科室进行通报。", P, nil},
		{"位列全市前5名的单位给予表彰。", P, nil},
		{"推行一人多岗、一岗多责。", P, nil},
		{"党龄满3年以上的党员方可参评。", P, nil},
		{"护龄5年以上的护士担任带教老师。", P, nil},
		{"工作满10年的职工。", P, nil},
		{"近五年年度考核均为合格以上。", P, nil},
		{"过去三年来投入不断加大。", P, nil},
		{"近三个月无有效投诉。", P, nil},
		{"年龄一般不超过50周岁。", P, nil},
		{"坚持“马上就办、一次办好”。", P, nil},
		{"加快建设30万吨级航道。", P, nil},
		{"推进机场三期工程和医院二期项目建设。", P, nil},
		{"全年無一例有效投訴。", P, nil},
	})
}

func TestAgeQualifier(t *testing.T) {
	runCases(t, []tcase{
		{"35岁以下青年不少于3名。", doc.TypePlan, []want{"3 名 >= plan"}},
		{"发展45岁以下党员2人。", doc.TypePlan, []want{"2 人 = plan"}},
		{"全部是大专以上学历、40岁以下5人。", doc.TypePlan, []want{"5 人 = plan"}},
	})
}

func TestComparatorTables(t *testing.T) {
	// Every comparator maps to one of the SPEC values.
	ok := map[string]bool{"=": true, ">=": true, "<=": true, ">": true, "<": true, "~": true}
	for w, e := range prefixCmp {
		if !ok[e.cmp] {
			t.Errorf("prefix %q → %q", w, e.cmp)
		}
		if len([]rune(w)) > maxCmpLen {
			t.Errorf("prefix %q longer than maxCmpLen", w)
		}
	}
	for w, c := range suffixCmp {
		if !ok[c] {
			t.Errorf("suffix %q → %q", w, c)
		}
	}
	// §1259 semantics spot checks.
	for w, c := range map[string]string{"不少于": ">=", "超过": ">", "不足": "<", "不超过": "<=", "约": "~"} {
		if prefixCmp[w].cmp != c {
			t.Errorf("%s → %s, want %s", w, prefixCmp[w].cmp, c)
		}
	}
	for w, c := range map[string]string{"以上": ">=", "以下": "<=", "以内": "<=", "余": ">", "左右": "~"} {
		if suffixCmp[w] != c {
			t.Errorf("%s → %s, want %s", w, suffixCmp[w], c)
		}
	}
}

func TestChineseNumerals(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
	}{
		{"一", 1}, {"两", 2}, {"十", 10}, {"十五", 15}, {"二十", 20}, {"三百零五", 305},
		{"二万", 20000}, {"一万二", 12000}, {"两千四百五", 2450}, {"一千零一", 1001},
		{"三十二", 32}, {"一百", 100}, {"五千", 5000}, {"十万", 100000}, {"三亿", 3e8},
		{"1.2万", 12000}, {"14.9万", 149000}, {"1100万", 11000000}, {"1.3万亿", 1.3e12},
		{"1,379", 1379}, {"6.5", 6.5}, {"0.5", 0.5}, {"12", 12},
	} {
		n, ok := parseNumber([]rune(c.in), 0)
		if !ok || math.Abs(n.val-c.want) > 1e-6 || n.end != len([]rune(c.in)) {
			t.Errorf("parseNumber(%q) = %v end %d ok %v, want %v", c.in, n.val, n.end, ok, c.want)
		}
	}
	for _, vague := range []string{"三四", "十四五", "七八"} {
		if n, _ := parseNumber([]rune(vague), 0); !n.vague {
			t.Errorf("%q should be vague", vague)
		}
	}
}

func TestUnitsTable(t *testing.T) {
	for _, u := range []string{"人", "名", "次", "学时", "万字", "%", "个百分点", "人次", "场次", "元", "吨", "公里"} {
		if c, ok := units[u]; !ok || c == classBlock {
			t.Errorf("unit %q missing or blocked", u)
		}
	}
	for _, u := range []string{"周年", "届", "号", "中全会", "月", "日"} {
		if units[u] != classBlock {
			t.Errorf("%q must block a target", u)
		}
	}
	for w, p := range periods {
		if !strings.HasPrefix(p, "每") && !strings.Contains(p, "年") {
			t.Errorf("period %q → %q", w, p)
		}
	}
}

func TestSectionPath(t *testing.T) {
	text := "二、主要任务\n（二）加强组织建设\n全年计划发展党员2名。\n三、保障措施\n每年培训1次。"
	rs := []rune(text)
	idx := func(s string) int { return len([]rune(text[:strings.Index(text, s)])) }
	secs := []doc.Section{
		{Level: 1, Number: "二", Title: "主要任务", Start: idx("二、"), End: idx("三、"), Children: []doc.Section{
			{Level: 2, Number: "二", Title: "加强组织建设", Start: idx("（二）"), End: idx("三、")},
		}},
		{Level: 1, Number: "三", Title: "保障措施", Start: idx("三、"), End: len(rs)},
	}
	got := Extract(text, Options{DocType: doc.TypeSummary, Sections: secs})
	if len(got) != 2 {
		t.Fatalf("got %s", dump(got))
	}
	if strings.Join(got[0].Section, "|") != "二、主要任务|（二）加强组织建设" {
		t.Errorf("section = %q", got[0].Section)
	}
	if strings.Join(got[1].Section, "|") != "三、保障措施" {
		t.Errorf("section = %q", got[1].Section)
	}
	// 主要任务 is a forward-looking heading: plan even in a summary.
	if got[0].Kind != doc.KindPlan {
		t.Errorf("kind = %s, want plan", got[0].Kind)
	}
}

func TestTraditionalSpans(t *testing.T) {
	text := "黨課每季度不少於1次，全年擬發展黨員8人。"
	got := Extract(text, Options{})
	if len(got) != 2 {
		t.Fatalf("got %s", dump(got))
	}
	rs := []rune(text)
	if s := string(rs[got[0].Start:got[0].End]); s != "不少於1次" {
		t.Errorf("span = %q", s)
	}
	if got[0].Text != "黨課每季度不少於1次" || got[0].Metric != "党课" {
		t.Errorf("text %q metric %q", got[0].Text, got[0].Metric)
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{"每季度不少于1次", "6.5%－7%", "一万二千", "百分之", "四分之", "1,", "２０ＸＸ年", "“一”"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := len([]rune(s))
		for _, tg := range Extract(s, Options{}) {
			if tg.Start < 0 || tg.End > n || tg.Start >= tg.End {
				t.Fatalf("bad span %d-%d in %q", tg.Start, tg.End, s)
			}
		}
	})
}

// TestMetricCutsAtWordBoundary: a long metric keeps whole words.
func TestMetricCutsAtWordBoundary(t *testing.T) {
	cases := []struct{ in, want string }{
		{"开展党员轮训，每人不少于32学时。", "党员轮训"},
		{"城乡居民人均可支配收入分别增长4.3%、6.1%。", "可支配收入分别增长"},
		{"1299个重大项目完成投资1.4万亿元。", "重大项目完成投资"},
		{"单位国内生产总值能耗降低2.5%左右。", "单位国内生产总值能耗降低"},
		{"全省规模以上工业单位增加值能耗降低3%左右。", "工业单位增加值能耗降低"},
		{"群众对医院的有效投诉不超过5件。", "有效投诉"},
		{"全市新能源汽车产销量占全国比重超过40%。", "汽车产销量占全国比重"},
	}
	// Every target of a sentence listing several figures names the same
	// metric, and no metric carries a figure of its own.
	for _, c := range cases {
		ts := Extract(c.in, Options{DocType: "plan"})
		if len(ts) == 0 {
			t.Fatalf("%s: no targets", c.in)
		}
		if ts[0].Metric != c.want {
			t.Errorf("%s: metric %q, want %q", c.in, ts[0].Metric, c.want)
		}
		for _, tg := range ts {
			if strings.ContainsAny(tg.Metric, "0123456789%") {
				t.Errorf("%s: metric %q holds a figure", c.in, tg.Metric)
			}
		}
	}
	ts := Extract("城乡居民人均可支配收入分别增长4.3%、6.1%。", Options{DocType: "plan"})
	if len(ts) != 2 || ts[1].Metric != ts[0].Metric {
		t.Errorf("分别 list: %+v", ts)
	}
}

// TestHeadingKind covers the section words read on folded headings: a
// Traditional heading counts like a Simplified one, and when a heading holds
// words of both kinds its head (the last one) decides.
func TestHeadingKind(t *testing.T) {
	for _, c := range []struct {
		heading, want string
	}{
		{"一、2026年工作回顾", doc.KindAchieved},
		{"第一部分 2026年工作回顧", doc.KindAchieved},
		{"二、2027年工作打算", doc.KindPlan},
		{"三、2026年政府工作任务", doc.KindPlan},
		{"二、重點工作", doc.KindPlan},
		{"（一）重点工作完成情况", doc.KindAchieved},
		{"一、工作回顾及下一步打算", doc.KindPlan},
		{"四、保障措施", ""},
	} {
		if got := headingKind(fold.Text(c.heading)); got != c.want {
			t.Errorf("headingKind(%q) = %q, want %q", c.heading, got, c.want)
		}
	}
}

// TestTraditionalSectionKind checks that a summary's Traditional 回顧
// heading makes its figures achieved and its 打算 heading makes them plans,
// whatever type the document was given.
func TestTraditionalSectionKind(t *testing.T) {
	text := "第一部分 2026年工作回顧\n門診診療2.6萬人次。\n第二部分 2027年工作打算\n改造村衛生室4所。"
	idx := func(s string) int { return len([]rune(text[:strings.Index(text, s)])) }
	secs := []doc.Section{
		{Level: 1, Number: "一", Title: "2026年工作回顧", Start: 0, End: idx("第二部分")},
		{Level: 1, Number: "二", Title: "2027年工作打算", Start: idx("第二部分"), End: len([]rune(text))},
	}
	got := Extract(text, Options{DocType: doc.TypePlan, Sections: secs})
	if len(got) != 2 || got[0].Kind != doc.KindAchieved || got[1].Kind != doc.KindPlan {
		t.Fatalf("got %s", dump(got))
	}
}

// TestDefaultKindOfUnknownType checks the tense vote used when the document
// type is unknown.
func TestDefaultKindOfUnknownType(t *testing.T) {
	for _, c := range []struct {
		text, docType, want string
	}{
		{"近年来，医院先后获评先进单位。2024年以来服务群众。", "", doc.KindAchieved},
		{"医院将建设示范点，力争年内完成，确保质量。", doc.TypeOther, doc.KindPlan},
		{"近年来先后获评先进。", doc.TypePlan, doc.KindPlan},
		{"计划与目标。", doc.TypeSummary, doc.KindAchieved},
		{"", "", doc.KindPlan},
	} {
		if got := defaultKind(c.docType, []rune(fold.Text(c.text))); got != c.want {
			t.Errorf("defaultKind(%q, %q) = %s, want %s", c.docType, c.text, got, c.want)
		}
	}
}
