package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/export"
	"github.com/planmine/planmine/corpus/followup"
	"github.com/planmine/planmine/corpus/tracker"
)

// targetFlagUsage documents the filter flags; tracker.ParseFilter reads
// them, as it reads the API's parameters, so Chinese values work in both.
var targetFlagUsage = map[string]string{
	"metric": "指标包含 (metric contains)",
	"unit":   "单位 (unit)",
	"cmp":    "比较：不少于 不超过 超过 少于 约 范围 等于，或 >= <= > < ~ range = (comparator)",
	"min":    "数值下限，如 5、1万 (value >= min)",
	"max":    "数值上限，如 100、2.5亿 (value <= max)",
	"period": "周期，如 每季度 (period)",
	"kind":   "计划 或 完成 (plan|achieved)",
	"year":   "年份，如 2025 或 2025年 (year)",
	"org":    "机构包含 (org contains)",
	"type":   "文种：计划 总结 方案 经验材料 报告 通知 其他 (doc type)",
	"doc":    "文档 id (document id)",
	"status": "完成情况：已完成 未完成 未报告 无法比较 (follow-up status of plan targets)",
}

// targetsCmd is `planmine targets` between its flags and its output.
type targetsCmd struct {
	format, output *string
	vals           map[string]*string // filter flags by tracker.Keys
	set            map[string]bool    // flags given on the command line
}

// targetFlags registers the output and filter flags of `planmine targets`.
func targetFlags(fs *flag.FlagSet) *targetsCmd {
	t := &targetsCmd{vals: map[string]*string{}, set: map[string]bool{}}
	t.format = fs.String("format", "csv", "输出格式 table|csv|xlsx|json；未指定时终端显示表格，或按 --output 扩展名 (output format; a table on a terminal, or by --output's extension)")
	t.output = fs.String("output", "", "输出文件，或目录（按筛选条件与日期命名）；默认标准输出 (output file or folder; default stdout)")
	for _, k := range tracker.Keys {
		t.vals[k] = fs.String(k, "", targetFlagUsage[k])
	}
	return t
}

// check reads the filter (usage errors name the value, Chinese first),
// settles the format — as given; else a table on a terminal, the
// extension of --output, or CSV — and, when --output is a folder, names
// the file in it after the filter and the date.
func (t *targetsCmd) check(e env) (tracker.Filter, error) {
	f, err := tracker.ParseFilter(func(k string) string { return *t.vals[k] })
	if err != nil {
		return f, usageError{err.Error()}
	}
	toDir := false
	if *t.output != "" {
		if st, err := os.Stat(*t.output); err == nil && st.IsDir() {
			toDir = true
		}
	}
	if !t.set["format"] {
		switch ext := strings.ToLower(filepath.Ext(*t.output)); {
		case *t.output == "" && isTerminal(e.stdout):
			*t.format = "table"
		case !toDir && (ext == ".xlsx" || ext == ".json" || ext == ".csv"):
			*t.format = ext[1:]
		}
	}
	switch *t.format {
	case "table", "csv", "xlsx", "json":
	default:
		return f, usageError{fmt.Sprintf("未知格式 (unknown format) %q: table|csv|xlsx|json", *t.format)}
	}
	if *t.format == "xlsx" && *t.output == "" && isTerminal(e.stdout) {
		return f, usageError{"xlsx 需要 --output 文件 (xlsx needs --output FILE when stdout is a terminal)"}
	}
	if toDir {
		ext := *t.format
		if ext == "table" {
			ext = "txt"
		}
		name, _ := tracker.FileName(f, ext, time.Now())
		*t.output = filepath.Join(*t.output, name)
	}
	return f, nil
}

// rows lists every target f selects with its follow-up.
func (t *targetsCmd) rows(ctx context.Context, c *corpus.Corpus, f tracker.Filter) ([]corpus.TargetRow, int, error) {
	return tracker.Rows(ctx, c, f)
}

// table writes the terminal table and the status count.
func (t *targetsCmd) table(w io.Writer, rows []corpus.TargetRow) error {
	if err := export.Table(w, rows); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, statusSummary(rows))
	return err
}

// statusSummary counts the rows and the follow-up statuses of the plans:
// 共 16 条；计划 16 条：已完成 7、未完成 2、未报告 5、无法比较 2.
func statusSummary(rows []corpus.TargetRow) string {
	n := map[string]int{}
	plans := 0
	for _, r := range rows {
		if r.Followup != nil {
			plans++
			n[r.Followup.Status]++
		}
	}
	var parts []string
	for _, s := range []string{followup.Met, followup.NotMet, followup.NotReported, followup.Incomparable} {
		parts = append(parts, fmt.Sprintf("%s %d", tracker.StatusLabel(s), n[s]))
	}
	return fmt.Sprintf("共 %d 条 (targets)；计划 %d 条 (plans)：%s", len(rows), plans, strings.Join(parts, "、"))
}
