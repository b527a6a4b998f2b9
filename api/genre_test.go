package api

import (
	"fmt"
	"strings"
)

// Small documents of the genre, written for these tests: issuing bodies,
// titles, section headings and target sentences are combined so that each
// generated document differs in org, year, type and figures.
var (
	genOrgs = []string{
		"市第一人民医院党委", "县中医院党总支", "区妇幼保健院党支部", "市疾病预防控制中心党委",
		"省肿瘤医院党委", "县人民医院纪委", "市口腔医院党支部", "区社区卫生服务中心党支部",
	}
	genTitles = []struct{ title, kind string }{
		{"党建工作计划", "plan"}, {"党风廉政建设工作要点", "plan"}, {"志愿服务活动实施方案", "scheme"},
		{"理论学习中心组学习计划", "plan"}, {"党建工作总结", "summary"}, {"医德医风专项整治实施方案", "scheme"},
	}
	genHeads   = []string{"指导思想", "工作目标", "主要任务", "保障措施", "组织领导", "工作要求"}
	genTargets = []string{
		"全年发展党员不少于%d名，其中一线医务人员占比不低于60%%。",
		"每季度召开党风廉政建设专题会议%d次，年底前完成全部整改任务。",
		"组织党员开展志愿服务%d次以上，覆盖社区群众五千人次。",
		"全年开展业务培训%d场，培训覆盖率达到95%%以上。",
		"门诊患者满意度提高到%d%%以上，投诉办结率保持百分之百。",
		"每月开展主题党日活动不少于%d次，党员参学率不低于九成。",
	}
	genFill = []string{
		"坚持以人民健康为中心，把党的建设贯穿医院改革发展全过程。",
		"深入落实党委领导下的院长负责制，健全议事决策制度。",
		"认真执行“三会一课”制度，推动支部标准化规范化建设。",
		"加强医德医风教育，严肃查处收受红包回扣等违规行为。",
		"发挥党支部战斗堡垒作用和党员先锋模范作用，服务临床一线。",
		"完善考核评价机制，把党建工作成效与科室绩效考核挂钩。",
	}
	genNums = []string{"一", "二", "三", "四", "五", "六"}
)

// genDoc writes the i-th generated document.
func genDoc(i int) (name, text string) {
	org := genOrgs[i%len(genOrgs)]
	t := genTitles[(i/len(genOrgs))%len(genTitles)]
	year := 2018 + i%9
	var b strings.Builder
	fmt.Fprintf(&b, "%s%d年%s\n\n", org, year, t.title)
	for h := 0; h < 3+i%3; h++ {
		fmt.Fprintf(&b, "%s、%s\n", genNums[h], genHeads[(h+i)%len(genHeads)])
		fmt.Fprintf(&b, "%s%s\n", genFill[(h+i)%len(genFill)], genFill[(h+2*i+1)%len(genFill)])
		fmt.Fprintf(&b, genTargets[(h+i)%len(genTargets)]+"\n", 2+(i*7+h)%11)
		fmt.Fprintf(&b, "（编号%04d-%d）\n\n", i, h)
	}
	fmt.Fprintf(&b, "%s\n%d年%d月%d日\n", org, year, 1+i%12, 1+i%28)
	return fmt.Sprintf("gen_%03d_%s.txt", i, t.kind), b.String()
}
