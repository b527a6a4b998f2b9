package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/report"
)

// cmdReport writes one document's copy-check report (查重报告).
func cmdReport(ctx context.Context, e env, args []string) error {
	fset := newFlags("report", e.stderr)
	data := dataFlag(fset, e)
	format := fset.String("format", "html", "输出格式 html|pdf|xlsx (output format)")
	output := fset.String("output", "", "输出文件或目录，默认标准输出 (output file or folder; default stdout)")
	ids, err := parse(fset, args)
	if err != nil {
		return err
	}
	if len(ids) != 1 {
		return usageError{"report 需要一个文档 id (needs one document ID), e.g. planmine report --format pdf --output . ID"}
	}
	switch *format {
	case "html", "pdf", "xlsx":
	default:
		return usageError{fmt.Sprintf("未知格式 (unknown format) %q: html|pdf|xlsx", *format)}
	}
	if *format != "html" && *output == "" && isTerminal(e.stdout) {
		return usageError{*format + " 需要 --output 文件 (needs --output FILE when stdout is a terminal)"}
	}
	c, err := openExistingStore(ctx, e, data)
	if err != nil {
		return err
	}
	defer c.Close()
	r, err := report.Build(ctx, c, ids[0], report.Options{})
	if errors.Is(err, corpus.ErrNotFound) {
		return fmt.Errorf("文档不存在 (document not found): %s", ids[0])
	}
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	switch *format {
	case "pdf":
		err = report.WritePDF(&buf, r)
	case "xlsx":
		err = report.WriteXLSX(&buf, r)
	default:
		err = report.WriteHTML(&buf, r)
	}
	if err != nil {
		return err
	}
	path, err := writeOutput(e, *output, r.FileName(*format), buf.Bytes())
	if err != nil {
		return err
	}
	if path != "" {
		fmt.Fprintf(e.stderr, "已生成查重报告 %s：总文字复制比 %s，来源 %d 篇 (report written: total copied share, sources)\n",
			path, report.Percent(r.Total), len(r.Sources))
	}
	return nil
}

// cmdPairs exports every stored reuse pair.
func cmdPairs(ctx context.Context, e env, args []string) error {
	fset := newFlags("pairs", e.stderr)
	data := dataFlag(fset, e)
	format := fset.String("format", "csv", "输出格式 csv|xlsx (output format)")
	output := fset.String("output", "", "输出文件或目录，默认标准输出 (output file or folder; default stdout)")
	minScore := fset.Float64("min-score", 0, "最低复制比 (minimum pair score)")
	rest, err := parse(fset, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("pairs 不接受位置参数 (unexpected argument): %s", rest[0])}
	}
	switch *format {
	case "csv", "xlsx":
	default:
		return usageError{fmt.Sprintf("未知格式 (unknown format) %q: csv|xlsx", *format)}
	}
	if *format == "xlsx" && *output == "" && isTerminal(e.stdout) {
		return usageError{"xlsx 需要 --output 文件 (xlsx needs --output FILE when stdout is a terminal)"}
	}
	c, err := openExistingStore(ctx, e, data)
	if err != nil {
		return err
	}
	defer c.Close()
	pairs, err := c.ReusePairs(ctx, *minScore, 0)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if *format == "xlsx" {
		err = report.WritePairsXLSX(&buf, pairs)
	} else {
		err = report.WritePairsCSV(&buf, pairs)
	}
	if err != nil {
		return err
	}
	path, err := writeOutput(e, *output, report.PairsFileName(time.Now(), *format), buf.Bytes())
	if err != nil {
		return err
	}
	if path != "" {
		fmt.Fprintf(e.stderr, "已导出 %d 个配对到 %s (pairs exported)\n", len(pairs), path)
	}
	return nil
}

// writeOutput writes data to stdout (output ""), into a folder under
// name, or to a file, and returns the path written ("" for stdout). The
// file is written whole after rendering, so a failed report leaves none.
func writeOutput(e env, output, name string, data []byte) (string, error) {
	if output == "" {
		_, err := e.stdout.Write(data)
		return "", err
	}
	if st, err := os.Stat(output); err == nil && st.IsDir() {
		output = filepath.Join(output, name)
	}
	if err := os.WriteFile(output, data, 0o644); err != nil {
		return "", fmt.Errorf("无法写入 (cannot write) %s: %w", output, err)
	}
	return output, nil
}
