package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/planmine/planmine/corpus/backend"
	"github.com/planmine/planmine/corpus/search"
	"github.com/planmine/planmine/corpus/sqlite"
)

func cmdBackup(ctx context.Context, e env, args []string) error {
	fs := newFlags("backup", e.stderr)
	data := dataFlag(fs, e)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"backup 需要一个备份目录 OUT (needs one backup folder OUT), e.g. planmine backup --data ./planmine-data 备份/2026-12-05"}
	}
	out := rest[0]
	dir, err := data.embeddedDir("backup")
	if err != nil {
		return err
	}
	if _, err := os.Stat(dir); err != nil {
		return fmt.Errorf("数据目录不存在 (data directory does not exist): %s", dir)
	}
	fmt.Fprintf(e.stderr, "正在为数据库做快照 (taking a snapshot of the database) %s …\n", dir)
	prog := newProgress(e.stderr, "备份原文件 (backing up originals)")
	prog.plain = plainEvery
	m, err := sqlite.Backup(ctx, dir, out, sqlite.BackupOptions{Version: version(), Progress: prog.count})
	prog.done()
	if err != nil {
		return fmt.Errorf("备份失败，未写出备份 (backup failed; nothing was written): %w", err)
	}
	fmt.Fprintf(e.stdout, "备份完成 (backup done): %s — %d 篇文档、%d 个原文件 (%s)，数据库 %s sha256 %s\n",
		out, m.Documents, m.Files, mbs(m.BlobBytes), mbs(m.DB.Size), m.DB.SHA256[:16])
	damaged := 0
	for _, d := range m.Dropped {
		if d.Reason == sqlite.DroppedDeleted {
			fmt.Fprintf(e.stdout, "未备份 (not in the backup) %s：快照后已被删除 (deleted after the snapshot)，%d 篇文档\n", d.Name, d.Documents)
			continue
		}
		damaged++
		fmt.Fprintf(e.stderr, "警告 (warning) %s：数据目录中的原文件缺失或损坏，已从备份中去掉其 %d 篇文档 (its original is missing or damaged in the data directory; its documents were left out)\n", d.Name, d.Documents)
	}
	fmt.Fprintf(e.stdout, "恢复 (restore): planmine restore %s --data 数据目录\n", out)
	if damaged > 0 {
		return fmt.Errorf("备份已写出，但数据目录中有 %d 个原文件缺失或损坏 (the backup was written, but %d original(s) in the data directory are missing or damaged)", damaged, damaged)
	}
	return nil
}

func cmdRestore(ctx context.Context, e env, args []string) error {
	fs := newFlags("restore", e.stderr)
	data := dataFlag(fs, e)
	force := fs.Bool("force", false, "数据目录不为空时也恢复：原有数据移到其中的 .before-restore-时间 目录 (restore into a non-empty data directory; its data is moved aside into .before-restore-TIME inside it)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"restore 需要一个备份目录 BACKUP (needs one backup folder BACKUP), e.g. planmine restore 备份/2026-12-05 --data ./planmine-data"}
	}
	backup := rest[0]
	dir, err := data.embeddedDir("restore")
	if err != nil {
		return err
	}
	// The manifest first: a wrong path changes nothing.
	m, err := sqlite.ReadManifest(backup)
	if err != nil {
		return err
	}
	ents, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("无法读取数据目录 (cannot read the data directory) %s: %w", dir, err)
	}
	if len(ents) > 0 {
		if !*force {
			return fmt.Errorf("数据目录不为空 (the data directory is not empty): %s\n恢复会替换其中的数据；确认请加 --force，原有数据会移到其中的 .before-restore-时间 目录 (restoring replaces its data; add --force to confirm, the old data is moved aside into .before-restore-TIME)", dir)
		}
		if indexInUse(dir) {
			return fmt.Errorf("数据目录正被运行中的 planmine serve 使用，请先停止它 (the data directory is in use by a running planmine serve; stop it first): %s", dir)
		}
	}
	aside := ""
	if len(ents) > 0 {
		if aside, err = moveAside(dir, ents); err != nil {
			return err
		}
	}
	prog := newProgress(e.stderr, "校验并恢复原文件 (checking and restoring originals)")
	prog.plain = plainEvery
	_, err = sqlite.Restore(ctx, backup, dir, prog.count)
	prog.done()
	if err != nil {
		if aside != "" {
			if berr := moveBack(aside, dir); berr != nil {
				return fmt.Errorf("恢复失败 (restore failed): %w；原有数据仍在 (the previous data is still in) %s: %v", err, aside, berr)
			}
		}
		return fmt.Errorf("恢复失败，数据目录未改动 (restore failed; the data directory was not changed): %w", err)
	}
	if aside != "" {
		fmt.Fprintf(e.stdout, "原有数据已移到 (the previous data was moved to) %s，确认恢复无误后可删除 (delete it once the restore is checked)\n", aside)
	}
	// The search index is derived: built from the restored store, with
	// progress. When the backup left out documents deleted during it, the
	// reuse results of their peers are recomputed too.
	st, err := sqlite.Open(ctx, dir)
	if err != nil {
		return err
	}
	iprog := newProgress(e.stderr, "重建索引 (rebuilding index)")
	iprog.plain = plainEvery
	ix, err := search.Open(ctx, filepath.Join(dir, "index"), st, iprog.count)
	iprog.done()
	if err != nil {
		st.Close()
		return fmt.Errorf("重建检索索引失败 (rebuilding the search index failed): %w", err)
	}
	ix.Close()
	st.Close()
	if err := existingData(dir); err != nil {
		return err
	}
	c, err := openTarget(ctx, e, backend.Target{Dir: dir})
	if err != nil {
		return err
	}
	defer c.Close()
	if len(m.Dropped) > 0 {
		rprog := newProgress(e.stderr, "重算查重 (reuse)")
		rprog.plain = plainEvery
		err := c.Rebuild(ctx, rprog.count, nil)
		rprog.done()
		if err != nil {
			return err
		}
	}
	n, err := c.Store.Count(ctx)
	if err != nil {
		return err
	}
	in, err := c.Index.Count()
	if err != nil {
		return err
	}
	if n != m.Documents || in != n {
		return fmt.Errorf("恢复后数据库有 %d 篇、索引 %d 篇，清单为 %d 篇 (after restoring, the store holds %d documents and the index %d; the manifest says %d)", n, in, m.Documents, n, in, m.Documents)
	}
	fmt.Fprintf(e.stdout, "已恢复 (restored) %d 篇文档、%d 个原文件 (%s) 到 %s；备份于 %s，%s；检索索引已重建 (%d documents, %d originals; search index rebuilt)\n",
		m.Documents, m.Files, mbs(m.BlobBytes), dir, m.Created.Local().Format("2006-01-02 15:04:05"), m.Version, m.Documents, m.Files)
	return nil
}

// planmineEntries are what a data directory holds of planmine's: restore
// --force moves these aside, and leaves anything else where it is.
var planmineEntries = map[string]bool{
	sqlite.DBName: true, sqlite.DBName + "-wal": true, sqlite.DBName + "-shm": true, "blobs": true, "index": true,
}

// moveAside moves planmine's entries of dir into dir/.before-restore-TIME
// and returns that folder ("" when there was nothing to move).
func moveAside(dir string, ents []os.DirEntry) (string, error) {
	aside := ""
	for _, en := range ents {
		if !planmineEntries[en.Name()] {
			continue
		}
		if aside == "" {
			var err error
			if aside, err = os.MkdirTemp(dir, ".before-restore-"+time.Now().Format("20060102-150405")+"-"); err != nil {
				return "", fmt.Errorf("无法移开原有数据 (cannot move the old data aside): %w", err)
			}
		}
		if err := os.Rename(filepath.Join(dir, en.Name()), filepath.Join(aside, en.Name())); err != nil {
			return "", fmt.Errorf("无法移开原有数据 (cannot move the old data aside): %w", err)
		}
	}
	return aside, nil
}

// moveBack undoes moveAside after a failed restore.
func moveBack(aside, dir string) error {
	ents, err := os.ReadDir(aside)
	if err != nil {
		return err
	}
	for _, en := range ents {
		if err := os.Rename(filepath.Join(aside, en.Name()), filepath.Join(dir, en.Name())); err != nil {
			return err
		}
	}
	return os.Remove(aside)
}

// mbs formats a byte count: 12.3 MB.
func mbs(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }
