package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/planmine/planmine/corpus"
)

// SetReuse implements corpus.Store.
func (db *DB) SetReuse(ctx context.Context, docID string, score float64, pairsJSON []byte) error {
	return pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE documents SET reuse_score=$1, reuse_json=$2 WHERE id=$3`, score, pairsJSON, docID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("%w: %s", corpus.ErrNotFound, docID)
		}
		return logChanges(ctx, tx, OpReuse, []string{docID})
	})
}

// Reuse implements corpus.Store.
func (db *DB) Reuse(ctx context.Context, docID string) (float64, []byte, error) {
	var score float64
	var js []byte
	err := db.pool.QueryRow(ctx, `SELECT reuse_score, reuse_json FROM documents WHERE id=$1`, docID).Scan(&score, &js)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil, fmt.Errorf("%w: %s", corpus.ErrNotFound, docID)
	}
	return score, js, err
}

// PutReusePairs implements corpus.Store.
func (db *DB) PutReusePairs(ctx context.Context, pairs []corpus.ReusePair) error {
	return pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		touched, err := putPairs(ctx, tx, pairs)
		if err != nil {
			return err
		}
		if len(touched) == 0 {
			return nil
		}
		return logChanges(ctx, tx, OpReuse, touched)
	})
}

// putPairs upserts pairs (A < B; for a pair given twice the last wins, as
// one statement cannot update a row twice) and returns the documents
// involved. Every document must exist (corpus.ErrNotFound): they are read
// FOR SHARE, so a concurrent Delete waits and no pair outlives its document.
func putPairs(ctx context.Context, tx pgx.Tx, pairs []corpus.ReusePair) ([]string, error) {
	if len(pairs) == 0 {
		return nil, nil
	}
	type key struct{ a, b string }
	idx := map[key]int{}
	var as, bs []string
	var scores []float64
	var passages [][]byte
	for _, p := range pairs {
		a, b := p.A, p.B
		if b < a {
			a, b = b, a
		}
		if i, ok := idx[key{a, b}]; ok {
			scores[i], passages[i] = p.Score, corpus.EncodePairRow(p)
			continue
		}
		idx[key{a, b}] = len(as)
		as, bs = append(as, a), append(bs, b)
		scores, passages = append(scores, p.Score), append(passages, corpus.EncodePairRow(p))
	}
	ids := slices.Concat(as, bs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if err := mustExist(ctx, tx, ids); err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO reuse_pairs(a, b, score, passages_json)
		SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::bytea[])
		ON CONFLICT (a, b) DO UPDATE SET score=excluded.score, passages_json=excluded.passages_json`,
		as, bs, scores, passages); err != nil {
		return nil, fmt.Errorf("保存复用对失败 (store reuse pairs): %w", err)
	}
	return ids, nil
}

// mustExist locks the documents ids (sorted, distinct) FOR SHARE and
// fails with corpus.ErrNotFound naming one that is not stored.
func mustExist(ctx context.Context, tx pgx.Tx, ids []string) error {
	rows, err := tx.Query(ctx, `SELECT id FROM documents WHERE id = ANY($1) ORDER BY id FOR SHARE`, ids)
	if err != nil {
		return err
	}
	found, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	if len(found) == len(ids) {
		return nil
	}
	for _, id := range ids {
		if _, ok := slices.BinarySearch(found, id); !ok {
			return fmt.Errorf("%w: %s", corpus.ErrNotFound, id)
		}
	}
	return nil
}

// setScores stores the updates' scores and covers (the last of an id
// given twice wins) and returns the ids; all must exist.
func setScores(ctx context.Context, tx pgx.Tx, ups []corpus.ReuseUpdate) ([]string, error) {
	if len(ups) == 0 {
		return nil, nil
	}
	idx := map[string]int{}
	var ids []string
	var scores []float64
	var covers [][]byte
	for _, u := range ups {
		if i, ok := idx[u.DocID]; ok {
			scores[i], covers[i] = u.Score, u.Cover
			continue
		}
		idx[u.DocID] = len(ids)
		ids, scores, covers = append(ids, u.DocID), append(scores, u.Score), append(covers, u.Cover)
	}
	tag, err := tx.Exec(ctx, `UPDATE documents d SET reuse_score=u.score, reuse_cover=u.cover
		FROM unnest($1::text[], $2::float8[], $3::bytea[]) AS u(id, score, cover) WHERE d.id=u.id`, ids, scores, covers)
	if err != nil {
		return nil, fmt.Errorf("保存复用结果失败 (store reuse): %w", err)
	}
	if int(tag.RowsAffected()) != len(ids) {
		sorted := slices.Sorted(slices.Values(ids))
		if err := mustExist(ctx, tx, sorted); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("保存复用结果失败 (store reuse): %d of %d updated", tag.RowsAffected(), len(ids))
	}
	return ids, nil
}

// putReuse writes one batch of reuse results: pairs, then scores.
func putReuse(ctx context.Context, tx pgx.Tx, ups []corpus.ReuseUpdate, pairs []corpus.ReusePair) ([]string, error) {
	touched, err := putPairs(ctx, tx, pairs)
	if err != nil {
		return nil, err
	}
	ids, err := setScores(ctx, tx, ups)
	if err != nil {
		return nil, err
	}
	touched = append(touched, ids...)
	slices.Sort(touched)
	return slices.Compact(touched), nil
}

// ReusePairs implements corpus.Store.
func (db *DB) ReusePairs(ctx context.Context, docID string) ([]corpus.ReusePair, error) {
	q := `SELECT a, b, score, passages_json FROM reuse_pairs`
	var args []any
	if docID != "" {
		q += ` WHERE a=$1 OR b=$1`
		args = []any{docID}
	}
	rows, err := db.pool.Query(ctx, q+` ORDER BY score DESC, a, b`, args...)
	if err != nil {
		return nil, err
	}
	return collectPairs(rows)
}

func collectPairs(rows pgx.Rows) ([]corpus.ReusePair, error) {
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (corpus.ReusePair, error) {
		var a, b string
		var score float64
		var data []byte
		if err := r.Scan(&a, &b, &score, &data); err != nil {
			return corpus.ReusePair{}, err
		}
		// A row that does not decode reads as a pair without its row, as
		// unreadable JSON did before.
		p, _ := corpus.DecodePairRow(a, b, score, data)
		return p, nil
	})
	if out == nil && err == nil {
		out = []corpus.ReusePair{}
	}
	return out, err
}

// ReusePairPage implements corpus.Store. The page's keys are chosen from
// the score index alone, then joined to their passages.
func (db *DB) ReusePairPage(ctx context.Context, minScore float64, offset, limit int) ([]corpus.ReusePair, int, error) {
	var total int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM reuse_pairs WHERE score>=$1`, minScore).Scan(&total); err != nil {
		return nil, 0, err
	}
	var lim any = limit
	if limit <= 0 {
		lim = nil // LIMIT NULL: all
	}
	rows, err := db.pool.Query(ctx, `SELECT p.a, p.b, p.score, p.passages_json FROM reuse_pairs p
		JOIN (SELECT a, b FROM reuse_pairs WHERE score>=$1 ORDER BY score DESC, a, b LIMIT $2::bigint OFFSET $3) k
		ON p.a=k.a AND p.b=k.b
		ORDER BY p.score DESC, p.a, p.b`, minScore, lim, max(offset, 0))
	if err != nil {
		return nil, 0, err
	}
	out, err := collectPairs(rows)
	return out, total, err
}

// ReuseScores implements corpus.Store.
func (db *DB) ReuseScores(ctx context.Context) (map[string]float64, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, reuse_score FROM documents WHERE reuse_score<>0`)
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	var id string
	var s float64
	_, err = pgx.ForEachRow(rows, []any{&id, &s}, func() error {
		out[id] = s
		return nil
	})
	return out, err
}

// ReuseCovers implements corpus.Store.
func (db *DB) ReuseCovers(ctx context.Context, ids []string) (map[string]corpus.ReuseCover, error) {
	out := make(map[string]corpus.ReuseCover, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.pool.Query(ctx, `SELECT id, reuse_score, reuse_cover FROM documents WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	var id string
	var c corpus.ReuseCover
	_, err = pgx.ForEachRow(rows, []any{&id, &c.Score, &c.Cover}, func() error {
		out[id] = corpus.ReuseCover{Score: c.Score, Cover: c.Cover}
		c.Cover = nil
		return nil
	})
	return out, err
}

// SetReuses implements corpus.Store: every update and pair in one
// transaction.
func (db *DB) SetReuses(ctx context.Context, ups []corpus.ReuseUpdate, pairs []corpus.ReusePair) error {
	if len(ups) == 0 && len(pairs) == 0 {
		return nil
	}
	return pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		touched, err := putReuse(ctx, tx, ups, pairs)
		if err != nil {
			return err
		}
		return logChanges(ctx, tx, OpReuse, touched)
	})
}

// ReplaceReuse implements corpus.Store: the old pair rows go in the
// transaction that writes the new ones, so readers see all the old results
// or all the new; the legacy pairs JSON goes too. The change log gets one
// reuse row without a document: every document's results changed.
func (db *DB) ReplaceReuse(ctx context.Context, fill func(put func([]corpus.ReuseUpdate, []corpus.ReusePair) error) error) error {
	return pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM reuse_pairs`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE documents SET reuse_json=NULL WHERE reuse_json IS NOT NULL`); err != nil {
			return err
		}
		if err := fill(func(ups []corpus.ReuseUpdate, pairs []corpus.ReusePair) error {
			_, err := putReuse(ctx, tx, ups, pairs)
			return err
		}); err != nil {
			return err
		}
		return logChanges(ctx, tx, OpReuse, nil)
	})
}
