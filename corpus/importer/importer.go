// Package importer is the one pipeline that brings files into a corpus:
// files read by ingest are analysed (nlp.Analyze, on every core) and stored
// in batches (one store commit, one reuse and one index update per
// batch). While one batch goes into the search index, the next is stored
// and aligned and the files after it are read and analysed. `planmine ingest`,
// uploads to the API, the demo corpus and `planmine recover` all go
// through Run; only where the files come from differs.
//
// Results come back in input order, read failures included, one at a time.
package importer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest"
	"github.com/planmine/planmine/nlp"
)

// Store is where files go: *corpus.Corpus.
type Store interface {
	// StageBatch stores the files in one durable commit and updates
	// reuse once for the batch, and returns the batch's search index
	// update to run next (see corpus.StageBatch).
	StageBatch(ctx context.Context, files []corpus.File) ([]corpus.PutResult, []error, func() error)
	// CheckSpace refuses a batch the disk has no room for.
	CheckSpace(files []corpus.File) error
}

// DefaultBatch is how many files one store batch holds by default: one
// index and reuse update per batch keeps bulk ingest off the index's
// segment merges (1,000 mixed files: 63 s with 256, 140 s with 32). With
// one batch indexed while the next is stored, three batches are in memory
// at once; the 10,000-file ingest took 161 s and peaked at 1.01 GB with
// 256, 146-154 s and 0.96-0.97 GB with 192, 160 s and 0.94 GB with 128.
const DefaultBatch = 192

// Options tune a run. The zero value is usable.
type Options struct {
	// Batch is the number of files per store batch; 0 → DefaultBatch.
	Batch int
	// Workers analyse files in parallel; 0 → GOMAXPROCS.
	Workers int
	// Done hears the result of every file, in input order, from one
	// goroutine at a time. An error it returns stops the run (Run returns
	// it); files not yet reported are then not reported.
	Done func(Result) error
	// Trace, when set, hears one line per stored batch: how long the
	// storer waited for it (reading and analysis were behind), how long
	// storing it took, and how long reading waited for room meanwhile
	// (storing was behind). Where both cores' time goes.
	Trace *slog.Logger
}

// Result is what became of one file.
type Result struct {
	// Name is the file's name as read (archive members as
	// archive.zip/member.docx).
	Name string
	// Docs are the documents read from it, analysed, with their ids when
	// stored; nil when it could not be read.
	Docs []doc.Document
	// IDs are the stored documents' ids in part order (a duplicate's are
	// those of the file already stored).
	IDs       []string
	Duplicate bool
	// Err says why the file was not stored (reading, analysis or the
	// store); nil when it was.
	Err error
	// BatchErr is a failure of its batch's shared reuse or index update:
	// the file is stored, and the index is repaired at the next start.
	BatchErr error
}

// ErrPanic marks a file whose reading or analysis hit a bug in an
// extractor: the file fails, the run goes on.
var ErrPanic = errors.New("内部错误 (internal error)")

// item is one file on its way: its place in the input, what was read,
// and, once analysed, either a file to store or the reason it fails.
type item struct {
	seq  int
	name string
	in   ingest.File
	file corpus.File
	err  error
}

// Run stores the files that produce yields. produce runs on the calling
// goroutine and calls yield for each file read (a File with Err set is a
// failure, reported in its turn); yield returns an error when the run has
// stopped, and produce should then return it. Run returns the first of: an
// error from produce, from Done, or ctx's.
func Run(ctx context.Context, st Store, opt Options, produce func(yield func(ingest.File) error) error) error {
	if opt.Batch <= 0 {
		opt.Batch = DefaultBatch
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	// read → workers (analysis) → order → batches → storer.
	toAnalyse := make(chan item, opt.Workers)
	analysed := make(chan item, opt.Workers)
	// window bounds the files between reading and the batcher: a slow file
	// holds back at most this many behind it.
	window := make(chan struct{}, 4*opt.Workers)
	// Unbuffered: while a batch is stored, the next one fills and waits
	// in the batcher; a buffered one would let a third batch of files
	// (their bytes and analyses, ≈50 MB per 256 mixed files) build up.
	batches := make(chan []item)
	var blocked atomic.Int64 // nanoseconds reading waited for the window
	var wg sync.WaitGroup
	for range opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range toAnalyse {
				it.file, it.err = analyse(ctx, it.in)
				it.in = ingest.File{}
				analysed <- it
			}
		}()
	}
	go func() {
		wg.Wait()
		close(analysed)
	}()

	// The batcher puts analysed files back in input order and cuts
	// batches of opt.Batch storable files; failures travel in the batch
	// so that results keep the input order.
	go func() {
		defer close(batches)
		waiting := map[int]item{}
		next := 0
		var pending []item
		storable := 0
		send := func() bool {
			select {
			case batches <- pending:
			case <-ctx.Done():
				return false
			}
			pending, storable = nil, 0
			return true
		}
		stopped := false
		for it := range analysed {
			if stopped {
				continue // drain, so the workers can finish
			}
			waiting[it.seq] = it
			for {
				it, ok := waiting[next]
				if !ok {
					break
				}
				delete(waiting, next)
				<-window
				next++
				pending = append(pending, it)
				if it.err == nil {
					storable++
				}
				if storable >= opt.Batch && !send() {
					stopped = true
					break
				}
			}
		}
		if !stopped && len(pending) > 0 {
			send()
		}
	}()

	// The storer stores and aligns batch after batch; the indexer takes
	// each into the search index and then reports its files, so that one
	// batch is indexed while the next is stored. Unbuffered: a stored
	// batch waits for the indexer before the storer takes another.
	toIndex := make(chan stagedBatch)
	go func() {
		defer close(toIndex)
		waitFrom := time.Now()
		for b := range batches {
			if ctx.Err() != nil {
				continue // drain; the indexer has stopped the run
			}
			storeFrom := time.Now()
			sb := stage(ctx, st, b)
			if opt.Trace != nil {
				opt.Trace.Info("batch", "files", len(b), "waited", storeFrom.Sub(waitFrom).Round(time.Millisecond),
					"stored", time.Since(storeFrom).Round(time.Millisecond),
					"reading_blocked", time.Duration(blocked.Swap(0)).Round(time.Millisecond))
			}
			toIndex <- sb
			waitFrom = time.Now()
		}
	}()
	stored := make(chan error, 1)
	go func() {
		var first error
		for sb := range toIndex {
			// A staged batch is indexed even once the run has stopped:
			// its documents are stored.
			if err := sb.report(first == nil, opt.Done); err != nil && first == nil {
				first = err
				cancel(err)
			}
		}
		stored <- first
	}()

	seq := 0
	perr := produce(func(f ingest.File) error {
		if err := ctx.Err(); err != nil {
			return context.Cause(ctx)
		}
		select {
		case window <- struct{}{}:
		default:
			from := time.Now()
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return context.Cause(ctx)
			}
			blocked.Add(int64(time.Since(from)))
		}
		toAnalyse <- item{seq: seq, name: f.Name, in: f}
		seq++
		return nil
	})
	close(toAnalyse)
	serr := <-stored
	switch {
	case serr != nil:
		return serr
	case perr != nil:
		return perr
	}
	return ctx.Err()
}

// analyse turns one file read into a file to store: documents analysed,
// each with its source; a file without text fails. A panic in analysis
// costs this file, not the run.
func analyse(ctx context.Context, in ingest.File) (f corpus.File, err error) {
	if in.Err != nil {
		return corpus.File{}, in.Err
	}
	if len(in.Docs) == 0 {
		return corpus.File{}, fmt.Errorf("%s: %w", in.Name, ingest.ErrNoText)
	}
	defer func() {
		if r := recover(); r != nil {
			f, err = corpus.File{}, &PanicError{Name: in.Name, Value: r}
		}
	}()
	for i := range in.Docs {
		if in.Docs[i].Source == "" {
			in.Docs[i].Source = in.Name
		}
		if err := nlp.Analyze(ctx, &in.Docs[i]); err != nil {
			return corpus.File{}, err
		}
	}
	return corpus.File{Name: in.Name, Original: in.Data, Docs: in.Docs}, nil
}

// PanicError is a bug met while analysing one file. Its message is for
// users; Value (for the log) says what went wrong.
type PanicError struct {
	Name  string
	Value any
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("%s: 导入失败 (ingest failed): %v", e.Name, ErrPanic)
}

// Unwrap makes errors.Is(err, ErrPanic) true.
func (e *PanicError) Unwrap() error { return ErrPanic }

// stagedBatch is a batch stored and aligned, waiting for its search
// index update before its files are reported.
type stagedBatch struct {
	items []item
	files []corpus.File
	res   []corpus.PutResult
	errs  []error
	index func() error
}

// stage stores the storable files of one batch. A disk without room for
// the batch fails all its files with the space error.
func stage(ctx context.Context, st Store, b []item) stagedBatch {
	sb := stagedBatch{items: b}
	for i := range b {
		if b[i].err == nil {
			sb.files = append(sb.files, b[i].file)
			// files holds the one reference, so that StageBatch can let
			// the original bytes go once they are stored.
			b[i].file = corpus.File{}
		}
	}
	if len(sb.files) == 0 {
		return sb
	}
	if err := st.CheckSpace(sb.files); err != nil {
		sb.res, sb.errs = make([]corpus.PutResult, len(sb.files)), make([]error, len(sb.files))
		for i := range sb.errs {
			sb.errs[i] = err
		}
		return sb
	}
	sb.res, sb.errs, sb.index = st.StageBatch(ctx, sb.files)
	return sb
}

// report runs the batch's index update and, when tell is set, reports
// each item in order.
func (sb stagedBatch) report(tell bool, done func(Result) error) error {
	var berr error
	if sb.index != nil {
		berr = sb.index()
	}
	if !tell {
		return nil
	}
	k := 0
	for _, it := range sb.items {
		r := Result{Name: it.name, Err: it.err}
		if it.err == nil {
			f := sb.files[k]
			r.Name, r.Docs = f.Name, f.Docs
			r.IDs, r.Duplicate, r.Err = sb.res[k].IDs, sb.res[k].Duplicate, sb.errs[k]
			if r.Err == nil {
				r.BatchErr = berr
			}
			k++
		}
		if done != nil {
			if err := done(r); err != nil {
				return err
			}
		}
	}
	return nil
}
