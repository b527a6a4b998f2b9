package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/planmine/planmine/corpus/recovery"
)

func cmdRecover(ctx context.Context, e env, args []string) error {
	fs := newFlags("recover", e.stderr)
	data := dataFlag(fs, e)
	force := fs.Bool("force", false, "数据库完好时也从原文件重建 (rebuild even when the store passes its checks)")
	if rest, err := parse(fs, args); err != nil {
		return err
	} else if len(rest) > 0 {
		return usageError{fmt.Sprintf("recover 不接受位置参数 (unexpected argument): %s", rest[0])}
	}
	dir, err := data.embeddedDir("recover")
	if err != nil {
		return err
	}
	if _, err := os.Stat(dir); err != nil {
		return fmt.Errorf("数据目录不存在 (data directory does not exist): %s", dir)
	}
	if indexInUse(dir) {
		// Recovery moves the database and index aside: a running server
		// would go on writing into the moved files and lose those writes.
		return fmt.Errorf("数据目录正被运行中的 planmine serve 使用，请先停止它 (the data directory is in use by a running planmine serve; stop it first): %s", dir)
	}
	lg := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	prog := newProgress(e.stderr, "恢复 (recover)")
	prog.plain = plainEvery
	rep, err := recovery.Run(ctx, dir, recovery.Options{
		Force:  *force,
		Logger: lg,
		Progress: func(done, total int, name string) {
			prog.setTotal(total)
			prog.step(name)
		},
		Failed: func(name string, err error) {
			prog.clear()
			fmt.Fprintf(e.stderr, "失败 (failed) %s: %v\n", name, err)
		},
	})
	prog.done()
	if rep.Aside != "" {
		fmt.Fprintf(e.stdout, "旧数据库和索引已移到 %s，未删除；确认恢复无误后可自行删除 (the old database and index were moved to %s, not deleted; remove them once the recovery looks right)\n", rep.Aside, rep.Aside)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "完成 (done): 从 %d 个原文件恢复 %d 个文件、%d 篇文档 (files, documents recovered from %d originals)，失败 %d (failed)\n",
		rep.Originals, rep.Files, rep.Documents, rep.Originals, len(rep.Failed))
	if rep.Unnamed > 0 {
		fmt.Fprintf(e.stdout, "其中 %d 个原文件没有记录文件名（早于此版本保存）：%d 个从旧数据库、%d 个从旧索引找回文件名，%d 个以 SHA-256 和类型命名 "+
			"(%d originals had no recorded name, being stored by an earlier version: %d named from the old database, %d from the old index, %d after their SHA-256 and type)\n",
			rep.Unnamed, rep.NamedFromDB, rep.NamedFromIndex, rep.Unnamed-rep.NamedFromDB-rep.NamedFromIndex,
			rep.Unnamed, rep.NamedFromDB, rep.NamedFromIndex, rep.Unnamed-rep.NamedFromDB-rep.NamedFromIndex)
	}
	if len(rep.Failed) > 0 {
		return inputsFailed{len(rep.Failed)}
	}
	return nil
}
