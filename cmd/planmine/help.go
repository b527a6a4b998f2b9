package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// cmdHelp is the help of one command: what it does, its synopsis and one
// example; the flags come from its flag set.
type cmdHelp struct {
	summary, synopsis, example string
}

var helps = map[string]cmdHelp{
	"serve": {"网页界面和 API (the reviewer's web UI and HTTP API)",
		"planmine serve [--data DIR] [--addr 127.0.0.1:8080] [--demo] [--token T] [--read-token R]",
		"planmine serve --data ./planmine-data --addr :8080 --token 写操作令牌"},
	"ingest": {"导入文件、文件夹、zip 到数据目录 (store files, folders and zips; idempotent by SHA-256)",
		"planmine ingest [--data DIR] [--learn-chrome=false] PATH…",
		"planmine ingest --data ./planmine-data 收件箱/ 材料.zip"},
	"analyze": {"分析文件，不入库 (analyse files without a store)",
		"planmine analyze [--json] [--demo] PATH…",
		"planmine analyze --json 计划.docx 总结.pdf"},
	"reuse": {"查找复制段落 (copied passages among the given files)",
		"planmine reuse [--json] [--demo] PATH…",
		"planmine reuse a.txt b.docx 文件夹/"},
	"search": {"检索已导入的文档 (search the stored documents)",
		"planmine search [--data DIR] [--json] [--limit N] [--offset N] QUERY",
		"planmine search --data ./planmine-data 三会一课 type:plan year:2026"},
	"targets": {"目标台账：导出量化指标 (the targets tracker: export quantitative targets)",
		"planmine targets [--data DIR] [--format table|csv|xlsx|json] [--output FILE|DIR] [--status 未完成] [filters]",
		"planmine targets --data ./planmine-data --kind plan --format xlsx --output 台账.xlsx"},
	"reindex": {"从存储重建检索索引和查重结果 (rebuild the search index and reuse results from the store)",
		"planmine reindex [--data DIR]",
		"planmine reindex --data ./planmine-data"},
	"recover": {"从保存的原文件重建丢失或损坏的数据库 (rebuild a lost or damaged store from the stored originals: names, upload times, targets, reuse and index)",
		"planmine recover [--data DIR] [--force]",
		"planmine recover --data ./planmine-data"},
	"delete": {"删除文档：存储、检索索引和查重结果 (delete documents from the store, the search index and reuse results)",
		"planmine delete [--data DIR] ID…",
		"planmine delete --data ./planmine-data 0123456789abcdef-1"},
	"report": {"一篇文档的查重报告 (copy-check report of one document: total share, sources, sections, passages side by side)",
		"planmine report [--data DIR] [--format html|pdf|xlsx] [--output FILE|DIR] ID",
		"planmine report --data ./planmine-data --format pdf --output . 0123456789abcdef-1"},
	"pairs": {"导出全部复用配对 (export every reuse pair)",
		"planmine pairs [--data DIR] [--format csv|xlsx] [--output FILE|DIR] [--min-score X]",
		"planmine pairs --data ./planmine-data --format xlsx --output ."},
	"backup": {"备份数据目录：数据库快照和原文件，planmine serve 运行时也可；检索索引不备份，恢复时重建 (back up the data directory — a database snapshot and the originals — also while planmine serve runs; the search index is rebuilt on restore)",
		"planmine backup [--data DIR] OUT",
		"planmine backup --data ./planmine-data 备份/2026-12-05"},
	"restore": {"从备份恢复：校验清单和每个原文件，写入空的数据目录，重建检索索引 (restore a backup: check its manifest and every original, write it into an empty data directory, rebuild the search index)",
		"planmine restore [--data DIR] [--force] BACKUP",
		"planmine restore 备份/2026-12-05 --data ./planmine-data"},
	"migrate": {migrateHelp,
		"planmine migrate [--from sqlite:DIR] --to postgres://USER@HOST/DB [--force]",
		"planmine migrate --from sqlite:./planmine-data --to postgres://planmine@db.example/planmine"},
	"eval": {"对照人工标注评估质量 (quality figures against gold labels)",
		"planmine eval [-v] [--check] [--lint] [--corpus DIR] GOLD_DIR",
		"planmine eval -v ../shared/gold"},
	"version": {"显示版本 (print the version)",
		"planmine version",
		"planmine version"},
}

// printHelp prints one command's help: summary, synopsis, flags, example.
func printHelp(w io.Writer, cmd string, fs *flag.FlagSet) {
	h := helps[cmd]
	fmt.Fprintf(w, "planmine %s — %s\n\n用法 (usage):\n  %s\n", cmd, h.summary, h.synopsis)
	if fs != nil {
		var flags strings.Builder
		fs.SetOutput(&flags)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
		if flags.Len() > 0 {
			fmt.Fprintf(w, "\n选项 (flags):\n%s", flags.String())
		}
	}
	fmt.Fprintf(w, "\n示例 (example):\n  %s\n", h.example)
}

func cmdVersion(_ context.Context, e env, args []string) error {
	fs := newFlags("version", e.stderr)
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usageError{fmt.Sprintf("version 不接受参数 (unexpected argument): %s", rest[0])}
	}
	fmt.Fprintln(e.stdout, version())
	return nil
}

// version describes the build: module version, VCS revision and time (when
// built from a checkout), Go version and platform.
func version() string {
	v, rev, when, modified := "(unknown)", "", "", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "planmine %s", v)
	if rev != "" {
		fmt.Fprintf(&b, " 修订 (revision) %s", rev[:min(len(rev), 12)])
		if when != "" {
			fmt.Fprintf(&b, " %s", when)
		}
		if modified {
			b.WriteString(" 含未提交的修改 (modified)")
		}
	}
	fmt.Fprintf(&b, " %s %s/%s", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return b.String()
}
