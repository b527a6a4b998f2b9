package ingest

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/clean"
	"github.com/planmine/planmine/internal/runecount"
)

// LineStats learns a batch's site chrome from recurrence: short lines that
// survive cleaning in many of the batch's files (a site's column label,
// button row or footer that no single page gives away). Reading the batch
// again with Options.Recurring = stats.Recurring drops them, unless they
// could be a title, a heading, a sentence, an issuer or a date.
type LineStats struct {
	files int
	seen  map[string]int
}

// Recurrence thresholds: a line is the site's when it recurs in at least
// minRecurFiles files and in at least 1/recurShare of the batch; batches
// smaller than MinRecurBatch teach nothing.
const (
	minRecurFiles = 3
	recurShare    = 10
	MinRecurBatch = 5
	maxRecurRunes = 40
)

// CountLines reads every file under paths (as Walk does, Recurring unset)
// and counts, per file, the distinct short lines of its cleaned text.
// Files that cannot be read are skipped; the real read reports them.
func CountLines(ctx context.Context, paths []string, opt Options) (*LineStats, error) {
	opt = opt.withDefaults()
	opt.Recurring = nil
	st := &LineStats{seen: map[string]int{}}
	us, err := inputs(paths)
	if err != nil {
		return st, err
	}
	var mu sync.Mutex
	_, err = readInputs(ctx, us, runtime.GOMAXPROCS(0), false, func(*[]string, **draft) Options { return opt }, nil, func(f File, _ []string) {
		if f.Err == nil {
			mu.Lock()
			st.Add(f.Docs)
			mu.Unlock()
		}
	})
	st.prune()
	return st, err
}

// prune keeps only the lines that recur, each as its own string: a key
// cut from a document's text keeps that whole text alive, and the stats
// live as long as the ingest they serve (10,000 files: ≈30 MB of texts
// read while learning, held to the end).
func (s *LineStats) prune() {
	kept := map[string]int{}
	for k, n := range s.seen {
		if s.Recurring(k) {
			kept[strings.Clone(k)] = n
		}
	}
	s.seen = kept
}

// Add counts one file's documents.
func (s *LineStats) Add(docs []doc.Document) {
	f := s.file()
	for _, d := range docs {
		f.text(d.Text)
	}
}

// addParts counts one file's lines as Add counts those of the documents
// built from parts: a document's text is its non-blank paragraphs,
// trimmed, one a line. Parts that make no document (the file fails with
// ErrNoText) are not counted.
func (s *LineStats) addParts(parts []clean.Part) {
	var f *fileLines
	for _, p := range parts {
		for _, para := range p.Paras {
			if t := strings.TrimSpace(para.Text); t != "" {
				if f == nil {
					f = s.file()
				}
				f.text(t)
			}
		}
	}
}

// fileLines counts the distinct lines of one file into s.
type fileLines struct {
	s    *LineStats
	mine map[string]bool
}

// file starts counting one more file.
func (s *LineStats) file() *fileLines {
	if s.seen == nil {
		s.seen = map[string]int{}
	}
	s.files++
	return &fileLines{s: s, mine: map[string]bool{}}
}

// text counts the lines of t.
func (f *fileLines) text(t string) {
	for {
		l, rest, more := strings.Cut(t, "\n")
		// A rune takes one to four bytes: only lines of 41 to 160 bytes
		// need counting.
		if l != "" && len(l) <= 4*maxRecurRunes &&
			(len(l) <= maxRecurRunes || runecount.Of(l) <= maxRecurRunes) {
			if k := clean.LineKey(l); !f.mine[k] {
				f.mine[k] = true
				f.s.seen[k]++
			}
		}
		if !more {
			return
		}
		t = rest
	}
}

// Recurring reports whether the line key recurs across the batch.
func (s *LineStats) Recurring(key string) bool {
	if s == nil || s.files < MinRecurBatch {
		return false
	}
	n := s.seen[key]
	return n >= minRecurFiles && n*recurShare >= s.files
}

// WalkLearning reads paths as Walk does while learning the batch's
// recurring site chrome, in one read for most files: each file is cleaned
// once with the lines it asks about recorded, and only a file that asked
// about a line the whole batch shows to recur is cleaned again, with
// Recurring set: from its draft (clean.Draft: the steps before the first
// question are not repeated) while the drafts kept fit draftBudget, else
// by reading its input again. Every other file's first read is already what
// a second would give, since Recurring answered false to all its
// questions either way. The documents are built once the batch's lines
// are counted (from the cleaned parts), so each file's text is built
// once. Inputs are read by workers in parallel (at least
// one); files reach fn in input order once the batch is read, without
// their Data. read (may be nil, called from the workers one at a time) is
// told of each file as it is first read.
func WalkLearning(ctx context.Context, paths []string, opt Options, workers int, read func(name string), fn func(File) error) error {
	opt = opt.withDefaults()
	us, err := inputs(paths)
	if err != nil {
		return err
	}
	var mu sync.Mutex
	var drafts atomic.Int64 // bytes of drafts kept
	first, err := readInputs(ctx, us, workers, true, func(rec *[]string, last **draft) Options {
		o := opt
		o.Recurring = func(key string) bool {
			*rec = append(*rec, key)
			return false
		}
		o.drafted = func(d *draft) {
			*last = d
		}
		return o
	}, func(d *draft, asked []string) bool {
		// Only a file that asked may be finished again; the budget bounds
		// what a large batch holds until its second pass.
		if len(asked) == 0 {
			return false
		}
		n := int64(d.d.Size())
		if drafts.Load()+n > draftBudget {
			return false
		}
		drafts.Add(n)
		return true
	}, func(f File, _ []string) {
		if read != nil {
			mu.Lock()
			read(f.Name)
			mu.Unlock()
		}
	})
	if err != nil {
		return err
	}
	// The first read's documents are not built yet: the batch's lines are
	// counted from the parts, and each file's documents are built once,
	// from its parts or, where a recurring line was asked about, from its
	// draft finished again.
	st := &LineStats{seen: map[string]int{}}
	for _, in := range first {
		for k, f := range in.files {
			if f.Err != nil {
				continue
			}
			if d := in.drafts[k]; d != nil {
				st.addParts(d.parts)
			} else {
				st.Add(f.Docs)
			}
		}
	}
	var again []input
	var at []int
	type build struct {
		i, k, size int
		redo       bool // finished again from its draft
	}
	var builds []build
	for i, in := range first {
		var fs []int
		for k, q := range in.asked {
			if slices.ContainsFunc(q, st.Recurring) {
				fs = append(fs, k)
			}
		}
		if slices.ContainsFunc(fs, func(k int) bool { return in.drafts[k] == nil || in.drafts[k].d == nil }) {
			again, at = append(again, us[i]), append(at, i)
			continue
		}
		for k, d := range in.drafts {
			if d == nil || in.files[k].Err != nil {
				continue
			}
			b := build{i: i, k: k, redo: slices.Contains(fs, k)}
			for _, p := range d.parts {
				for _, para := range p.Paras {
					b.size += len(para.Text)
				}
			}
			builds = append(builds, b)
		}
	}
	// Largest first, as readInputs reads.
	slices.SortStableFunc(builds, func(x, y build) int { return cmp.Compare(y.size, x.size) })
	parallelDo(len(builds), workers, func(j int) {
		b := builds[j]
		d, f := first[b.i].drafts[b.k], &first[b.i].files[b.k]
		if b.redo {
			f.Docs, f.Err = d.docs(st.Recurring)
		} else {
			f.Docs, f.Err = d.partDocs()
		}
		first[b.i].drafts[b.k] = nil
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	for i := range first {
		first[i].drafts = nil
	}
	if len(again) > 0 {
		second, err := readInputs(ctx, again, workers, true, func(*[]string, **draft) Options {
			o := opt
			o.Recurring = st.Recurring
			return o
		}, nil, nil)
		if err != nil {
			return err
		}
		for k, i := range at {
			first[i] = second[k]
		}
	}
	for _, in := range first {
		for _, f := range in.files {
			if err := fn(f); err != nil {
				return err
			}
		}
	}
	return nil
}

// input is one input of a walk: a file to read, or a path that could not
// be read, reported as its File.
type input struct {
	path string
	bad  *File
}

// inputs lists the inputs under paths in the order WalkFiles meets them.
func inputs(paths []string) ([]input, error) {
	var us []input
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			us = append(us, input{bad: &File{Name: p, Err: fmt.Errorf("%s: 无法读取路径 (cannot read path): %w", p, err)}})
			continue
		}
		if !info.IsDir() {
			us = append(us, input{path: p})
			continue
		}
		files, err := listDir(p, func(path string, err error) error {
			us = append(us, input{bad: &File{Name: path, Err: fmt.Errorf("%s: 无法读取路径 (cannot read path): %w", path, err)}})
			return nil
		})
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			us = append(us, input{path: f})
		}
	}
	return us, nil
}

// readResult is what one input gave: its files (an archive gives one per
// member) and, per file, the line keys its cleaning asked Recurring about.
type readResult struct {
	files []File
	asked [][]string
	// drafts are the files' drafts, where the options asked for them
	// (else nil): their parts, and their clean.Draft where kept.
	drafts []*draft
}

// draftBudget bounds the bytes of drafts WalkLearning keeps for its second
// pass; a file past it is read again instead. Tests lower it.
var draftBudget int64 = 64 << 20

// parallelDo runs f(0..n-1) on workers goroutines (at least one).
func parallelDo(n, workers int, f func(int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range max(1, min(workers, n)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				j := int(next.Add(1) - 1)
				if j >= n {
					return
				}
				f(j)
			}
		}()
	}
	wg.Wait()
}

// readInputs reads us with workers in parallel. options returns a
// worker's read options given the worker's record of asked line keys and
// its slot for the last file's draft (set when the options ask for
// drafts); keepDraft (may be nil) says whether a file's draft, given the
// keys it asked, is kept in the result; done (may be nil) is handed each
// file read with the keys it asked (valid during the call). With keep unset
// nothing is kept: the result is nil and done sees every file.
func readInputs(ctx context.Context, us []input, workers int, keep bool, options func(rec *[]string, last **draft) Options, keepDraft func(d *draft, asked []string) bool, done func(f File, asked []string)) ([]readResult, error) {
	out := make([]readResult, len(us))
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for range max(1, min(workers, len(us))) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var rec []string
			var last *draft
			var scratch []byte
			opt := options(&rec, &last)
			// No caller of readInputs sees a file's Data: the worker
			// reads the next plain text into the last one's bytes.
			opt.scratch = &scratch
			for i := range next {
				if us[i].bad != nil {
					if keep {
						out[i].files = []File{*us[i].bad}
						out[i].asked = [][]string{nil}
						out[i].drafts = []*draft{nil}
					}
					if done != nil {
						done(*us[i].bad, nil)
					}
					continue
				}
				rec = rec[:0]
				err := walkFile(ctx, us[i].path, opt, func(f File) error {
					f.Data = nil
					if keep {
						out[i].files = append(out[i].files, f)
						out[i].asked = append(out[i].asked, slices.Clone(rec))
						if last != nil && (keepDraft == nil || !keepDraft(last, rec)) {
							last.d = nil // the parts are kept, not the draft
						}
						out[i].drafts = append(out[i].drafts, last)
					}
					last = nil
					if done != nil {
						done(f, rec)
					}
					rec = rec[:0]
					return nil
				})
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	order := make([]int, len(us))
	for i := range order {
		order[i] = i
	}
	if keep {
		// The results are kept by input, so the order files are read in
		// is free: largest first, so that the last file read is a small
		// one and no worker waits long on a big one at the end.
		size := make([]int64, len(us))
		for i, u := range us {
			if u.bad == nil {
				if info, err := os.Stat(u.path); err == nil {
					size[i] = info.Size()
				}
			}
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(size[b], size[a]) })
	}
	for _, i := range order {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if !keep {
		out = nil
	}
	return out, ctx.Err()
}

// Learned is a batch's learning read for WalkLearned: the recurring site
// chrome (Stats) and the documents of the plain files read first, kept so
// that the real read need not extract them again.
type Learned struct {
	// Stats are the batch's line counts; Stats.Recurring is the real
	// read's Options.Recurring.
	Stats *LineStats
	mu    sync.Mutex
	kept  map[string]keptFile
}

// keptFile is a plain file's documents from the learning read, and what
// tells that the file on disk is still the one read.
type keptFile struct {
	size    int64
	modTime time.Time
	docs    []doc.Document
}

// learnBudget bounds the bytes of documents Learn keeps (about 5 KB of
// text per document of a mixed batch: 13,345 documents hold ≈70 MB); a
// file past it is read again by WalkLearned. Tests lower it.
var learnBudget int64 = 96 << 20

// Learn reads every file under paths as CountLines does and counts their
// lines, keeping within learnBudget the documents of each plain file (not
// an archive) that the learned chrome does not change: one whose cleaning
// asked about no line the batch shows to recur, so that a read with
// Recurring set would give the same documents (see WalkLearning).
func Learn(ctx context.Context, paths []string, opt Options) (*Learned, error) {
	opt = opt.withDefaults()
	l := &Learned{Stats: &LineStats{seen: map[string]int{}}, kept: map[string]keptFile{}}
	us, err := inputs(paths)
	if err != nil {
		return l, err
	}
	plain := make(map[string]bool, len(us))
	for _, u := range us {
		if u.bad == nil {
			plain[u.path] = true
		}
	}
	asked := map[string][]string{}
	var used int64
	_, err = readInputs(ctx, us, runtime.GOMAXPROCS(0), false, func(rec *[]string, _ **draft) Options {
		o := opt
		o.Recurring = func(key string) bool {
			*rec = append(*rec, key)
			return false
		}
		return o
	}, nil, func(f File, keys []string) {
		l.mu.Lock()
		defer l.mu.Unlock()
		if f.Err != nil {
			return
		}
		l.Stats.Add(f.Docs)
		// An input's own name is a plain file's; an archive's members
		// are named under it, and its failures carry Err.
		if !plain[f.Name] {
			return
		}
		n := docsSize(f.Docs)
		if used+n > learnBudget {
			return
		}
		info, err := os.Stat(f.Name)
		if err != nil {
			return
		}
		used += n
		l.kept[f.Name] = keptFile{size: info.Size(), modTime: info.ModTime(), docs: f.Docs}
		asked[f.Name] = slices.Clone(keys)
	})
	l.Stats.prune()
	if err != nil {
		return l, err
	}
	for name, keys := range asked {
		if slices.ContainsFunc(keys, l.Stats.Recurring) {
			delete(l.kept, name)
		}
	}
	return l, nil
}

// docsSize is about the bytes docs hold.
func docsSize(docs []doc.Document) int64 {
	var n int64
	for _, d := range docs {
		n += int64(len(d.Text)+len(d.Title)+len(d.Source)) + 64*int64(len(d.Hints))
		for _, c := range d.Chrome {
			n += int64(len(c))
		}
		for _, w := range d.Warnings {
			n += int64(len(w))
		}
	}
	return n
}

// take hands over the kept documents of path, once.
func (l *Learned) take(path string) (keptFile, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	k, ok := l.kept[path]
	delete(l.kept, path)
	return k, ok
}

// WalkLearned is WalkFiles with opt.Recurring set to l's: a file whose
// documents l kept is only read for its bytes, unless it changed since.
func WalkLearned(ctx context.Context, paths []string, opt Options, l *Learned, fn func(File) error) error {
	opt.Recurring = l.Stats.Recurring
	opt = opt.withDefaults()
	return walkFiles(ctx, paths, opt, fn, func(ctx context.Context, path string, opt Options, fn func(File) error) error {
		k, ok := l.take(path)
		if !ok {
			return walkFile(ctx, path, opt, fn)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		data, err := readPath(path, opt.MaxSize)
		info, serr := os.Stat(path)
		if err != nil || serr != nil || int64(len(data)) != k.size || info.Size() != k.size || !info.ModTime().Equal(k.modTime) {
			return walkFile(ctx, path, opt, fn)
		}
		return fn(File{Name: path, Data: data, Docs: k.docs})
	})
}
