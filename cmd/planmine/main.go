// Command planmine reads Chinese work plans, summaries and schemes, extracts
// their structure and commitments, finds copied passages, and serves the
// reviewer's web UI. main only wires flags and environment to run, so the
// whole binary is testable in-process.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/planmine/planmine/corpus"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	// PLANMINE_CPUPROFILE=FILE profiles the whole command (bench/README.md
	// §7 profiles `planmine ingest` this way).
	if path := os.Getenv("PLANMINE_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil && pprof.StartCPUProfile(f) == nil {
			defer f.Close()
			defer pprof.StopCPUProfile()
		}
	}
	if path := os.Getenv("PLANMINE_PEAKPROFILE"); path != "" {
		defer peakProfile(path)()
	}
	stopTrace := func() {}
	if path := os.Getenv("PLANMINE_EXECTRACE"); path != "" {
		var err error
		if stopTrace, err = execTrace(path, os.Getenv("PLANMINE_EXECTRACE_WINDOW")); err != nil {
			fmt.Fprintln(os.Stderr, "警告 (warning):", err)
		}
	}
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stopTrace()
	code := exitCode(err, os.Stderr)
	pprof.StopCPUProfile()
	// PLANMINE_MEMPROFILE=FILE writes a heap profile at exit: in-use and
	// allocated bytes by call site (where peak RSS comes from).
	if path := os.Getenv("PLANMINE_MEMPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			_ = pprof.Lookup("heap").WriteTo(f, 0)
			f.Close()
		}
	}
	os.Exit(code)
}

// Exit statuses (SPEC §4).
const (
	exitOK         = 0
	exitUsage      = 1
	exitInputError = 2
	// exitStoreLost: the data directory's database is lost or damaged and
	// the command refused to open it (planmine recover rebuilds it).
	exitStoreLost = 2
)

// usageError marks a bad command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// inputsFailed reports that some inputs could not be read; the others were
// processed and each failure was already printed.
type inputsFailed struct{ n int }

func (e inputsFailed) Error() string {
	return fmt.Sprintf("%d 个输入无法读取 (%d input(s) could not be read)", e.n, e.n)
}

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(stderr, "用法错误 (usage):", ue.msg)
		fmt.Fprintln(stderr, "运行 planmine help 或 planmine 命令 --help 查看用法 (run 'planmine help' or 'planmine COMMAND --help' for usage)")
		return exitUsage
	}
	if errors.Is(err, corpus.ErrStoreLost) || errors.Is(err, corpus.ErrStoreDamaged) {
		// The message says what is wrong and what to run; no wrapping.
		fmt.Fprintln(stderr, "错误 (error):", err)
		return exitStoreLost
	}
	var inf inputsFailed
	if errors.As(err, &inf) {
		fmt.Fprintln(stderr, inf.Error())
		return exitInputError
	}
	fmt.Fprintln(stderr, "错误 (error):", err)
	return exitInputError
}

const usage = `planmine — 工作计划/总结分析工具 (work-plan analysis)

用法 (usage):
  planmine serve   [--data DIR] [--db URL] [--addr 127.0.0.1:8080] [--demo] [--token T]  网页界面和 API (web UI and API)
  planmine ingest  [--data DIR] PATH…          导入文件、文件夹、zip (ingest files, folders, zips)
  planmine analyze [--json] PATH…              分析文件，不入库 (analyse without a store)
  planmine reuse   [--json] PATH…              查找复制段落 (find copied passages)
  planmine search  [--data DIR] [--json] [--limit N] QUERY   检索 (search), e.g. 三会一课 type:plan year:2026
  planmine targets [--data DIR] [--format table|csv|xlsx|json] [--output FILE|DIR] [--status 未完成] [filters]  目标台账与完成情况 (targets tracker)
  planmine reindex [--data DIR]                重建检索索引 (rebuild the search index)
  planmine recover [--data DIR] [--force]      从保存的原文件重建数据库 (rebuild a lost or damaged store from the stored originals)
  planmine delete  [--data DIR] ID…            删除文档 (delete documents)
  planmine report  [--data DIR] [--format html|pdf|xlsx] [--output FILE|DIR] ID  查重报告 (copy-check report of one document)
  planmine pairs   [--data DIR] [--format csv|xlsx] [--output FILE|DIR] [--min-score X]  导出全部复用配对 (export every reuse pair)
  planmine backup  [--data DIR] OUT            备份数据目录，服务运行时也可 (back up the data directory, also while serve runs)
  planmine restore [--data DIR] [--force] BACKUP  从备份恢复并重建索引 (restore a backup and rebuild the index)
  planmine migrate [--from sqlite:DIR] --to postgres://… [--force]  把数据目录迁入 PostgreSQL (move a data directory into PostgreSQL)
  planmine eval    [-v] [--check] [--lint] [--corpus DIR] GOLD_DIR   对照标注评估 (quality against gold labels)
  planmine version                             显示版本 (print the version)

带 --data 的命令也接受 --db URL：postgres://… 为多个 serve 副本共享的 PostgreSQL 数据库（--data 存放本机检索索引），sqlite:目录 为内置存储 (commands with --data also take --db URL: postgres://… is a PostgreSQL database shared by serve replicas, --data then holds this replica's search index; sqlite:DIR is the embedded store)

每个命令的选项和示例 (each command's flags and an example): planmine 命令 --help, e.g. planmine ingest --help

环境变量 (environment): PLANMINE_DATA, PLANMINE_DB, PLANMINE_ADDR, PLANMINE_TOKEN, PLANMINE_READ_TOKEN
`

type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{"缺少子命令 (missing command)"}
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "help", "-h", "--help":
		if len(rest) > 0 && commands[rest[0]] != nil {
			// "planmine help ingest" is "planmine ingest --help".
			return run(ctx, []string{rest[0], "--help"}, getenv, stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return nil
	case "--version":
		cmd = "version"
	}
	f, ok := commands[cmd]
	if !ok {
		return usageError{fmt.Sprintf("未知子命令 (unknown command): %s", cmd)}
	}
	err := f(ctx, e, rest)
	var h helpRequested
	if errors.As(err, &h) {
		printHelp(stdout, cmd, h.fs)
		return nil
	}
	return err
}

var commands = map[string]func(context.Context, env, []string) error{
	"analyze": cmdAnalyze,
	"ingest":  cmdIngest,
	"search":  cmdSearch,
	"targets": cmdTargets,
	"reindex": cmdReindex,
	"recover": cmdRecover,
	"serve":   cmdServe,
	"reuse":   cmdReuse,
	"eval":    cmdEval,
	"delete":  cmdDelete,
	"version": cmdVersion,
	"report":  cmdReport,
	"pairs":   cmdPairs,
	"backup":  cmdBackup,
	"restore": cmdRestore,
	"migrate": cmdMigrate,
}
