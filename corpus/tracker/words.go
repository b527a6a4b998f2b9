package tracker

import (
	"strings"

	"github.com/planmine/planmine/corpus/followup"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
)

// A word is one coded value (SPEC code) with its label in exports and UI
// and every spelling a user may type for it in a filter. Spellings are
// matched after script and width folding, so 計劃 and ＞ need no entry.
type word struct {
	code, label string
	accepts     []string
}

// kinds: 计划 and 完成 in exports; filters take those, the codes and the
// labels the web UI showed before (计划目标, 已完成).
var kinds = []word{
	{doc.KindPlan, "计划", []string{"plan", "计划", "计划目标", "目标", "规划"}},
	{doc.KindAchieved, "完成", []string{"achieved", "完成", "已完成", "完成情况", "实际", "实绩", "实际完成"}},
}

// cmps are the comparators in words, as the clauses write them.
var cmps = []word{
	{">=", "不少于", []string{">=", "≥", "=>", "不少于", "不低于", "不小于", "至少", "以上"}},
	{"<=", "不超过", []string{"<=", "≤", "=<", "不超过", "不高于", "不大于", "至多", "最多", "以内", "以下"}},
	{">", "超过", []string{">", "超过", "多于", "高于", "大于", "余", "多"}},
	{"<", "少于", []string{"<", "少于", "低于", "小于", "不足"}},
	{"~", "约", []string{"~", "≈", "约", "大约", "左右", "上下", "近"}},
	{"range", "范围", []string{"range", "范围", "区间", "至"}},
	{"=", "等于", []string{"=", "等于", "为"}},
}

// cmpPrefix is how a comparator reads in front of a figure (不少于4次);
// an exact figure and a range need none (6名, 3–5名).
var cmpPrefix = map[string]string{">=": "不少于", "<=": "不超过", ">": "超过", "<": "少于", "~": "约"}

// docTypes are the document types in words.
var docTypes = []word{
	{doc.TypePlan, "计划", []string{"plan", "计划", "工作计划", "要点", "工作要点"}},
	{doc.TypeSummary, "总结", []string{"summary", "总结", "工作总结"}},
	{doc.TypeScheme, "方案", []string{"scheme", "方案", "实施方案"}},
	{doc.TypeExperience, "经验材料", []string{"experience", "经验材料", "经验"}},
	{doc.TypeReport, "报告", []string{"report", "报告", "工作报告"}},
	{doc.TypeNotice, "通知", []string{"notice", "通知"}},
	{doc.TypeOther, "其他", []string{"other", "其他", "其它"}},
}

// statuses are the follow-up statuses in words.
var statuses = []word{
	{followup.Met, "已完成", []string{"met", "已完成", "完成", "达标", "已达标", "达成"}},
	{followup.NotMet, "未完成", []string{"not_met", "notmet", "未完成", "未达标", "未达成"}},
	{followup.NotReported, "未报告", []string{"not_reported", "notreported", "未报告", "未提及", "没报告"}},
	{followup.Incomparable, "无法比较", []string{"incomparable", "无法比较", "不可比", "不能比较"}},
}

// lookup finds the code a user's spelling stands for.
func lookup(ws []word, s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(fold.Text(s)))
	for _, w := range ws {
		for _, a := range w.accepts {
			if s == a {
				return w.code, true
			}
		}
	}
	return "", false
}

// label is a code's label; unknown codes stay as they are.
func label(ws []word, code string) string {
	for _, w := range ws {
		if w.code == code {
			return w.label
		}
	}
	return code
}

// choices lists "label/code" for error messages: 计划/plan、完成/achieved.
func choices(ws []word) string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.label + "/" + w.code
	}
	return strings.Join(out, "、")
}

// KindLabel is 计划 or 完成.
func KindLabel(kind string) string { return label(kinds, kind) }

// CmpLabel is the comparator in words: 不少于, 不超过, 超过, 少于, 约, 范围, 等于.
func CmpLabel(cmp string) string { return label(cmps, cmp) }

// TypeLabel is the document type in words: 计划, 总结, 方案….
func TypeLabel(t string) string { return label(docTypes, t) }

// StatusLabel is the follow-up status in words: 已完成, 未完成, 未报告, 无法比较.
func StatusLabel(s string) string { return label(statuses, s) }
