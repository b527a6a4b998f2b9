package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/planmine/planmine/corpus/migrate"
	"github.com/planmine/planmine/corpus/postgres"
	"github.com/planmine/planmine/corpus/sqlite"
)

// migrateHelp is the part of planmine migrate --help that says what is
// safe: printed after the flags by printHelp's summary.
const migrateHelp = "把数据目录（SQLite）中的语料原样迁入 PostgreSQL：原文件及文件名和上传时间、文档（编号、分篇、全部分析结果）、查重分数和复用配对；" +
	"可重复运行：目标中已有的文件跳过，相同的结果不重写，中断后再运行即可续完；最后核对两边的数量和校验和。" +
	"目标中有源里没有的文档时拒绝，除非加 --force：那时保留目标原有文档，迁入的文档沿用源的查重结果，须 planmine reindex 重新计算才会计入两边的文档。" +
	"源不被修改；serve 运行时也可迁移，迁移期间的新上传再运行一次即可补上。 " +
	"(copy the embedded corpus of a data directory into PostgreSQL exactly: originals with names and upload times, documents with ids, parts and full analysis, reuse scores, covers and pairs. " +
	"Safe to run again: files already in the target are skipped and equal results are not rewritten, so an interrupted run resumes; it ends by comparing counts and a hash of both sides. " +
	"A target that holds documents the source does not is refused unless --force, which keeps them and gives the migrated documents the source's reuse results until planmine reindex recomputes them over both. " +
	"The source is only read; it may run beside planmine serve, and a second run copies uploads made meanwhile.)"

func cmdMigrate(ctx context.Context, e env, args []string) error {
	fs := newFlags("migrate", e.stderr)
	from := fs.String("from", envDefault(e.getenv, "PLANMINE_DATA", defaultDataDir), "源：sqlite:DIR 或数据目录 (source: sqlite:DIR or a data directory)")
	to := fs.String("to", "", "目标：postgres://… 连接串 (target: a postgres:// URL)")
	force := fs.Bool("force", false, "目标已有其他文档时合并进去 (merge into a target that holds other documents)")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usageError{fmt.Sprintf("migrate 不接受位置参数 (unexpected argument): %s", rest[0])}
	}
	dir := strings.TrimPrefix(*from, "sqlite:")
	if strings.Contains(dir, "://") {
		return usageError{fmt.Sprintf("--from 只接受 sqlite:DIR 或数据目录 (--from takes sqlite:DIR or a data directory): %s", *from)}
	}
	if !strings.HasPrefix(*to, "postgres://") && !strings.HasPrefix(*to, "postgresql://") {
		return usageError{"--to 需要 postgres://… 连接串 (--to needs a postgres:// URL)"}
	}
	if err := existingData(dir); err != nil {
		return err
	}
	src, err := sqlite.Open(ctx, dir)
	if err != nil {
		return fmt.Errorf("打开数据目录失败 (open data dir) %s: %w", dir, err)
	}
	defer src.Close()
	dst, err := postgres.Open(ctx, *to)
	if err != nil {
		return err
	}
	defer dst.Close()

	labels := map[string]string{
		migrate.PhaseDocuments: "迁移文档 (documents)",
		migrate.PhaseReuse:     "迁移查重结果 (reuse)",
		migrate.PhaseVerify:    "校验 (verify)",
	}
	var prog *progress
	phase := ""
	rep, err := migrate.Run(ctx, src, dst, migrate.Options{Force: *force, Progress: func(ph string, done, total int) {
		if ph != phase {
			if prog != nil {
				prog.done()
			}
			phase = ph
			prog = newProgress(e.stderr, labels[ph])
			prog.plain = plainEvery
		}
		prog.count(done, total)
	}})
	if prog != nil {
		prog.done()
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "完成 (done): %d 个文件、%d 篇文档；新迁入 %d 个文件 %d 篇，已存在 %d 个；写入查重分数 %d 篇、复用对 %d 个 "+
		"(files, documents; copied files and documents, already there; reuse scores and pairs written)\n",
		rep.Files, rep.Documents, rep.Copied, rep.CopiedDocs, rep.Skipped, rep.Scores, rep.Pairs)
	if rep.Others > 0 {
		fmt.Fprintf(e.stdout, "目标另有 %d 篇源中没有的文档，已保留；运行 planmine reindex 重新计算查重结果 (the target holds %d other documents, kept; run planmine reindex to recompute reuse over all)\n",
			rep.Others, rep.Others)
	}
	fmt.Fprintf(e.stdout, "校验一致 (verified): %d 篇文档、%d 个文件、%d 个复用对，校验和 (hash) %s\n",
		rep.Verified.Documents, rep.Verified.Files, rep.Verified.Pairs, rep.Verified.Hash[:16])
	return nil
}
