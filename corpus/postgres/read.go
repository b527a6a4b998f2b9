package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
)

// Get implements corpus.Store.
func (db *DB) Get(ctx context.Context, id string) (*doc.Document, error) {
	var js []byte
	var text string
	err := db.pool.QueryRow(ctx, `SELECT analysis_json, text FROM documents WHERE id=$1`, id).Scan(&js, &text)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("%w: %s", corpus.ErrNotFound, id)
	}
	if err != nil {
		return nil, err
	}
	return decode(id, js, text)
}

// GetMany reads the documents of ids that exist in one query (a replica
// following the change log reads other replicas' documents this way).
func (db *DB) GetMany(ctx context.Context, ids []string) (map[string]*doc.Document, error) {
	out := make(map[string]*doc.Document, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.pool.Query(ctx, `SELECT id, analysis_json, text FROM documents WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	var id, text string
	var js []byte
	_, err = pgx.ForEachRow(rows, []any{&id, &js, &text}, func() error {
		d, err := decode(id, js, text)
		if err != nil {
			return err
		}
		out[id] = d
		return nil
	})
	return out, err
}

// Unaligned lists the documents whose reuse cover was never written: their
// writer has not aligned them yet, or stopped before it did.
func (db *DB) Unaligned(ctx context.Context) ([]string, error) {
	rows, err := db.pool.Query(ctx, `SELECT id FROM documents WHERE reuse_cover IS NULL ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("读取未查重文档失败 (read unaligned documents): %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

func decode(id string, js []byte, text string) (*doc.Document, error) {
	var d doc.Document
	if err := json.Unmarshal(js, &d); err != nil {
		return nil, fmt.Errorf("解析存储的文档失败 (decode stored document) %s: %w", id, err)
	}
	d.Text = text
	return &d, nil
}

// Original implements corpus.Store. The file is read in a second query,
// not a join: files are keyed by hash, documents by id (see the schema).
func (db *DB) Original(ctx context.Context, id string) (string, []byte, error) {
	var sha string
	err := db.pool.QueryRow(ctx, `SELECT file_sha FROM documents WHERE id=$1`, id).Scan(&sha)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil, fmt.Errorf("%w: %s", corpus.ErrNotFound, id)
	}
	if err != nil {
		return "", nil, err
	}
	var name string
	var data []byte
	err = db.pool.QueryRow(ctx, `SELECT f.name, o.data FROM files f JOIN originals o ON o.sha256=f.sha256
		WHERE f.sha256=$1`, sha).Scan(&name, &data)
	if errors.Is(err, pgx.ErrNoRows) { // deleted in between
		return "", nil, fmt.Errorf("%w: %s", corpus.ErrNotFound, id)
	}
	if err != nil {
		return "", nil, fmt.Errorf("读取原文件失败 (read original) %s: %w", id, err)
	}
	return name, data, nil
}

// Delete implements corpus.Store. The file row and original go with the
// last part; the file row's lock orders deletes of parts of one file.
func (db *DB) Delete(ctx context.Context, id string) error {
	return pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		var sha string
		err := tx.QueryRow(ctx, `SELECT file_sha FROM documents WHERE id=$1`, id).Scan(&sha)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("%w: %s", corpus.ErrNotFound, id)
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `SELECT 1 FROM files WHERE sha256=$1 FOR UPDATE`, sha); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM documents WHERE id=$1`, id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 { // a concurrent delete won
			return fmt.Errorf("%w: %s", corpus.ErrNotFound, id)
		}
		// Rows where it is a are gone with it (foreign key); b has none.
		if _, err := tx.Exec(ctx, `DELETE FROM reuse_pairs WHERE b=$1`, id); err != nil {
			return err
		}
		var left bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE file_sha=$1)`, sha).Scan(&left); err != nil {
			return err
		}
		if !left {
			if _, err := tx.Exec(ctx, `DELETE FROM files WHERE sha256=$1`, sha); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `DELETE FROM originals WHERE sha256=$1`, sha); err != nil {
				return err
			}
		}
		return logChanges(ctx, tx, OpDelete, []string{id})
	})
}

// likeArg escapes a user substring for ILIKE (whose escape is \).
func likeArg(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// where collects the conditions of a query and their numbered arguments.
type where struct {
	conds []string
	args  []any
}

// add appends cond with each ? replaced by the next $n.
func (w *where) add(cond string, args ...any) {
	for _, a := range args {
		w.args = append(w.args, a)
		cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(w.args)), 1)
	}
	w.conds = append(w.conds, cond)
}

// arg appends an argument outside the conditions and returns its $n.
func (w *where) arg(a any) string {
	w.args = append(w.args, a)
	return "$" + strconv.Itoa(len(w.args))
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// List implements corpus.Store.
func (db *DB) List(ctx context.Context, f corpus.ListFilter) ([]corpus.DocSummary, int, error) {
	var w where
	if f.Type != "" {
		w.add("doc_type=?", f.Type)
	}
	if f.Year != 0 {
		w.add("year=?", f.Year)
	}
	if f.Org != "" {
		w.add(`org_folded ILIKE ?`, likeArg(fold.Text(f.Org)))
	}
	if f.Q != "" {
		q := likeArg(fold.Text(f.Q))
		w.add(`(title_folded ILIKE ? OR text_folded ILIKE ?)`, q, q)
	}
	if f.MinReuse > 0 {
		w.add("reuse_score>=?", f.MinReuse)
	}
	if len(f.IDs) > 0 {
		w.add("id = ANY(?)", f.IDs)
	}
	cond := w.String()
	var total int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM documents`+cond, w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	order := map[string]string{
		corpus.SortReuse: "reuse_score DESC, id",
		corpus.SortYear:  "year DESC NULLS LAST, id", // SQLite puts NULL last in DESC
		corpus.SortTitle: "title, id",
	}[f.Sort]
	if order == "" {
		order = "created_at DESC, id"
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	q := `SELECT id,source,part,title,doc_type,year,org,reuse_score,placeholders FROM documents` + cond +
		` ORDER BY ` + order + ` LIMIT ` + w.arg(limit) + ` OFFSET ` + w.arg(max(f.Offset, 0))
	rows, err := db.pool.Query(ctx, q, w.args...)
	if err != nil {
		return nil, 0, err
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (corpus.DocSummary, error) {
		var s corpus.DocSummary
		err := r.Scan(&s.ID, &s.Source, &s.Part, &s.Title, &s.DocType, &s.Year, &s.Org, &s.ReuseScore, &s.Placeholders)
		return s, err
	})
	if err != nil {
		return nil, 0, err
	}
	if out == nil {
		out = []corpus.DocSummary{}
	}
	return out, total, nil
}

// Targets implements corpus.Store.
func (db *DB) Targets(ctx context.Context, f corpus.TargetFilter) ([]corpus.TargetRow, int, error) {
	var w where
	if f.Metric != "" {
		w.add(`t.metric_folded ILIKE ?`, likeArg(fold.Text(f.Metric)))
	}
	if f.Unit != "" {
		w.add("t.unit=?", f.Unit)
	}
	if f.Cmp != "" {
		w.add("t.cmp=?", f.Cmp)
	}
	if f.Min != nil {
		// A range target qualifies when any part of it reaches Min.
		w.add("coalesce(t.value_max, t.value)>=?", *f.Min)
	}
	if f.Max != nil {
		w.add("t.value<=?", *f.Max)
	}
	if f.Period != "" {
		w.add("t.period=?", f.Period)
	}
	if f.Kind != "" {
		w.add("t.kind=?", f.Kind)
	}
	if f.Year != 0 {
		w.add("d.year=?", f.Year)
	}
	if len(f.Years) > 0 {
		w.add("d.year = ANY(?)", f.Years)
	}
	if f.Org != "" {
		w.add(`d.org_folded ILIKE ?`, likeArg(fold.Text(f.Org)))
	}
	if f.DocType != "" {
		w.add("d.doc_type=?", f.DocType)
	}
	if f.DocID != "" {
		w.add("t.doc_id=?", f.DocID)
	}
	if len(f.DocIDs) > 0 {
		w.add("t.doc_id = ANY(?)", f.DocIDs)
	}
	cond := w.String()
	from := ` FROM targets t JOIN documents d ON d.id=t.doc_id`
	var total int
	if err := db.pool.QueryRow(ctx, `SELECT count(*)`+from+cond, w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	var limit any = f.Limit // nil: LIMIT NULL, no limit
	if f.Limit == 0 {
		limit = 100
	} else if f.Limit < 0 {
		limit = nil
	}
	q := `SELECT t.doc_id,d.source,d.part,d.title,d.org,d.year,d.doc_type,
		t.clause,t.metric,t.cmp,t.value,t.value_max,t.unit,t.period,t.deadline,t.kind,t.section,t.start,t."end"` +
		from + cond + ` ORDER BY d.created_at, t.doc_id, t.ord LIMIT ` + w.arg(limit) + `::bigint OFFSET ` + w.arg(max(f.Offset, 0))
	rows, err := db.pool.Query(ctx, q, w.args...)
	if err != nil {
		return nil, 0, err
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (corpus.TargetRow, error) {
		var r corpus.TargetRow
		var sec string
		if err := row.Scan(&r.DocID, &r.Source, &r.Part, &r.Title, &r.Org, &r.Year, &r.DocType,
			&r.Text, &r.Metric, &r.Cmp, &r.Value, &r.ValueMax, &r.Unit, &r.Period, &r.Deadline, &r.Kind, &sec, &r.Start, &r.End); err != nil {
			return r, err
		}
		if err := json.Unmarshal([]byte(sec), &r.Section); err != nil {
			r.Section = nil
		}
		return r, nil
	})
	if err != nil {
		return nil, 0, err
	}
	if out == nil {
		out = []corpus.TargetRow{}
	}
	return out, total, nil
}

// Slogans implements corpus.Store.
func (db *DB) Slogans(ctx context.Context) ([]corpus.SloganCount, error) {
	rows, err := db.pool.Query(ctx, `SELECT folded, kind, count(DISTINCT doc_id), sum(count) FROM slogans
		GROUP BY folded, kind ORDER BY 3 DESC, 4 DESC, folded, kind`)
	if err != nil {
		return nil, err
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (corpus.SloganCount, error) {
		var s corpus.SloganCount
		err := r.Scan(&s.Text, &s.Kind, &s.Docs, &s.Count)
		return s, err
	})
	if out == nil && err == nil {
		out = []corpus.SloganCount{}
	}
	return out, err
}

// All implements corpus.Store. It pages by id so no transaction stays open
// across fn calls (fn may be slow: indexing).
func (db *DB) All(ctx context.Context, fn func(doc.Document) error) error {
	last := ""
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		rows, err := db.pool.Query(ctx, `SELECT id, analysis_json, text FROM documents WHERE id>$1 ORDER BY id LIMIT 500`, last)
		if err != nil {
			return err
		}
		page, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (doc.Document, error) {
			var id, text string
			var js []byte
			if err := r.Scan(&id, &js, &text); err != nil {
				return doc.Document{}, err
			}
			d, err := decode(id, js, text)
			if err != nil {
				return doc.Document{}, err
			}
			return *d, nil
		})
		if err != nil {
			return err
		}
		for _, d := range page {
			if err := fn(d); err != nil {
				return err
			}
			last = d.ID
		}
		if len(page) < 500 {
			return nil
		}
	}
}

// IDs implements corpus.Store.
func (db *DB) IDs(ctx context.Context) ([]string, error) {
	rows, err := db.pool.Query(ctx, `SELECT id FROM documents ORDER BY id`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// Count implements corpus.Store.
func (db *DB) Count(ctx context.Context) (int, error) {
	var n int
	err := db.pool.QueryRow(ctx, `SELECT count(*) FROM documents`).Scan(&n)
	return n, err
}

// Texts implements corpus.Store.
func (db *DB) Texts(ctx context.Context, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.pool.Query(ctx, `SELECT id, text FROM documents WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	var id, text string
	_, err = pgx.ForEachRow(rows, []any{&id, &text}, func() error {
		out[id] = text
		return nil
	})
	return out, err
}
