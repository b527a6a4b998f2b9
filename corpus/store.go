// Package corpus holds the domain of the durable document corpus: the Store
// interface (implemented in corpus/sqlite), the search Index interface
// (implemented in corpus/search), their filter and result types, and the
// Corpus that ties a store and its derived index together.
//
// The store is the source of truth; the search index is derived data and can
// always be rebuilt from it (Corpus.Reindex, `planmine reindex`).
package corpus

import (
	"context"
	"errors"

	"github.com/planmine/planmine/doc"
)

// ErrNotFound is returned when a document id is not in the store.
var ErrNotFound = errors.New("文档不存在 (document not found)")

// ErrInvalid is returned for malformed input such as an empty file.
var ErrInvalid = errors.New("无效的输入 (invalid input)")

// Store is the durable document store: the system of record every
// backend implements (corpus/sqlite embedded; a server database for
// scale-out). It is three small parts and Close; code that needs one part
// takes that interface.
type Store interface {
	Documents
	Catalog
	ReuseStore
	// Close releases the store.
	Close() error
}

// Documents keeps files and the documents read from them.
type Documents interface {
	// Put stores the original bytes and the documents read from them in one
	// transaction. It is idempotent on the SHA-256 of original: putting the
	// same bytes again returns the existing ids with Duplicate set. When Put
	// returns nil the documents are committed and synced. Defaults (part
	// numbers, ids, source) are filled by Prepare.
	Put(ctx context.Context, original []byte, name string, docs []doc.Document) (PutResult, error)
	// PutFiles is Put of many files in one transaction: one durable commit
	// for the batch. errs[i] is file i's own failure (invalid, or refused
	// by the store); it does not stop the others. A file whose bytes an
	// earlier file of the batch has is that file's Duplicate. err is a
	// failure of the whole batch (I/O, a full disk): then nothing of it is
	// stored and every errs[i] says so. When err is nil the files without
	// an error are committed and synced.
	PutFiles(ctx context.Context, files []File) (res []PutResult, errs []error, err error)
	// Get returns one document with its full analysis.
	Get(ctx context.Context, id string) (*doc.Document, error)
	// Original returns the file name and bytes a document was read from.
	Original(ctx context.Context, id string) (name string, data []byte, err error)
	// Delete removes a document (and its file once no part is left).
	Delete(ctx context.Context, id string) error
	// Texts returns the text of each of ids that exists: reuse passages
	// are stored as spans and cut from it when read.
	Texts(ctx context.Context, ids []string) (map[string]string, error)
	// All calls fn for every stored document, in id order.
	All(ctx context.Context, fn func(doc.Document) error) error
	// IDs returns every stored document id, sorted.
	IDs(ctx context.Context) ([]string, error)
	// Count returns the number of stored documents.
	Count(ctx context.Context) (int, error)
}

// Catalog answers filtered, paged lists over the stored analysis.
type Catalog interface {
	// List returns one page of document summaries and the total matching.
	List(ctx context.Context, f ListFilter) ([]DocSummary, int, error)
	// Targets returns one page of targets across the corpus and the total matching.
	Targets(ctx context.Context, f TargetFilter) ([]TargetRow, int, error)
	// Slogans counts slogans across the corpus, folded to Simplified.
	Slogans(ctx context.Context) ([]SloganCount, error)
}

// ReuseStore keeps reuse results: each document's score and cover, and
// the pair rows.
type ReuseStore interface {
	// SetReuse records a document's reuse score and a pairs JSON for it.
	// The corpus no longer reads that JSON (pairs are the pair rows); it is
	// kept for callers that set a score by hand.
	SetReuse(ctx context.Context, docID string, score float64, pairsJSON []byte) error
	// Reuse returns what SetReuse stored for docID (nil JSON when never set).
	Reuse(ctx context.Context, docID string) (score float64, pairsJSON []byte, err error)
	// PutReusePairs upserts pairs keyed by (A, B); A and B are ordered so
	// that (a,b) and (b,a) are one pair (ReusePair says how each reads back).
	PutReusePairs(ctx context.Context, pairs []ReusePair) error
	// ReusePairs returns the stored pairs that involve docID ("" for all).
	ReusePairs(ctx context.Context, docID string) ([]ReusePair, error)
	// ReusePairPage returns one page of the stored pairs with score >=
	// minScore, best first (ties by the ids in order), and how many there are.
	ReusePairPage(ctx context.Context, minScore float64, offset, limit int) ([]ReusePair, int, error)
	// ReuseScores maps every document id to its reuse score (for reindexing).
	ReuseScores(ctx context.Context) (map[string]float64, error)
	// ReuseCovers returns the stored score and cover of each of ids that
	// exists (Cover nil when never computed: stored by an earlier version).
	ReuseCovers(ctx context.Context, ids []string) (map[string]ReuseCover, error)
	// SetReuses stores documents' scores and covers and upserts pair rows,
	// all in one transaction (one synced commit per batch, not per peer).
	SetReuses(ctx context.Context, ups []ReuseUpdate, pairs []ReusePair) error
	// ReplaceReuse replaces every stored reuse result in one transaction:
	// it drops all pair rows, then fill writes the new ones and the
	// documents' scores and covers through put, as many times as it likes;
	// an error from fill leaves the old results in place.
	ReplaceReuse(ctx context.Context, fill func(put func(ups []ReuseUpdate, pairs []ReusePair) error) error) error
}

// PutResult reports the ids of the documents of one file, in part order.
type PutResult struct {
	IDs       []string `json:"ids"`
	Duplicate bool     `json:"duplicate"`
}

// Sort orders for ListFilter.Sort.
const (
	SortCreated = "created" // newest first (default)
	SortReuse   = "reuse"   // highest reuse score first
	SortYear    = "year"    // newest year first
	SortTitle   = "title"
)

// ListFilter selects documents. Zero fields do not filter.
type ListFilter struct {
	Type     string
	Year     int
	Org      string // substring, script-folded
	Q        string // substring of title or text, script-folded
	MinReuse float64
	// IDs, when not empty, keeps only these documents (to look up the
	// summaries of search hits and reuse partners).
	IDs    []string
	Offset int
	Limit  int // 0 → 50
	Sort   string
}

// DocSummary is one row of the documents list (SPEC §5 GET /documents).
type DocSummary struct {
	ID           string  `json:"id"`
	Source       string  `json:"source"`
	Part         int     `json:"part"`
	Title        string  `json:"title"`
	DocType      string  `json:"doc_type"`
	Year         *int    `json:"year"`
	Org          *string `json:"org"`
	ReuseScore   float64 `json:"reuse_score"`
	Placeholders int     `json:"placeholders"`
}

// TargetFilter selects targets. Zero fields do not filter; Min/Max are
// pointers because 0 is a real bound.
type TargetFilter struct {
	Metric  string // substring of the metric, script-folded
	Unit    string
	Cmp     string
	Min     *float64 // value >= Min
	Max     *float64 // value <= Max
	Period  string
	Kind    string
	Year    int
	Years   []int  // any of these document years
	Org     string // substring, script-folded
	DocType string
	DocID   string
	DocIDs  []string // any of these documents (the follow-up fetches a page's reporting documents)
	Offset  int
	Limit   int // 0 → 100; <0 → all
}

// TargetRow is a target with the document it came from.
type TargetRow struct {
	doc.Target
	DocID   string  `json:"doc_id"`
	Source  string  `json:"source"`
	Part    int     `json:"part"`
	Title   string  `json:"title"`
	Org     *string `json:"org"`
	Year    *int    `json:"year"`
	DocType string  `json:"doc_type"`

	// The fields below are for readers; corpus/tracker fills them, the
	// store never does. JSON keeps the SPEC codes above and adds these.

	// KindLabel and CmpLabel are kind and cmp in words: 计划/完成,
	// 不少于/不超过/约/范围/等于….
	KindLabel string `json:"kind_label,omitempty"`
	CmpLabel  string `json:"cmp_label,omitempty"`
	// ValueDisplay is the value as a reader writes it, unit included
	// (2083亿元, 1100万人, 3–5名); Display puts the comparator in front
	// (不少于4次, 约10场).
	ValueDisplay string `json:"value_display,omitempty"`
	Display      string `json:"display,omitempty"`
	// SourceFile is the file name and part (计划.docx 第2篇).
	SourceFile string `json:"source_file,omitempty"`
	// Followup is what became of a plan target; nil for achieved rows.
	Followup *Followup `json:"followup,omitempty"`
}

// Followup is what became of one plan target: the figure the same
// organisation's summary of the same year reports for its metric, and
// last year's figures for that metric. corpus/followup decides it from the
// stored targets; it is never stored.
type Followup struct {
	// Status is met|not_met|not_reported|incomparable (已完成/未完成/
	// 未报告/无法比较); StatusLabel says it in words, Note says why.
	Status      string `json:"status"`
	StatusLabel string `json:"status_label"`
	Note        string `json:"note"`
	// Year is the year the plan is for: the document's year, or the next
	// one for the plans in a summary (2025年总结's 2026年工作打算).
	Year *int `json:"year"`
	// Match says how the achieved metric matched the plan's
	// (same|contains|similar); OrgMatch how its document matched (org:
	// the same organisation; folder: no organisation written, same folder).
	Match    string `json:"match,omitempty"`
	OrgMatch string `json:"org_match,omitempty"`
	// Achieved is the linked achieved target, with its document.
	Achieved *TargetRow `json:"achieved"`
	// LastPlan and LastAchieved are the same metric a year earlier: the
	// previous year's plan target and the previous year's summary figure.
	LastPlan     *TargetRow `json:"last_plan"`
	LastAchieved *TargetRow `json:"last_achieved"`
}

// SloganCount is one slogan across the corpus.
type SloganCount struct {
	Text  string `json:"text"`  // folded to Simplified
	Kind  string `json:"kind"`  // quoted|formula
	Docs  int    `json:"docs"`  // documents that use it
	Count int    `json:"count"` // occurrences over all documents
}

// ReuseUpdate is one document's reuse result: its score (总文字复制比) and
// its cover, the encoded copied intervals the score measures.
type ReuseUpdate struct {
	DocID string
	Score float64
	Cover []byte
}

// ReuseCover is a document's stored reuse score and cover.
type ReuseCover struct {
	Score float64
	Cover []byte
}

// ReusePair is one stored reuse pair: A and B as the engine reported them
// (A first) and its score; Row is the rest of the pair (nil: none stored).
// A store keeps the pair under its ids in order and Row in the encoding of
// EncodePairRow; it reads back A and B as given, or in order for a pair
// without a Row.
type ReusePair struct {
	A     string   `json:"a"`
	B     string   `json:"b"`
	Score float64  `json:"score"`
	Row   *PairRow `json:"row,omitempty"`
}
