package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/planmine/planmine/corpus"
)

// Check looks at the store in the data dir before it is opened, and
// refuses what opening would make worse:
//
//   - the database is missing, empty or truncated to nothing while the
//     originals (blobs) or the search index are still there: opening would
//     start an empty corpus and the index would be emptied to match it
//     (corpus.ErrStoreLost);
//   - the database fails SQLite's quick_check, or is not a database at all
//     (corpus.ErrStoreDamaged).
//
// A new data dir (nothing in it) passes. Both refusals name the way out:
// planmine recover, or a backup.
//
// quick_check reads every page, so its cost grows with the database. On
// corpora built by planmine ingest of synthetic plans (2-core machine at
// load 8–12, page cache warm or partly so): 2,650 documents, 580 MB: 1.2–3.6 s;
// 13,229 documents, 5.5 GB: 6.8–18.5 s (integrity_check: 22 s). Too much
// for every `planmine search`, so it runs only when the file changed since
// the last open whose check passed (checkStamp; the unchanged case costs
// two stats and a small read): a read-only command after a check, or a
// second serve start, skips it; the first open after a write session or a
// restore pays it once.
func Check(ctx context.Context, dir string) error {
	path := filepath.Join(dir, DBName)
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return lostIfLeftovers(dir, "缺失", "is missing")
	case err != nil:
		return fmt.Errorf("读取数据库失败 (stat database) %s: %w", path, err)
	case info.Size() == 0:
		return lostIfLeftovers(dir, "为空（0 字节）", "is empty (0 bytes)")
	}
	stamp, fresh := unchangedSinceCheck(dir, info)
	if fresh {
		return nil // checked and found whole, and no byte written since
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		return damaged(dir, err.Error())
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if problems, err := quickCheck(ctx, db); err != nil {
		if isDamage(err) {
			return damaged(dir, err.Error())
		}
		return fmt.Errorf("检查数据库失败 (check database) %s: %w", path, err)
	} else if len(problems) > 0 {
		return damaged(dir, strings.Join(problems, "; "))
	}
	var n int
	err = db.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&n)
	if err != nil && !strings.Contains(err.Error(), "no such table") {
		if isDamage(err) {
			return damaged(dir, err.Error())
		}
		return fmt.Errorf("检查数据库失败 (check database) %s: %w", path, err)
	}
	if n > 0 {
		writeStamp(dir, stamp)
		return nil
	}
	// A database with no document beside originals was emptied or made
	// anew (a start on a deleted database before this check existed).
	// Only the originals count here: the index folder of an emptied
	// corpus is still there.
	blobs, err := countBlobs(dir)
	if err != nil || blobs == 0 {
		return err
	}
	return lost(dir, "中没有任何文档", "holds no document", blobs, false)
}

// quickCheck runs PRAGMA quick_check and returns its complaints (none when
// it answers ok), at most five.
func quickCheck(ctx context.Context, db *sql.DB) ([]string, error) {
	lines, err := queryIDs(ctx, db, `PRAGMA quick_check(5)`)
	var out []string
	for _, l := range lines {
		if l != "ok" {
			out = append(out, l)
		}
	}
	return out, err
}

// isDamage reports whether a SQLite error says the file is damaged.
func isDamage(err error) bool {
	s := err.Error()
	return strings.Contains(s, "malformed") || strings.Contains(s, "not a database") ||
		strings.Contains(s, "SQLITE_CORRUPT") || strings.Contains(s, "SQLITE_NOTADB") ||
		strings.Contains(s, "(11)") || strings.Contains(s, "(26)")
}

// lostIfLeftovers refuses a missing or empty database when originals or a
// search index remain beside it.
func lostIfLeftovers(dir, zhWhat, enWhat string) error {
	blobs, err := countBlobs(dir)
	if err != nil {
		return err
	}
	index := false
	if es, err := os.ReadDir(filepath.Join(dir, "index")); err == nil && len(es) > 0 {
		index = true
	}
	if blobs == 0 && !index {
		return nil
	}
	return lost(dir, zhWhat, enWhat, blobs, index)
}

func countBlobs(dir string) (int, error) {
	n := 0
	err := walkBlobs(filepath.Join(dir, "blobs"), func(Blob) error {
		n++
		return nil
	})
	return n, err
}

// lost is the refusal of a lost database; zhWhat and enWhat say what
// became of it.
func lost(dir, zhWhat, enWhat string, blobs int, index bool) error {
	var zh, en []string
	if blobs > 0 {
		zh = append(zh, fmt.Sprintf("%d 个原文件", blobs))
		en = append(en, fmt.Sprintf("%d original files", blobs))
	}
	if index {
		zh = append(zh, "搜索索引")
		en = append(en, "a search index")
	}
	return fmt.Errorf("%w: %s 中的数据库 %s %s，但目录中还有 %s；为免清空索引、丢失文档，planmine 不启动。"+
		"请运行 planmine recover --data %s 从原文件重建数据库，或从备份恢复 %s "+
		"(the database %s %s, but the directory still holds %s; planmine will not start on an empty store, "+
		"which would empty the index. Run planmine recover --data %s to rebuild the store from the originals, or restore %s from a backup)",
		corpus.ErrStoreLost, dir, DBName, zhWhat, strings.Join(zh, "和"), dir, filepath.Join(dir, DBName),
		filepath.Join(dir, DBName), enWhat, strings.Join(en, " and "), dir, filepath.Join(dir, DBName))
}

// damaged is the refusal of a database that fails its check; detail is
// SQLite's complaint, cut to its first three lines.
func damaged(dir, detail string) error {
	db := filepath.Join(dir, DBName)
	lines := strings.FieldsFunc(detail, func(r rune) bool { return r == '\n' })
	if len(lines) > 3 {
		lines = append(lines[:3], "…")
	}
	detail = strings.Join(lines, "; ")
	return fmt.Errorf("%w: %s 未通过完整性检查（%s），planmine 不启动。请运行 planmine recover --data %s 从原文件重建数据库"+
		"（损坏的数据库会移到一旁保留，不会删除），或从备份恢复 %s "+
		"(%s fails its integrity check; planmine will not start on it. Run planmine recover --data %s to rebuild "+
		"the store from the originals (the damaged database is moved aside, not deleted), or restore %s from a backup)",
		corpus.ErrStoreDamaged, db, detail, dir, db, db, dir, db)
}

// StampName is the file beside the database that records the database
// file as it was when quick_check last passed.
const StampName = DBName + ".checked"

// checkStamp identifies the database file's bytes without reading them:
// any write moves mtime and ctime, a copy or restore changes the inode and
// ctime. Bit rot that changes none of them goes unseen until the next write.
type checkStamp struct {
	Size  int64  `json:"size"`
	Mtime int64  `json:"mtime_ns"`
	Ctime int64  `json:"ctime_ns"`
	Inode uint64 `json:"inode"`
}

// unchangedSinceCheck returns the stamp of the database file now and
// whether it equals the one recorded after the last passing check. A WAL
// with content always needs the check (its pages are part of the store).
func unchangedSinceCheck(dir string, info os.FileInfo) (checkStamp, bool) {
	now, ok := stampOf(info)
	if !ok {
		return now, false
	}
	if st, err := os.Stat(filepath.Join(dir, DBName+"-wal")); err == nil && st.Size() > 0 {
		return now, false
	}
	b, err := os.ReadFile(filepath.Join(dir, StampName))
	if err != nil {
		return now, false
	}
	var was checkStamp
	if json.Unmarshal(b, &was) != nil {
		return now, false
	}
	return now, was == now
}

// writeStamp records a passing check; failing to is harmless (the next
// open checks again).
func writeStamp(dir string, st checkStamp) {
	if st.Inode == 0 {
		return
	}
	b, _ := json.Marshal(st)
	_ = writeSynced(filepath.Join(dir, StampName), b)
}
