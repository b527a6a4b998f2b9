package ingest

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/clean"
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
	opt.Recurring = nil
	st := &LineStats{seen: map[string]int{}}
	err := WalkFiles(ctx, paths, opt, func(f File) error {
		if f.Err == nil {
			st.Add(f.Docs)
		}
		return nil
	})
	return st, err
}

// Add counts one file's documents.
func (s *LineStats) Add(docs []doc.Document) {
	if s.seen == nil {
		s.seen = map[string]int{}
	}
	s.files++
	mine := map[string]bool{}
	for _, d := range docs {
		for _, l := range strings.Split(d.Text, "\n") {
			if n := utf8.RuneCountInString(l); n == 0 || n > maxRecurRunes {
				continue
			}
			if k := clean.LineKey(l); !mine[k] {
				mine[k] = true
				s.seen[k]++
			}
		}
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
