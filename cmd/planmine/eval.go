package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/planmine/planmine/eval"
)

func cmdEval(ctx context.Context, e env, args []string) error {
	fs := newFlags("eval", e.stderr)
	verbose := fs.Bool("v", false, "列出每个未命中项 (list every miss)")
	check := fs.Bool("check", false, "低于验收线时以状态 2 退出 (exit 2 below the acceptance bars)")
	corpusDir := fs.String("corpus", "", "标注文件所在目录 (folder of the labelled files; default GOLD/../corpus/seeds)")
	lint := fs.Bool("lint", false, "只检查标注：每个引用的字符串都在原文中，不运行抽取 (check the labels against the raw text; runs no extractor)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"eval 需要一个标注目录 (needs one gold folder), e.g. planmine eval ../shared/gold"}
	}
	goldPath := pos[0]
	if st, err := os.Stat(goldPath); err == nil && st.IsDir() {
		goldPath = filepath.Join(goldPath, "seeds.json")
	}
	if *lint {
		bad, err := eval.Lint(goldPath, *corpusDir)
		if err != nil {
			return err
		}
		for _, b := range bad {
			fmt.Fprintln(e.stdout, b)
		}
		if len(bad) > 0 {
			return fmt.Errorf("标注有 %d 处问题 (%d label problems)", len(bad), len(bad))
		}
		fmt.Fprintln(e.stdout, "标注无误 (labels ok)")
		return nil
	}
	res, err := eval.Run(ctx, goldPath, *corpusDir, eval.Production())
	if err != nil {
		return err
	}
	res.Write(e.stdout, *verbose)
	if *check {
		if bad := res.Check(); len(bad) > 0 {
			return fmt.Errorf("低于验收线 (below the bar): %s", strings.Join(bad, "; "))
		}
	}
	return nil
}
