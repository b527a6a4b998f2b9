// Package migrate copies a corpus from one store into another — the
// embedded SQLite store into PostgreSQL — exactly: every file with its
// name, bytes and upload times, its documents with their ids, parts and
// full analysis, the reuse scores and covers and the pair rows. It goes
// through the corpus.Store interfaces, plus corpus.Uploads and
// corpus.PutterAt for the upload times.
//
// A run is idempotent and resumable: files already in the target (by
// SHA-256) are skipped, reuse results already equal are not written again,
// so a second run writes nothing (and appends nothing to the target's
// change log). It ends with a verification of both sides.
package migrate

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"slices"
	"strconv"
	"time"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/doc"
)

// Source is the store migrated from.
type Source interface {
	corpus.Store
	corpus.Uploads
}

// Target is the store migrated into.
type Target interface {
	corpus.Store
	corpus.Uploads
	corpus.PutterAt
}

// ErrTargetNotEmpty refuses a target that holds documents the source does
// not have (Options.Force merges into it).
var ErrTargetNotEmpty = errors.New("目标数据库已有其他文档 (the target already holds other documents)")

// ErrMismatch is a verification that found the two sides different.
var ErrMismatch = errors.New("迁移校验不一致 (verification failed: source and target differ)")

// ErrUncovered refuses a source holding documents without a reuse cover:
// written by versions before covers were kept, or stored by an alignment
// that did not finish. The embedded store reads such a cover from the
// pair rows, but on a shared store a document without one is a document
// another replica is still aligning, which the others leave out of their
// reuse index until it is done: it would never be found as a source.
// `planmine reindex` on the source writes every cover.
var ErrUncovered = errors.New("源中有文档没有复用覆盖 (source documents without a reuse cover)")

// Phases reported to Options.Progress.
const (
	PhaseDocuments = "documents"
	PhaseReuse     = "reuse"
	PhaseVerify    = "verify"
)

// Options tune a run. The zero value is usable.
type Options struct {
	// Force merges into a target that already holds documents the source
	// does not have. They are kept as they are; the migrated documents
	// keep the source's reuse results, which do not count the target's
	// others until reuse is recomputed (planmine reindex).
	Force bool
	// Batch is how many documents' reuse results are read and written at
	// once; 0 → 500.
	Batch int
	// Progress hears each phase's progress (documents done of total).
	Progress func(phase string, done, total int)
}

// Report is what a run did.
type Report struct {
	// Files and Documents are in the source.
	Files, Documents int
	// Copied files were stored into the target; Skipped ones were there.
	Copied, Skipped int
	// CopiedDocs is the documents of the copied files.
	CopiedDocs int
	// Scores is how many documents' reuse results were written, Pairs how
	// many pair rows.
	Scores, Pairs int
	// Others is how many documents the target holds that the source does
	// not (only with Force).
	Others int
	// Verified is the summary both sides agreed on.
	Verified Summary
}

// Summary is what the verification compares: counts and a SHA-256 over
// the documents (full JSON), their files' names and times, their reuse
// scores and covers, and the pair rows among them.
type Summary struct {
	Documents int    `json:"documents"`
	Files     int    `json:"files"`
	Pairs     int    `json:"pairs"`
	Hash      string `json:"hash"`
}

func (o Options) progress(phase string, done, total int) {
	if o.Progress != nil {
		o.Progress(phase, done, total)
	}
}

// Run copies src into dst and verifies the result.
func Run(ctx context.Context, src Source, dst Target, opt Options) (Report, error) {
	var rep Report
	if opt.Batch <= 0 {
		opt.Batch = 500
	}
	ids, err := src.IDs(ctx)
	if err != nil {
		return rep, fmt.Errorf("读取源文档失败 (list source documents): %w", err)
	}
	rep.Documents = len(ids)
	have, err := dst.IDs(ctx)
	if err != nil {
		return rep, fmt.Errorf("读取目标文档失败 (list target documents): %w", err)
	}
	inSrc := make(map[string]bool, len(ids))
	for _, id := range ids {
		inSrc[id] = true
	}
	inDst := make(map[string]bool, len(have))
	for _, id := range have {
		inDst[id] = true
		if !inSrc[id] {
			rep.Others++
		}
	}
	if rep.Others > 0 && !opt.Force {
		return rep, fmt.Errorf("%w: %d 篇不在源中；确认合并请加 --force (%d documents not in the source; add --force to merge into it)",
			ErrTargetNotEmpty, rep.Others, rep.Others)
	}
	if err := checkCovers(ctx, src, ids, opt.Batch); err != nil {
		return rep, err
	}
	ups, err := src.Uploads(ctx)
	if err != nil {
		return rep, fmt.Errorf("读取上传时间失败 (read upload times): %w", err)
	}
	rep.Files = len(ups)
	if err := copyFiles(ctx, src, dst, ups, inDst, opt, &rep); err != nil {
		return rep, err
	}
	if err := copyReuse(ctx, src, dst, ids, opt, &rep); err != nil {
		return rep, err
	}
	opt.progress(PhaseVerify, 0, 2*len(ids))
	want, err := Summarize(ctx, src, nil, func(n int) { opt.progress(PhaseVerify, n, 2*len(ids)) })
	if err != nil {
		return rep, fmt.Errorf("校验源失败 (summarise source): %w", err)
	}
	got, err := Summarize(ctx, dst, inSrc, func(n int) { opt.progress(PhaseVerify, len(ids)+n, 2*len(ids)) })
	if err != nil {
		return rep, fmt.Errorf("校验目标失败 (summarise target): %w", err)
	}
	if got != want {
		return rep, fmt.Errorf("%w: 源 (source) %+v, 目标 (target) %+v", ErrMismatch, want, got)
	}
	rep.Verified = got
	return rep, nil
}

// checkCovers returns ErrUncovered, before anything is copied, when a
// source document has no reuse cover.
func checkCovers(ctx context.Context, src Source, ids []string, batch int) error {
	var missing []string
	for start := 0; start < len(ids); start += batch {
		covers, err := src.ReuseCovers(ctx, ids[start:min(start+batch, len(ids))])
		if err != nil {
			return fmt.Errorf("读取源复用结果失败 (read source reuse results): %w", err)
		}
		for _, id := range ids[start:min(start+batch, len(ids))] {
			if covers[id].Cover == nil {
				missing = append(missing, id)
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %d 篇（如 %s）；请先对源运行 planmine reindex 重算复用结果 (%d documents, e.g. %s; run planmine reindex on the source first)",
		ErrUncovered, len(missing), missing[0], len(missing), missing[0])
}

// copyFiles stores every source file the target lacks, with its
// documents as the source holds them. Documents come in id order, and a
// file's ids share its hash's prefix, so a file's parts are consecutive;
// a file seen again later is one whose ids were set otherwise and is
// looked up in the target like any other.
func copyFiles(ctx context.Context, src Source, dst Target, ups map[string]corpus.Upload, inDst map[string]bool, opt Options, rep *Report) error {
	var group []doc.Document
	done := 0
	flush := func() error {
		if len(group) == 0 {
			return nil
		}
		docs := group
		group = nil
		done += len(docs)
		defer opt.progress(PhaseDocuments, done, rep.Documents)
		missing := false
		for _, d := range docs {
			if !inDst[d.ID] {
				missing = true
			}
		}
		if !missing {
			rep.Skipped++
			return nil
		}
		sha := docs[0].SHA256
		up, ok := ups[sha]
		if !ok {
			return fmt.Errorf("源中文件没有上传记录 (no upload record in the source for file) %s", sha)
		}
		name, data, err := src.Original(ctx, docs[0].ID)
		if err != nil {
			return fmt.Errorf("读取原文件失败 (read original) %s: %w", docs[0].ID, err)
		}
		res, err := dst.PutAt(ctx, data, name, docs, up)
		if err != nil {
			return fmt.Errorf("写入目标失败 (store into target) %s: %w", name, err)
		}
		want := make([]string, len(docs))
		for i, d := range docs {
			want[i] = d.ID
			inDst[d.ID] = true
		}
		slices.Sort(want)
		if got := slices.Sorted(slices.Values(res.IDs)); !slices.Equal(got, want) {
			return fmt.Errorf("%w: 文件 %s 在目标中的文档为 %v，源中为 %v (the target holds this file as other documents)",
				ErrMismatch, name, res.IDs, want)
		}
		rep.Copied++
		rep.CopiedDocs += len(docs)
		return nil
	}
	opt.progress(PhaseDocuments, 0, rep.Documents)
	err := src.All(ctx, func(d doc.Document) error {
		if len(group) > 0 && group[0].SHA256 != d.SHA256 {
			if err := flush(); err != nil {
				return err
			}
		}
		group = append(group, d)
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// copyReuse writes the reuse results of the source's documents that the
// target does not hold equal: the legacy pairs JSON, scores and covers,
// then the pair rows.
func copyReuse(ctx context.Context, src Source, dst Target, ids []string, opt Options, rep *Report) error {
	opt.progress(PhaseReuse, 0, len(ids))
	for start := 0; start < len(ids); start += opt.Batch {
		if err := ctx.Err(); err != nil {
			return err
		}
		batch := ids[start:min(start+opt.Batch, len(ids))]
		want, err := src.ReuseCovers(ctx, batch)
		if err != nil {
			return err
		}
		got, err := dst.ReuseCovers(ctx, batch)
		if err != nil {
			return err
		}
		var ups []corpus.ReuseUpdate
		for _, id := range batch {
			w, g := want[id], got[id]
			score, js, err := src.Reuse(ctx, id)
			if err != nil {
				return err
			}
			if js != nil {
				_, gjs, err := dst.Reuse(ctx, id)
				if err != nil {
					return err
				}
				if !bytes.Equal(js, gjs) || gjs == nil {
					if err := dst.SetReuse(ctx, id, score, js); err != nil {
						return fmt.Errorf("写入复用结果失败 (store reuse) %s: %w", id, err)
					}
					g.Score = score
				}
			}
			if w.Score != g.Score || !sameBytes(w.Cover, g.Cover) {
				ups = append(ups, corpus.ReuseUpdate{DocID: id, Score: w.Score, Cover: w.Cover})
			}
		}
		if len(ups) > 0 {
			if err := dst.SetReuses(ctx, ups, nil); err != nil {
				return fmt.Errorf("写入复用结果失败 (store reuse): %w", err)
			}
			rep.Scores += len(ups)
		}
		opt.progress(PhaseReuse, start+len(batch), len(ids))
	}
	want, err := src.ReusePairs(ctx, "")
	if err != nil {
		return err
	}
	got, err := dst.ReusePairs(ctx, "")
	if err != nil {
		return err
	}
	type key struct{ a, b string }
	held := make(map[key]corpus.ReusePair, len(got))
	for _, p := range got {
		held[key{p.A, p.B}] = p
	}
	var put []corpus.ReusePair
	for _, p := range want {
		g, ok := held[key{p.A, p.B}]
		if !ok || g.Score != p.Score || !sameBytes(corpus.EncodePairRow(g), corpus.EncodePairRow(p)) {
			put = append(put, p)
		}
	}
	for start := 0; start < len(put); start += opt.Batch {
		if err := dst.PutReusePairs(ctx, put[start:min(start+opt.Batch, len(put))]); err != nil {
			return fmt.Errorf("写入复用对失败 (store reuse pairs): %w", err)
		}
	}
	rep.Pairs = len(put)
	return nil
}

// sameBytes is bytes.Equal that tells nil (never computed) from empty.
func sameBytes(a, b []byte) bool {
	return (a == nil) == (b == nil) && bytes.Equal(a, b)
}

// Summarize reads what Run verifies of a store: only the documents in
// keep (nil: all), the files they come from and the pairs among them.
// Times count to the microsecond (what PostgreSQL keeps). progress hears
// the documents read.
func Summarize(ctx context.Context, s interface {
	corpus.Store
	corpus.Uploads
}, keep map[string]bool, progress func(done int)) (Summary, error) {
	var sum Summary
	h := sha256.New()
	ups, err := s.Uploads(ctx)
	if err != nil {
		return sum, err
	}
	files := map[string]bool{}
	var ids []string
	err = s.All(ctx, func(d doc.Document) error {
		if keep != nil && !keep[d.ID] {
			return nil
		}
		js, err := json.Marshal(d)
		if err != nil {
			return err
		}
		line(h, "doc", d.ID, hex.EncodeToString(sha(js)))
		if !files[d.SHA256] {
			files[d.SHA256] = true
			u := ups[d.SHA256]
			line(h, "file", d.SHA256, u.Name, stamp(u.File), stamp(u.Docs))
		}
		ids = append(ids, d.ID)
		if progress != nil && len(ids)%100 == 0 {
			progress(len(ids))
		}
		return nil
	})
	if err != nil {
		return sum, err
	}
	sum.Documents, sum.Files = len(ids), len(files)
	for start := 0; start < len(ids); start += 500 {
		batch := ids[start:min(start+500, len(ids))]
		covers, err := s.ReuseCovers(ctx, batch)
		if err != nil {
			return sum, err
		}
		for _, id := range batch {
			c := covers[id]
			_, js, err := s.Reuse(ctx, id)
			if err != nil {
				return sum, err
			}
			line(h, "reuse", id, strconv.FormatFloat(c.Score, 'g', -1, 64), hashOrNil(c.Cover), hashOrNil(js))
		}
	}
	pairs, err := s.ReusePairs(ctx, "")
	if err != nil {
		return sum, err
	}
	for _, p := range pairs {
		if keep != nil && !(keep[p.A] && keep[p.B]) {
			continue
		}
		sum.Pairs++
		// The typed row, encoded: a row one store keeps in the JSON of
		// earlier versions hashes the same as its copy in the other.
		line(h, "pair", p.A, p.B, strconv.FormatFloat(p.Score, 'g', -1, 64), hashOrNil(corpus.EncodePairRow(p)))
	}
	if progress != nil {
		progress(len(ids))
	}
	sum.Hash = hex.EncodeToString(h.Sum(nil))
	return sum, nil
}

func line(h hash.Hash, fields ...string) {
	for i, f := range fields {
		if i > 0 {
			h.Write([]byte{'\t'})
		}
		h.Write([]byte(f))
	}
	h.Write([]byte{'\n'})
}

func sha(b []byte) []byte {
	s := sha256.Sum256(b)
	return s[:]
}

func hashOrNil(b []byte) string {
	if b == nil {
		return "nil"
	}
	return hex.EncodeToString(sha(b))
}

func stamp(t time.Time) string {
	return t.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano)
}
