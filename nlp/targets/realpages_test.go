package targets

import (
	"strings"
	"testing"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
)

// Rules for text as template and document sites serve it: flattened lines,
// spaces around numbers, censored words, site notes. Every example below is
// written for these tests.

func TestSpacedNumbers(t *testing.T) {
	S, P := doc.TypeSummary, doc.TypePlan
	runCases(t, []tcase{
		{"全镇现有村卫生室 14 家，乡村医生 31 人。", S, []want{"14 家 = achieved", "31 人 = achieved"}},
		{"全年开展义诊 40 余次，服务群众 2600 余人次。", S, []want{"40 次 > achieved period=全年", "2600 人次 > achieved"}},
		{"现有*员 96 人，设 5 个*支部。", S, []want{"96 人 = achieved", "5 个 = achieved"}},
		{"新发展党员3 名，培养积极分子 6名。", S, []want{"3 名 = achieved", "6 名 = achieved"}},
		{"患者满意度达到 95 % 以上。", P, []want{"95 % >= plan"}},
		{"2026 年计划发展党员 3 名。", P, []want{"3 名 = plan"}},
		{"全年诊疗 2.6 万 人次。", S, []want{"26000 人次 = achieved period=全年"}},
		// A number opening a line or a sentence is a list marker.
		{"1 人员安排\n各科室抽调骨干。", P, nil},
		{"做好值班。 2 人员培训\n全员参加。", P, nil},
		// A multiplier after the spaces belongs to the number, even one
		// opening a line.
		{"下达资金：\n700 万元用于卫生院补短板。", S, []want{"7000000 元 = achieved"}},
		// Latin letters stay apart from digits.
		{"文件大小 11.21KB 4 页", P, nil},
	})
}

func TestSpacedSpans(t *testing.T) {
	text := "区域内现有三甲医院 6 家、卫生院 12 家。"
	got := Extract(text, Options{DocType: doc.TypeSummary})
	if len(got) != 2 {
		t.Fatalf("got %s", dump(got))
	}
	rs := []rune(text)
	for i, want := range []string{"6 家", "12 家"} {
		if s := string(rs[got[i].Start:got[i].End]); s != want {
			t.Errorf("span %d = %q, want %q", i, s, want)
		}
	}
	if got[0].Text != "区域内现有三甲医院 6 家" {
		t.Errorf("text = %q", got[0].Text)
	}
}

func TestRealPageUnits(t *testing.T) {
	S, P := doc.TypeSummary, doc.TypePlan
	runCases(t, []tcase{
		{"新建业务用房1200㎡。", P, []want{"1200 ㎡ = plan"}},
		{"门诊楼面积3500平米。", S, []want{"3500 平米 = achieved"}},
		{"建成发热门诊200m2。", S, []want{"200 m2 = achieved"}},
		{"累计接种流感疫苗12余万剂次。", S, []want{"120000 剂次 > achieved"}},
		{"开展督导检查三轮次。", S, []want{"3 轮次 = achieved"}},
		{"入户随访1200户次。", S, []want{"1200 户次 = achieved"}},
		{"孕产妇死亡率控制在9.5/10万以下。", P, []want{"9.5 /10万 <= plan"}},
		{"婴儿死亡率为3.1/千。", S, []want{"3.1 /千 = achieved"}},
		{"授课专家补助200元/次，工作人员50元/人。", P, []want{"200 元/次 = plan", "50 元/人 = plan"}},
		{"每次活动时间不少于半天。", P, []want{"0.5 天 >= plan"}},
		{"集中培训至少半个月。", P, []want{"0.5 个月 >= plan"}},
		{"撰写学习心得不少于1500个字。", P, []want{"1500 字 >= plan"}},
		// 半 without a comparator is a span of time, and 每半年 a period.
		{"每月安排半天时间开展业务学习。", P, nil},
		{"每半年考核一次。", P, []want{"1 次 = plan period=每半年"}},
		// Counters of things handed out: pairs, sets, pieces; a pairing is none.
		{"为贫困老人配出眼镜120副，缝制枕套20对，设置宣传栏16只。", S, []want{"120 副 = achieved", "20 对 = achieved", "16 只 = achieved"}},
		{"开展1对1帮扶，结成一对一对子。", S, nil},
		// A baseline and a residence condition are not targets.
		{"传染病发病率控制在五年平均水平以下。", P, nil},
		{"签约服务面向常住6个月以上的居民。", P, nil},
		// Volumes and weights of a health report.
		{"全年采集血液86000毫升。", S, []want{"86000 毫升 = achieved period=全年"}},
		{"发放碘盐240千克。", S, []want{"240 千克 = achieved"}},
		// A cap before the number makes 内 its own: 控制在15分钟内 is a
		// ceiling; without one, 3天内 is a deadline.
		{"每人汇报时间控制在15分钟内。", P, []want{"15 分钟 <= plan"}},
		{"问题在3天内整改到位。", P, nil},
		// 升 alone is a rise, not a unit: 由第8升至第5.
		{"考核排名由第8升至第5。", S, nil},
	})
}

func TestChineseRanges(t *testing.T) {
	P := doc.TypePlan
	runCases(t, []tcase{
		{"每个党小组培养一、二个入党积极分子。", P, []want{"1~2 个 range plan"}},
		{"每季度开展两、三次义诊。", P, []want{"2~3 次 range plan period=每季度"}},
		{"全年召开一至二次专题会议。", P, []want{"1~2 次 range plan period=全年"}},
		// Not neighbours, a heading, or a list of three: no range.
		{"一、二个务必的要求。", P, nil},
		{"第一、二批次已完成。", P, nil},
		{"一、二、三个阶段依次推进。", P, nil},
	})
}

func TestEntityCounts(t *testing.T) {
	P, S := doc.TypePlan, doc.TypeSummary
	runCases(t, []tcase{
		{"年内成立两个功能型党支部。", P, []want{"2 个 = plan period=年内"}},
		{"结对帮扶三个偏远村，义诊四场。", S, []want{"3 个 = achieved", "4 场 = achieved"}},
		{"**两个贫困村开展巡诊。", S, []want{"2 个 = achieved"}},
		// Formulas and enumerations count nothing.
		{"牢固树立四个意识，坚决做到两个维护。", P, nil},
		{"从三个方面抓好落实。", P, nil},
		{"落实两个责任。", P, nil},
	})
}

func TestLabelValues(t *testing.T) {
	S := doc.TypeSummary
	runCases(t, []tcase{
		{"支部党员人数：42人", S, []want{"42 人 = achieved metric=支部党员人数"}},
		{"在岗职工： 136 名", S, []want{"136 名 = achieved"}},
		{"活动时间：上午9:30开始。", S, nil},
	})
}

func TestPeriodThenVerb(t *testing.T) {
	P := doc.TypePlan
	runCases(t, []tcase{
		{"支部书记每季度上一次党课。", P, []want{"1 次 = plan period=每季度"}},
		{"科室每周一次业务学习。", P, []want{"1 次 = plan period=每周"}},
		// Not after a period: 上一次 is "the previous time".
		{"上一次检查发现的问题已整改。", P, nil},
		{"每周一例会通报。", P, nil},
	})
}

func TestPageNotTargets(t *testing.T) {
	P, S := doc.TypePlan, doc.TypeSummary
	runCases(t, []tcase{
		// Counts of articles and characters of the page.
		{"乡镇卫生院党建工作总结3篇", S, nil},
		{"社区医院年度工作计划（精选6篇）", P, nil},
		{"为大家整理的8篇范文，仅供参考。", P, nil},
		{"卫生院工作计划范文12篇", P, nil},
		{"党支部工作方案汇编（4篇）", P, nil},
		{"3篇2027年党支部工作要点", P, nil},
		{"【全文共2340字，建议阅读5分钟】", S, nil},
		{"以下内容已省略1200字", S, nil},
		{"第2篇 卫生院上半年工作总结 2100字", S, nil},
		{"点击数:356次 发布时间:2026-01-05", S, nil},
		{"下载 56 次 收藏 3 次 阅读 1.2万次", S, nil},
		{"党员学习心得体会（共5篇）", S, nil},
		{"党员学习心得体会1500字", S, nil},
		{"我们再一次重温入党誓词。", S, nil},
		// …but written or published ones are the work's.
		{"全年在各级媒体刊发宣传稿件48篇。", S, []want{"48 篇 = achieved period=全年"}},
		{"每名党员撰写心得体会2篇。", P, []want{"2 篇 = plan"}},
		{"提交个人事迹材料（2000字左右）。", P, []want{"2000 字 ~ plan"}},
		// Session ordinals of numbered terms.
		{"认真学习十四届全国人大三次会议精神。", P, nil},
		{"召开三届二次职代会。", P, nil},
		{"贯彻市十五届人大一次会议部署。", P, nil},
		{"全年召开职代会2次。", P, []want{"2 次 = plan period=全年"}},
		// Project phases.
		{"新院区二期投入使用。", S, nil},
		{"推进门诊楼三期扩建。", P, nil},
		{"举办业务培训班三期。", S, []want{"3 期 = achieved"}},
		// Idioms and descriptions.
		{"打通健康服务最后一公里。", P, nil},
		{"这是一次生动的党性教育。", S, nil},
		{"接受了一场深刻的思想洗礼。", S, nil},
		// Numbers inside book titles.
		{"组织学习《关于加强基层党建的12条措施》。", P, nil},
		{"阅读《红岩》等书籍3本。", S, []want{"3 本 = achieved"}},
		// Someone else's standard or list.
		{"药占比控制在26%，低于国家30%的标准。", S, []want{"26 % = achieved"}},
		{"优良率高于全省85%的平均水平。", S, nil},
		{"被确定为全市首批15个示范单位之一。", S, nil},
		// The field one is ranked in, working methods and gatherings.
		{"绩效考核在全市23家医院中位列第2名。", S, nil},
		{"在全区12个社区中排名靠前。", S, nil},
		{"为慢病患者建立“一人一档”。", P, nil},
		{"全院职工欢聚一堂。", S, nil},
		{"开工3个医院项目（东湖二期、西岭二期、市妇幼保健院）。", S, []want{"3 个 = achieved"}},
		{"推进门诊综合楼二期工程。", P, nil},
		{"全年出专刊三期、板报四期。", S, []want{"3 期 = achieved period=全年", "4 期 = achieved"}},
		{"相当于 5 个人中就有 1 人患有慢性病。", S, nil},
		{"在职党员30人中有5人获评优秀。", S, []want{"30 人 = achieved", "5 人 = achieved"}},
		{"构建医防康养“四位一体”服务体系。", P, nil},
		{"新增检验试剂等6大类。", S, []want{"6 大类 = achieved"}},
		// An age band starting at 0.
		{"为0-6岁儿童建档。", P, nil},
		{"重点关注0～36个月婴幼儿。", P, nil},
		// A 人次 written before the number does not reach across a sentence.
		{"服务群众1.2万人次。二是强化管理。", S, []want{"12000 人次 = achieved"}},
	})
}

func TestTenseDependentComparators(t *testing.T) {
	P, S := doc.TypePlan, doc.TypeSummary
	runCases(t, []tcase{
		{"抗菌药物使用率控制在35%。", P, []want{"35 % <= plan"}},
		{"抗菌药物使用率控制在31.6%。", S, []want{"31.6 % = achieved"}},
		{"抗菌药物使用率控制在30%以内。", S, []want{"30 % <= achieved"}},
		{"开展新项目达28项。", S, []want{"28 项 = achieved"}},
		{"病历甲级率达到98%以上。", S, []want{"98 % >= achieved"}},
		{"病历甲级率达到95%。", P, []want{"95 % >= plan"}},
	})
}

func TestKindCues(t *testing.T) {
	P, S, O := doc.TypePlan, doc.TypeSummary, doc.TypeOther
	runCases(t, []tcase{
		// A norm kept, reported in a summary.
		{"坚持每周集中学习不少于1次，每次不少于2小时，效果明显。", S, []want{"1 次 >= achieved period=每周", "2 小时 >= achieved"}},
		{"坚持每周集中学习不少于1次。", P, []want{"1 次 >= plan period=每周"}},
		// Perfective 了 and the current state in a report of unknown type.
		{"会议听取了9个支部书记的述职。", O, []want{"9 个 = achieved"}},
		{"截至年底，全县已建成标准化卫生室46所。", O, []want{"46 所 = achieved"}},
		{"目前正在建设的卫生室12所。", O, []want{"12 所 = achieved"}},
		{"截止6月底，完成村卫生室改造3所。", P, []want{"3 所 = plan"}},
		{"活动期间，每个支部开展专题学习2次。", doc.TypeScheme, []want{"2 次 = plan"}},
		{"“十四五”期间，全区新建卫生院4所。", O, []want{"4 所 = achieved"}},
		{"会上，8个支部书记现场述职。", O, []want{"8 个 = achieved"}},
		{"开展义诊百余次，服务群众千余人。", S, []want{"100 次 > achieved", "1000 人 > achieved"}},
		{"各支部前期报送了至少两个特色项目。", O, []want{"2 个 >= achieved"}},
		// 已将: 将 marks the object after a perfective, not the future.
		{"年初已将补助经费86万元全部下拨到各卫生室。", O, []want{"860000 元 = achieved deadline=年初"}},
		{"年内将补助经费86万元全部下拨到各卫生室。", O, []want{"860000 元 = plan period=年内"}},
		// 将 as an object marker says nothing; 了 says done.
		{"将原有2个支部调整为4个。", S, []want{"2 个 = achieved", "4 个 = achieved"}},
		{"为确保工作落实，将办公室设在了院办，并增配人员2名。", S, []want{"2 名 = achieved"}},
		// An aim announced before a colon governs its whole list.
		{"今年主要预期目标是：门诊量增长5%左右；住院人次增长3%左右；床位使用率保持在85%以上；医疗纠纷下降10%；药占比控制在28%以内；出院患者随访率达到90%。",
			doc.TypeReport, []want{"5 % ~ plan", "3 % ~ plan", "85 % >= plan", "10 % = plan", "28 % <= plan", "90 % >= plan"}},
		// A weak cue yields to the document type.
		{"预计全年门诊量突破5万人次。", S, []want{"50000 人次 > achieved period=全年"}},
		{"预计全年门诊量突破5万人次。", O, []want{"50000 人次 > plan period=全年"}},
	})
}

func TestHeadingZones(t *testing.T) {
	S, P := doc.TypeSummary, doc.TypePlan
	runCases(t, []tcase{
		// A flattened summary and plan: the markers inside the line decide.
		{"卫生院2025年工作回顾与2026年工作打算。一、2025年工作回顾(一)公共卫生建立健康档案1.2万份。(二)基本医疗门诊量4.5万人次。二、2026年工作打算(一)医疗服务门诊量5万人次。三、保障措施培训村医60人次。",
			P, []want{"12000 份 = achieved", "45000 人次 = achieved", "50000 人次 = plan", "60 人次 = plan"}},
		// The same text typed as a summary.
		{"卫生院2025年工作回顾与2026年工作打算。一、2025年工作回顾(一)公共卫生建立健康档案1.2万份。二、2026年工作打算(一)医疗服务门诊量5万人次。",
			S, []want{"12000 份 = achieved", "50000 人次 = plan"}},
		// A plan's review of the current state.
		{"一、发展现状\n全院开放床位320张。\n二、主要任务\n新增床位80张。", P, []want{"320 张 = achieved", "80 张 = plan"}},
		// A heading without a marker, and a sentence opening the outlook.
		{"今年门诊量3万人次。2026年工作计划：1.门诊量3.5万人次。", S, []want{"30000 人次 = achieved", "35000 人次 = plan"}},
		{"全年培训村医80人次。下一步，继续开展业务培训，培训村医100人次。", S, []want{"80 人次 = achieved period=全年", "100 人次 = plan"}},
		// A sub-heading under the outlook keeps it.
		{"一、工作成效\n义诊20场。\n二、下步打算\n(一)强化服务\n义诊30场。", S, []want{"20 场 = achieved", "30 场 = plan"}},
	})
}

func TestReviewAndPlanTitle(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"社区卫生服务中心2025年工作总结及2026年工作计划", true},
		{"卫生院上半年工作总结和下半年工作打算", true},
		{"区卫生健康局 2025 年工作回顾暨2026年工作思路", true},
		{"社区卫生服务中心2025年工作总结", false},
		{"2026年工作计划", false},
	} {
		if got := reviewAndPlan([]rune(fold.Text(c.text))); got != c.want {
			t.Errorf("reviewAndPlan(%q) = %v", c.text, got)
		}
	}
}

// TestTablesFolded: the scanner reads folded text, so every word of every
// table must be written folded (Simplified, half-width).
func TestTablesFolded(t *testing.T) {
	lists := map[string][]string{
		"planCues": planCues, "weakPlanCues": weakPlanCues, "achievedCues": achievedCues,
		"weakAchievedCues": weakAchievedCues, "falseCues": falseCues, "planSections": planSections,
		"achievedSections": achievedSections, "forwardOpeners": forwardOpeners,
		"titleReviewWords": titleReviewWords, "titlePlanWords": titlePlanWords,
		"siteCountBefore": siteCountBefore, "siteCountAfter": siteCountAfter, "writeCues": writeCues,
		"siteStatLabels": siteStatLabels, "phaseOwners": phaseOwners, "numeralIdioms": numeralIdioms,
		"onceAdjectives": onceAdjectives, "benchmarkOwners": benchmarkOwners,
		"benchmarkHeads": benchmarkHeads, "entityNouns": entityNouns, "spacedSuffixes": spacedSuffixes,
		"unitsBefore": unitsBefore, "eventDays": eventDays, "eventVerbs": eventVerbs, "aheadWords": aheadWords,
		"disposalVerbs": disposalVerbs, "nounCueOwners": nounCueOwners,
		"sizedPlaces": sizedPlaces, "placePeople": placePeople, "textParts": textParts,
		"pairVerbs": pairVerbs, "areaScopes": areaScopes, "areaDivisions": areaDivisions,
		"groupNouns": groupNouns, "provisionVerbs": provisionVerbs, "provisionOwners": provisionOwners,
	}
	for _, m := range []map[string]bool{disposalMarkers, nounCues, purposeCues} {
		for w := range m {
			if fold.Text(w) != w || !contains(planCues, w) {
				t.Errorf("%q is not a folded plan cue", w)
			}
		}
	}
	for _, m := range []map[string]string{statementWords, titleTypeKinds} {
		for w := range m {
			if fold.Text(w) != w {
				t.Errorf("statement or title word %q not folded", w)
			}
		}
	}
	for name, words := range lists {
		seen := map[string]bool{}
		for _, w := range words {
			if w == "" || fold.Text(w) != w {
				t.Errorf("%s: %q is empty or not folded", name, w)
			}
			if seen[w] {
				t.Errorf("%s: %q twice", name, w)
			}
			seen[w] = true
		}
	}
	for u := range units {
		if fold.Text(u) != u {
			t.Errorf("unit %q not folded", u)
		}
	}
	for _, m := range []map[string]bool{halfUnits, docCountUnits} {
		for u := range m {
			if _, ok := units[u]; !ok && !isAliasTarget(u) {
				t.Errorf("%q is not a unit", u)
			}
		}
	}
	for from, to := range unitAlias {
		if _, ok := units[from]; !ok {
			t.Errorf("alias %q is not a unit", from)
		}
		if _, ok := units[to]; !ok {
			t.Errorf("alias target %q is not a unit", to)
		}
	}
	// Every idiom holds a numeral the scanner starts on.
	for _, w := range numeralIdioms {
		if !strings.ContainsFunc(w, isCnStart) {
			t.Errorf("idiom %q holds no numeral", w)
		}
	}
}

func contains(words []string, w string) bool {
	for _, x := range words {
		if x == w {
			return true
		}
	}
	return false
}

func isAliasTarget(u string) bool {
	for _, to := range unitAlias {
		if to == u {
			return true
		}
	}
	return false
}

// TestNumeralRunes keeps the switches of isCn and isCnStart in step with
// the numeral tables.
func TestNumeralRunes(t *testing.T) {
	for r := range cnDigit {
		if !isCnStart(r) || !isCn(r) {
			t.Errorf("digit %q not recognised", r)
		}
	}
	for _, m := range []map[rune]float64{cnSmallUnit, cnBigUnit} {
		for r := range m {
			if !isCn(r) {
				t.Errorf("multiplier %q not recognised", r)
			}
		}
	}
	if !isCnStart('十') || isCnStart('百') || isCnStart('万') || isCn('第') {
		t.Error("isCnStart/isCn disagree with their doc")
	}
}

// TestOpenerRunes keeps mayOpen in step with headingOpeners.
func TestOpenerRunes(t *testing.T) {
	for _, r := range headingOpeners {
		if !mayOpen(r) {
			t.Errorf("%q opens a heading but mayOpen says no", r)
		}
	}
}

// TestBreaksHaveNoHan: isBreak answers Han runes without reading the break
// sets, so none may hold one.
func TestBreaksHaveNoHan(t *testing.T) {
	for _, set := range []string{clauseBreaks, sentenceBreaks, sloganBreaks, markerOpeners, headingOpeners, headingEnds} {
		for _, r := range set {
			if isHan(r) {
				t.Errorf("break set %q holds Han %q", set, r)
			}
		}
	}
}

// TestRuneText walks the cursor forwards, backwards and from the start.
func TestRuneText(t *testing.T) {
	s := "一、工作回顾\n全年门诊量3.2万人次，同比增长5%。\n二、明年打算"
	rs := []rune(s)
	rt := newRuneText(s, len(rs))
	for _, c := range [][2]int{{7, 12}, {2, 6}, {20, len(rs)}, {0, 2}, {13, 13}, {len(rs) - 2, len(rs) + 5}} {
		e := c[1]
		if e > len(rs) {
			e = len(rs)
		}
		if got, want := rt.slice(c[0], c[1]), string(rs[c[0]:e]); got != want {
			t.Errorf("slice(%d, %d) = %q, want %q", c[0], c[1], got, want)
		}
	}
	if got := rt.line(7, 200); got != "全年门诊量3.2万人次，同比增长5%。" {
		t.Errorf("line = %q", got)
	}
	if got := rt.line(7, 5); got != "全年门诊量" {
		t.Errorf("line cut = %q", got)
	}
	if got := rt.line(len(rs), 5); got != "" {
		t.Errorf("line at end = %q", got)
	}
}

// TestEventReport: a document opening as news of an event reports, one
// announcing an event ahead does not.
func TestEventReport(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"县卫健局召开述职评议会\n1月20日上午，县卫健局党组召开2025年度述职评议会。", true},
		{"为落实全面从严治党要求，12月8日县中医院组织召开支部书记述职会。", true},
		{"近日，市第二人民医院举办青年医师技能竞赛。", true},
		{"2026年3月5日，医院党委举行新党员入党宣誓仪式。", true},
		{"经研究，定于3月15日召开全院党员大会。", false},
		{"医院将于4月10日举办义诊活动。", false},
		{"2026年党支部工作计划\n一、指导思想", false},
	} {
		if got := eventReport([]rune(fold.Text(c.text))); got != c.want {
			t.Errorf("eventReport(%q) = %v", c.text, got)
		}
	}
}

// TestLongLineClauses: a page flattened without punctuation gives each
// figure a bounded clause, so extraction stays linear in the line length.
func TestLongLineClauses(t *testing.T) {
	text := strings.Repeat("全院党员参加集中学习2次 ", 600)
	got := Extract(text, Options{DocType: doc.TypePlan})
	if len(got) != 600 {
		t.Fatalf("got %d targets, want 600", len(got))
	}
	for _, tg := range got {
		if n := len([]rune(tg.Text)); n > 2*maxClause+10 {
			t.Fatalf("clause of %d runes: %.40q…", n, tg.Text)
		}
	}
}
