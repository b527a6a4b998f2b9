// Package postgres implements corpus.Store on PostgreSQL (pgx, pure Go): the
// system of record that several planmine replicas share. Each replica keeps
// its own search index and reuse postings as derived data, rebuilt from the
// store and kept current from its change log (the changes table and the
// planmine_changes notifications).
//
// The semantics are the SQLite store's (corpus/storetest proves it): the
// same ids for the same bytes, the same orders and ties, the same folding of
// substring filters. Unlike corpus/sqlite the originals live in the database
// (originals.data), so every replica reads them without a shared disk.
//
// Concurrency: any number of writers, in this process or others. Puts of
// the same bytes are serialised by the originals row (the second waits on
// the first's insert and then finds its documents); every write appends to
// the change log under one transaction-scoped advisory lock taken just
// before commit, so sequence numbers are in commit order.
package postgres

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Channel is the notification channel of the change log; the payload is
// the last sequence number the notifying transaction wrote.
const Channel = "planmine_changes"

// Advisory lock keys (pg_advisory_xact_lock): one for migrations, one for
// appending to the change log. Arbitrary constants ("planmine" in ASCII,
// then 1 and 2).
const (
	lockMigrate = 0x706c616e6d696e01
	lockChanges = 0x706c616e6d696e02
	lockJobs    = 0x706c616e6d696e03
)

// Change log operations.
const (
	OpPut    = "put"
	OpDelete = "delete"
	OpReuse  = "reuse"
)

// DB is the PostgreSQL corpus store.
type DB struct {
	pool *pgxpool.Pool
}

var _ corpus.Store = (*DB)(nil)

// Open connects to the database dsn names (a postgres:// URL or key=value
// string) and applies the migrations not yet applied.
func Open(ctx context.Context, dsn string) (*DB, error) {
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("连接数据库失败 (connect database): %w", err)
	}
	db := &DB{pool: pool}
	if err := db.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return db, nil
}

// Close closes the connection pool.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// migrate applies the embedded numbered migrations not yet recorded in
// schema_migrations, all in one transaction under an advisory lock: replicas
// starting together wait for the first, then find nothing left to do.
func (db *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	slices.Sort(names)
	err = pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(lockMigrate)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
			return err
		}
		for _, name := range names {
			base := path.Base(name)
			num, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
			if err != nil {
				return fmt.Errorf("bad migration name %s: %w", base, err)
			}
			var done bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version=$1)`, num).Scan(&done); err != nil {
				return err
			}
			if done {
				continue
			}
			body, err := migrations.ReadFile(name)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", base, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations(version, name) VALUES($1, $2)`, num, base); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("数据库迁移失败 (migrate): %w", err)
	}
	return nil
}

// SchemaVersion returns the highest applied migration.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.pool.QueryRow(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// DocID is corpus.DocID: every store gives the same ids to the same bytes.
func DocID(sha string, part int) string { return corpus.DocID(sha, part) }

// logChanges appends one change per id (a nil ids slice: one row with no
// document) and notifies the replicas at commit. It takes the change-log
// lock, held to the end of the transaction, so call it last: sequence
// numbers are then handed out in commit order, and a replica that has read
// up to seq n never sees a smaller one commit later.
func logChanges(ctx context.Context, tx pgx.Tx, op string, ids []string) error {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(lockChanges)); err != nil {
		return err
	}
	var arg any = ids
	if ids == nil {
		arg = []*string{nil}
	}
	if _, err := tx.Exec(ctx, `WITH c AS (INSERT INTO changes(doc_id, op) SELECT unnest($1::text[]), $2 RETURNING seq)
		SELECT pg_notify($3, max(seq)::text) FROM c`, arg, op, Channel); err != nil {
		return fmt.Errorf("记录变更失败 (log change): %w", err)
	}
	return nil
}

// Put implements corpus.Store: PutFiles of one file.
func (db *DB) Put(ctx context.Context, original []byte, name string, docs []doc.Document) (corpus.PutResult, error) {
	return db.putOne(ctx, corpus.File{Name: name, Original: original, Docs: docs}, nil)
}

func insertDoc(ctx context.Context, tx pgx.Tx, sha string, d doc.Document, ts time.Time) error {
	text := d.Text
	d.Text = "" // kept once, in its own column
	js, err := json.Marshal(d)
	if err != nil {
		return err
	}
	var org, orgF *string
	if d.Org != nil {
		f := fold.Text(*d.Org)
		org, orgF = d.Org, &f
	}
	if _, err := tx.Exec(ctx, `INSERT INTO documents(id,file_sha,part,source,title,title_folded,doc_type,year,org,org_folded,
		date,script,text,text_folded,analysis_json,placeholders,created_at)
		VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)`,
		d.ID, sha, d.Part, d.Source, d.Title, fold.Text(d.Title), orDefault(d.DocType, doc.TypeOther), d.Year, org, orgF,
		d.Date, orDefault(d.Script, doc.ScriptSimplified), text, fold.Text(text), js, len(d.Placeholders), ts); err != nil {
		return err
	}
	if len(d.Targets) > 0 {
		rows := make([][]any, len(d.Targets))
		for i, t := range d.Targets {
			sec, _ := json.Marshal(orEmpty(t.Section))
			rows[i] = []any{d.ID, i, t.Metric, fold.Text(t.Metric), t.Cmp, t.Value, t.ValueMax, t.Unit, t.Period,
				t.Deadline, t.Kind, string(sec), t.Text, t.Start, t.End}
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"targets"}, []string{"doc_id", "ord", "metric", "metric_folded", "cmp",
			"value", "value_max", "unit", "period", "deadline", "kind", "section", "clause", "start", "end"},
			pgx.CopyFromRows(rows)); err != nil {
			return err
		}
	}
	if len(d.Slogans) > 0 {
		rows := make([][]any, len(d.Slogans))
		for i, s := range d.Slogans {
			rows[i] = []any{d.ID, i, s.Text, fold.Text(s.Text), s.Kind, s.Count}
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"slogans"}, []string{"doc_id", "ord", "text", "folded", "kind", "count"},
			pgx.CopyFromRows(rows)); err != nil {
			return err
		}
	}
	if len(d.People) > 0 {
		rows := make([][]any, len(d.People))
		for i, p := range d.People {
			rows[i] = []any{d.ID, i, p.Role, p.Name}
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"people"}, []string{"doc_id", "ord", "role", "name"},
			pgx.CopyFromRows(rows)); err != nil {
			return err
		}
	}
	return nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// queryer is a pool, a connection or a transaction.
type queryer interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

func fileDocIDs(ctx context.Context, q queryer, sha string) ([]string, error) {
	rows, err := q.Query(ctx, `SELECT id FROM documents WHERE file_sha=$1 ORDER BY part`, sha)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
