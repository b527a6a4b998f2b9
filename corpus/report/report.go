// Package report builds a document's copy-check report (查重报告), in the
// shape reviewers know from CNKI and VIP reports: the total copied share
// (总文字复制比), the boilerplate share, each source document with its
// share, the copied share of each outline section, and the shared passages
// side by side. It renders the report as printable HTML, PDF and XLSX, and
// exports every reuse pair of the corpus as CSV or XLSX.
//
// The report is built from what the reuse index already stored for the
// document (corpus.Corpus.DocumentReuse): no document is aligned again.
// Every share in one report is measured in one unit, so the figures agree
// with each other and with the passages listed: normalised characters
// (Han characters, digits and letters, script folded: what the reuse index
// compares), over the document's countable text, i.e. without the
// boilerplate known for it (official formulas and 《》 titles found in its
// text, and every shared passage the index classed as common phrasing,
// formula or template).
package report

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/planmine/planmine/corpus/reuse"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/nlp/fingerprint"
)

// Reader is what Build reads; *corpus.Corpus satisfies it.
type Reader interface {
	Get(ctx context.Context, id string) (*doc.Document, error)
	DocumentReuse(ctx context.Context, id string) ([]reuse.Pair, error)
}

// Options tunes Build. Zero fields take defaults.
type Options struct {
	// Now is the report date; zero means time.Now().
	Now time.Time
	// Version is the planmine version printed in the header; "" means
	// Version().
	Version string
	// Lexicon is the formula list the reuse index used; nil means
	// fingerprint.DefaultLexicon(), the index's default.
	Lexicon *fingerprint.Lexicon
}

// Report is one document's copy-check report. Shares are in [0, 1].
type Report struct {
	Doc       DocInfo   `json:"document"`
	Generated time.Time `json:"generated"`
	Version   string    `json:"version"`

	// Chars is the document's length in normalised characters; Countable
	// the part that is not boilerplate, the denominator of every share;
	// Copied the countable characters inside copied passages (the union
	// over all sources).
	Chars     int `json:"chars"`
	Countable int `json:"countable"`
	Copied    int `json:"copied_chars"`
	// Total is the total copied share (总文字复制比): Copied / Countable.
	Total float64 `json:"total"`
	// BoilerChars are the characters of formula, template or common text;
	// Boilerplate their share of Chars (not counted as copying).
	BoilerChars int     `json:"boilerplate_chars"`
	Boilerplate float64 `json:"boilerplate"`
	// MaxSource is the largest single-source share (单篇最大文字复制比).
	MaxSource float64 `json:"max_source"`
	// Longest is the longest copied passage, in normalised characters.
	Longest  int       `json:"longest"`
	Sources  []Source  `json:"sources"`
	Sections []Section `json:"sections"`
}

// DocInfo names a document in the report.
type DocInfo struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Source  string `json:"source"`
	Part    int    `json:"part"`
	DocType string `json:"doc_type,omitempty"`
	Org     string `json:"org,omitempty"`
	Year    int    `json:"year,omitempty"`
	Date    string `json:"date,omitempty"`
}

// Name is the title, or the file name when the document has none.
func (d DocInfo) Name() string {
	if strings.TrimSpace(d.Title) != "" {
		return d.Title
	}
	if d.Source != "" {
		return d.Source
	}
	return d.ID
}

// Source is one source document: a peer the document shares copied
// passages with, or a loaded template (whose passages are boilerplate).
type Source struct {
	// No is the source's number in the report, from 1.
	No       int     `json:"no"`
	Doc      DocInfo `json:"doc"`
	Template bool    `json:"template,omitempty"`
	// Copied is the report document's countable characters inside the
	// passages copied from this source, Share their part of Countable.
	Copied int     `json:"copied_chars"`
	Share  float64 `json:"share"`
	// Score, ACovered and BCovered are the pair's figures as the reuse
	// index computed them (SPEC §3), for reference.
	Score    float64 `json:"score"`
	ACovered float64 `json:"a_covered"`
	BCovered float64 `json:"b_covered"`
	// Longest is the longest copied passage, in normalised characters.
	Longest int `json:"longest"`
	// Passages are the copied and the boilerplate passages, in the order
	// of the report document's text.
	Passages []Passage `json:"passages"`
}

// Copies counts the passages that are copying, not boilerplate.
func (s Source) Copies() int {
	n := 0
	for _, p := range s.Passages {
		if !p.Boilerplate {
			n++
		}
	}
	return n
}

// Passage is one shared passage with code-point offsets into each
// document's text (half-open) and the text at them.
type Passage struct {
	Start       int    `json:"start"`
	End         int    `json:"end"`
	SourceStart int    `json:"source_start"`
	SourceEnd   int    `json:"source_end"`
	Text        string `json:"text"`
	SourceText  string `json:"source_text"`
	// Chars is the passage's length in normalised characters.
	Chars int `json:"chars"`
	// Kind is "" for copying, else the boilerplate layer: common, formula
	// or template (reuse.Kind*); Boilerplate is Kind != "".
	Kind        string `json:"kind,omitempty"`
	Boilerplate bool   `json:"boilerplate,omitempty"`
	// Section is the outline path of the section the passage starts in.
	Section string `json:"section,omitempty"`
}

// Section is one outline section with its copied share. A section's span
// includes its subsections.
type Section struct {
	Level     int     `json:"level"`
	Heading   string  `json:"heading"`
	Start     int     `json:"start"`
	End       int     `json:"end"`
	Countable int     `json:"countable"`
	Copied    int     `json:"copied_chars"`
	Share     float64 `json:"share"`
}

// ErrNoDocument is returned for an empty document id.
var ErrNoDocument = errors.New("缺少文档 id (missing document id)")

// Build reads the document with this id and its stored reuse pairs from
// src and builds its report. Errors from src (e.g. not found) are returned
// as they are, so callers can map them.
func Build(ctx context.Context, src Reader, id string, opt Options) (*Report, error) {
	if strings.TrimSpace(id) == "" {
		return nil, ErrNoDocument
	}
	d, err := src.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	pairs, err := src.DocumentReuse(ctx, id)
	if err != nil {
		return nil, err
	}
	infos := map[string]DocInfo{}
	for _, p := range pairs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if p.Template {
			continue // reference texts are not stored documents
		}
		if _, ok := infos[p.B.ID]; ok {
			continue
		}
		// Org and year come from the stored document; a source deleted
		// since keeps the name its pair recorded.
		if bd, err := src.Get(ctx, p.B.ID); err == nil {
			infos[p.B.ID] = info(bd)
		}
	}
	return FromPairs(d, pairs, infos, opt), nil
}

// FromPairs builds the report of d from its reuse pairs (each with d as A,
// as corpus.DocumentReuse returns them); infos, which may be nil, gives
// the source documents' details by id.
func FromPairs(d *doc.Document, pairs []reuse.Pair, infos map[string]DocInfo, opt Options) *Report {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.Version == "" {
		opt.Version = Version()
	}
	if opt.Lexicon == nil {
		opt.Lexicon = fingerprint.DefaultLexicon()
	}
	s := fingerprint.Normalize(d.Text)
	norm := func(start, end int) [2]int { return [2]int{s.Index(start), s.Index(end)} }

	// Boilerplate: what the index would find in the text alone (formulas,
	// cited titles), plus every shared passage it classed as boilerplate.
	boil := fingerprint.Intervals(opt.Lexicon.Find(s))
	boil = append(boil, fingerprint.Citations(d.Text, s)...)
	for _, p := range pairs {
		for _, x := range p.Boilerplate {
			boil = append(boil, norm(x.AStart, x.AEnd))
		}
		if p.Template {
			for _, x := range p.Passages {
				boil = append(boil, norm(x.AStart, x.AEnd))
			}
		}
	}
	boil = fingerprint.Union(boil)

	r := &Report{Doc: info(d), Generated: opt.Now, Version: opt.Version, Chars: s.Len(),
		Sources: []Source{}, Sections: []Section{}}
	r.BoilerChars = fingerprint.Measure(boil)
	r.Countable = r.Chars - r.BoilerChars
	r.Boilerplate = share(r.BoilerChars, r.Chars)

	flat := flatten(d.Sections, nil, nil)
	var all [][2]int
	for _, p := range pairs {
		src := Source{Doc: refInfo(p.B, infos), Template: p.Template, Score: p.Score,
			ACovered: p.ACovered, BCovered: p.BCovered, Passages: []Passage{}}
		var cp [][2]int
		add := func(x reuse.Passage, boiler bool) {
			kind := x.Kind
			if boiler && kind == "" {
				kind = reuse.KindTemplate
			}
			src.Passages = append(src.Passages, Passage{Start: x.AStart, End: x.AEnd,
				SourceStart: x.BStart, SourceEnd: x.BEnd, Text: x.AText, SourceText: x.BText,
				Chars: x.Chars, Kind: kind, Boilerplate: boiler, Section: sectionAt(flat, x.AStart)})
			if !boiler {
				cp = append(cp, norm(x.AStart, x.AEnd))
				src.Longest = max(src.Longest, x.Chars)
			}
		}
		for _, x := range p.Passages {
			add(x, p.Template)
		}
		for _, x := range p.Boilerplate {
			add(x, true)
		}
		if len(src.Passages) == 0 {
			continue
		}
		sort.SliceStable(src.Passages, func(i, j int) bool { return src.Passages[i].Start < src.Passages[j].Start })
		cp = fingerprint.Union(cp)
		src.Copied = covered(cp, boil)
		src.Share = share(src.Copied, r.Countable)
		all = append(all, cp...)
		r.MaxSource = max(r.MaxSource, src.Share)
		r.Longest = max(r.Longest, src.Longest)
		r.Sources = append(r.Sources, src)
	}
	// Most copied first; templates, which count nothing, after the peers.
	sort.SliceStable(r.Sources, func(i, j int) bool {
		a, b := r.Sources[i], r.Sources[j]
		if a.Template != b.Template {
			return !a.Template
		}
		if a.Share != b.Share {
			return a.Share > b.Share
		}
		return a.Doc.ID < b.Doc.ID
	})
	for i := range r.Sources {
		r.Sources[i].No = i + 1
	}
	all = fingerprint.Union(all)
	r.Copied = covered(all, boil)
	r.Total = share(r.Copied, r.Countable)

	for _, f := range flat {
		i, j := s.Index(f.sec.Start), s.Index(f.sec.End)
		sec := Section{Level: f.sec.Level, Heading: f.heading, Start: f.sec.Start, End: f.sec.End}
		sec.Countable = j - i - fingerprint.Overlap(boil, i, j)
		for _, x := range all {
			if lo, hi := max(x[0], i), min(x[1], j); lo < hi {
				sec.Copied += hi - lo - fingerprint.Overlap(boil, lo, hi)
			}
		}
		sec.Share = share(sec.Copied, sec.Countable)
		r.Sections = append(r.Sections, sec)
	}
	return r
}

// info is a stored document's DocInfo.
func info(d *doc.Document) DocInfo {
	di := DocInfo{ID: d.ID, Title: d.Title, Source: d.Source, Part: d.Part, DocType: d.DocType}
	if d.Org != nil {
		di.Org = *d.Org
	}
	if d.Year != nil {
		di.Year = *d.Year
	}
	if d.Date != nil {
		di.Date = *d.Date
	}
	return di
}

// refInfo is the DocInfo of a pair's source: the stored document's when
// known, else what the pair recorded.
func refInfo(ref reuse.DocRef, infos map[string]DocInfo) DocInfo {
	if di, ok := infos[ref.ID]; ok {
		return di
	}
	return DocInfo{ID: ref.ID, Title: ref.Title, Source: ref.Source, Part: ref.Part}
}

// flatSection is an outline section with its heading path.
type flatSection struct {
	sec     doc.Section
	heading string
	path    string
}

// flatten lists an outline tree in document order, each section with its
// heading ("二、加强组织建设") and its path ("二、加强组织建设 > （一）…").
func flatten(ss []doc.Section, parents []string, out []flatSection) []flatSection {
	for _, s := range ss {
		h := heading(s)
		path := append(append([]string(nil), parents...), h)
		out = append(out, flatSection{sec: s, heading: h, path: strings.Join(path, " > ")})
		out = flatten(s.Children, path, out)
	}
	return out
}

// heading renders a section's number as written, then its title.
func heading(s doc.Section) string {
	num := s.Marker
	if num == "" && s.Number != "" {
		num = s.Number + " "
	}
	return strings.TrimSpace(num + s.Title)
}

// sectionAt is the path of the innermost section holding offset off.
func sectionAt(flat []flatSection, off int) string {
	best := ""
	for _, f := range flat {
		// Later sections in document order are deeper or further on; the
		// last one that holds off is the innermost.
		if f.sec.Start <= off && off < f.sec.End {
			best = f.path
		}
	}
	return best
}

// covered counts the characters of the disjoint intervals iv that are not
// boilerplate.
func covered(iv, boil [][2]int) int {
	n := 0
	for _, x := range iv {
		n += x[1] - x[0] - fingerprint.Overlap(boil, x[0], x[1])
	}
	return n
}

func share(n, d int) float64 {
	if d <= 0 || n <= 0 {
		return 0
	}
	return min(1, float64(n)/float64(d))
}

// Percent formats a share the way the reports print it: 62.5%.
func Percent(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }
