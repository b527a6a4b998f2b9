// Package clean strips site chrome and debris from paragraphs and splits
// files that hold several documents into parts.
//
// Split runs a fixed pipeline of named steps (see pipeline), each a plain
// function over the file's lines; the knowledge the steps use (chrome
// keywords, title words, number patterns) lives in the tables of rules.go.
package clean

import (
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/ingest/raw"
)

// Part is one document found in a file.
type Part struct {
	// Title is the document's title as written (Traditional stays
	// Traditional), without collection markers such as " 篇3" or "(2)".
	Title string
	// Paras are the cleaned paragraphs, the title paragraph first when the
	// title was found in the text. A single empty paragraph stands where
	// the input had a run of blank lines.
	Paras []raw.Para
}

// line is one non-blank paragraph travelling through the pipeline. Its
// strings and counts come before its flags, which pack into one word: a
// file's lines are copied whole by the steps and by Draft.Finish.
type line struct {
	p raw.Para
	// title is the title of the document a start line begins.
	title string
	// folded caches the line's folded text (see ctx.lineFold); setText
	// clears it.
	folded string
	// hits caches chromeHits of the folded text, when hasHits; setText
	// clears it too.
	hits int
	// gap records that blank lines preceded it in the input.
	gap bool
	// start marks the first line of a new document.
	start bool
	// cut marks a line that an inline step emptied as chrome; it is
	// dropped with the whole chrome lines and counts as one of them.
	cut bool
	// explicit marks the title row of a government information table;
	// headline a line that stood right above a dropped meta line; brk a
	// line that followed a "查看全文" link, so may start another excerpt;
	// headTitle the line markHead chose as the title.
	explicit, headline, brk, headTitle bool
	hasFolded, hasHits                 bool
}

// step is one named stage of the cleaning pipeline.
type step struct {
	name string
	run  func(c *ctx, ls []line) []line
}

// ctx carries what the steps share about the file being cleaned.
type ctx struct {
	// trad is true when the file is written in Traditional script; keyword
	// tables are matched against text folded to Simplified.
	trad bool
	// recurring is Options.Recurring.
	recurring func(key string) bool
	// trimmed remembers trimTitle's answers: the head steps ask about the
	// same lines again and again.
	trimmed map[string]string
}

// fold returns s folded for matching: Simplified script (for a
// Traditional file), half-width ASCII, lower case. Its rune count equals
// s's, so rune offsets found in it are offsets into s.
func (c *ctx) fold(s string) string {
	if !c.trad {
		if f, ok := foldWidth(s); ok {
			return f // s itself when there is nothing to fold
		}
	}
	var b strings.Builder
	b.Grow(len(s))
	// Runs of runes that fold to themselves are copied whole.
	kept := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		f := r
		if c.trad {
			f = fold.Rune(f)
		} else {
			f = fold.Width(f)
		}
		if f < utf8.RuneSelf {
			f = unicode.ToLower(f)
		}
		if f != r || r == utf8.RuneError && size == 1 {
			b.WriteString(s[kept:i])
			b.WriteRune(f)
			kept = i + size
		}
		i += size
	}
	b.WriteString(s[kept:])
	return b.String()
}

// foldWidth is fold for a line of a Simplified file, rune by rune from
// the lead bytes, checking the UTF-8 on the way: only ASCII capitals, the
// full-width forms U+FF01-U+FF5E and the ideographic space change, and a
// Chinese line holds full-width punctuation almost always. It returns s
// itself when nothing changes, and false when s is not valid UTF-8 (fold
// then takes the general path).
func foldWidth(s string) (string, bool) {
	var b strings.Builder
	kept := 0
	for i := 0; i < len(s); {
		c := s[i]
		var f byte
		w := 1
		switch {
		case c < utf8.RuneSelf:
			if c < 'A' || c > 'Z' {
				i++
				continue
			}
			f = c + ('a' - 'A')
		case c >= 0xE1 && c <= 0xEF && c != 0xED && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80:
			// A valid three-byte rune (E0 and ED restrict their second
			// byte and take the general case below).
			switch {
			case c == 0xEF && (s[i+1] == 0xBC || s[i+1] == 0xBD):
				r := rune(0xF)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
				if r < 0xFF01 || r > 0xFF5E {
					i += 3
					continue
				}
				f, w = byte(r-0xFEE0), 3
				if f >= 'A' && f <= 'Z' {
					f += 'a' - 'A'
				}
			case c == 0xE3 && s[i+1] == 0x80 && s[i+2] == 0x80:
				f, w = ' ', 3
			default:
				i += 3
				continue
			}
		default:
			// Any other rune stays; invalid UTF-8 goes the general way.
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				return "", false
			}
			i += size
			continue
		}
		if kept == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[kept:i])
		b.WriteByte(f)
		i += w
		kept = i
	}
	if kept == 0 {
		return s, true
	}
	b.WriteString(s[kept:])
	return b.String(), true
}

// pipeline is the cleaning order. It matters: characters are normalised
// before any pattern runs; a government information table gives up its
// title row before its other rows go as chrome; markup and inline chrome
// are cut before lines are judged whole; chrome lines go before page
// debris is re-joined, so a page number never glues a footer onto
// content; broken titles are joined on clean lines; blurbs and the head
// are judged last, when only the site's prose and the title lines are
// left above the body.
var pipeline = []step{
	{"normalize", normalize},
	{"markup", stripMarkup},
	{"info-table", keepInfoTitle},
	{"inline", cutInline},
	{"licence", dropLicenceFooter},
	{"chrome-lines", dropChromeLines},
	{"repeated", dropRepeated},
	{"page-debris", joinPageDebris},
	{"broken-titles", joinBrokenTitles},
	{"blurbs", cutBlurbs},
	{"head", markHead},
	{"byline", cutByline},
}

// Split cleans paras and splits them into documents. name is the file
// name; its base without extension is the title of a document whose text
// offers none. It returns no parts when nothing is left after cleaning.
func Split(name string, paras []raw.Para) []Part {
	return SplitWith(name, paras, Options{})
}

// Options carries what a caller knows beyond the one file.
type Options struct {
	// Recurring reports whether a line, given as its LineKey, recurs in
	// many files of the corpus: a site's label or footer. Such a line is
	// dropped unless it could be a document's title, a heading or a
	// sentence; a file is cleaned as well without it.
	Recurring func(key string) bool
}

// SplitWith is Split with corpus knowledge.
func SplitWith(name string, paras []raw.Para, opt Options) []Part {
	ls, c := prepare(paras)
	for _, s := range pipeline[:corpusStep] {
		ls = s.run(c, ls)
	}
	return finish(name, c, ls, opt)
}

// corpusStep is the first step of the pipeline that asks
// Options.Recurring; the steps before it see only the file.
var corpusStep = slices.IndexFunc(pipeline, func(s step) bool { return s.name == "chrome-lines" })

// finish runs the steps from corpusStep on and splits the file.
func finish(name string, c *ctx, ls []line, opt Options) []Part {
	c.recurring = opt.Recurring
	for _, s := range pipeline[corpusStep:] {
		ls = s.run(c, ls)
	}
	return assemble(name, c, split(c, ls))
}

// Draft is a file cleaned up to the first step that asks
// Options.Recurring. A batch reads each file before it knows which lines
// recur across it; a file whose cleaning asked about a line that turns out
// to recur is finished again from its draft rather than read and cleaned
// from the start.
type Draft struct {
	name string
	ls   []line
	c    ctx
}

// Begin cleans paras up to the steps that need Options.
func Begin(name string, paras []raw.Para) *Draft {
	ls, c := prepare(paras)
	for _, s := range pipeline[:corpusStep] {
		ls = s.run(c, ls)
	}
	return &Draft{name: name, ls: ls, c: *c}
}

// Finish completes the cleaning with opt: SplitWith of the draft's file.
// The draft is left as it was, to be finished again with other Options;
// one draft is finished by one goroutine at a time.
func (d *Draft) Finish(opt Options) []Part {
	c := d.c
	// The steps work on a copy of the lines in pooled space: the parts
	// copy what they keep of the lines, so the copy is free once they are
	// made.
	bp := linePool.Get().(*[]line)
	ls := append((*bp)[:0], d.ls...)
	parts := finish(d.name, &c, ls, opt)
	clear(ls[:cap(ls)])
	*bp = ls[:0]
	linePool.Put(bp)
	return parts
}

// linePool holds the space Draft.Finish copies a draft's lines into.
var linePool = sync.Pool{New: func() any { return new([]line) }}

// Size is about the bytes the draft holds.
func (d *Draft) Size() int {
	n := len(d.ls) * int(unsafe.Sizeof(line{}))
	for i := range d.ls {
		n += len(d.ls[i].p.Text) + len(d.ls[i].folded)
	}
	return n
}

// LineKey is the form in which Options.Recurring is asked about a line:
// its text normalised and folded (Simplified script, half-width, lower
// case). Callers count lines across files by this key.
func LineKey(text string) string {
	t := normalizeText(text)
	c := &ctx{trad: fold.Script(t) == fold.Traditional}
	return c.fold(t)
}

// prepare turns paragraphs into lines, dropping blank ones but remembering
// where they were, and detects the file's script.
func prepare(paras []raw.Para) ([]line, *ctx) {
	ls := make([]line, 0, len(paras))
	gap := false
	for _, p := range paras {
		if strings.TrimFunc(p.Text, isSpaceOrInvisible) == "" {
			gap = true
			continue
		}
		ls = append(ls, line{p: p, gap: gap})
		gap = false
	}
	// The script is judged on the first lines, up to the one that passes
	// 64 KiB.
	n := 0
	for _, l := range ls {
		if n >= 1<<16 {
			break
		}
		n += len(l.p.Text)
	}
	// The sample is built in pooled space: fold.Script only reads it.
	bp := samplePool.Get().(*[]byte)
	sample := slices.Grow((*bp)[:0], n)
	for _, l := range ls {
		if len(sample) >= 1<<16 {
			break
		}
		sample = append(sample, l.p.Text...)
	}
	trad := fold.Script(unsafe.String(unsafe.SliceData(sample), len(sample))) == fold.Traditional
	*bp = sample
	samplePool.Put(bp)
	return ls, &ctx{trad: trad}
}

// samplePool holds the buffers prepare judges a file's script on.
var samplePool = sync.Pool{New: func() any { return new([]byte) }}

func isSpaceOrInvisible(r rune) bool {
	return unicode.IsSpace(r) || isInvisible(r) || r == 0x3000
}

// lineFold returns l's text folded, computing it once per text: the steps
// look at every line many times.
func (c *ctx) lineFold(l *line) string {
	if !l.hasFolded {
		l.folded, l.hasFolded = c.fold(l.p.Text), true
	}
	return l.folded
}

// lineHits returns chromeHits of l's folded text, counting once per text.
func (c *ctx) lineHits(l *line) int {
	if !l.hasHits {
		l.hits, l.hasHits = chromeHits(c.lineFold(l)), true
	}
	return l.hits
}

// setText replaces a line's text and keeps its Number hint honest: a
// rendered list number that no longer starts the text is cleared.
func setText(l *line, s string) {
	if s != l.p.Text {
		l.p.Text = s
		l.folded, l.hasFolded = "", false
		l.hasHits = false
	}
	if l.p.Number != "" && !strings.HasPrefix(s, l.p.Number) {
		l.p.Number = ""
	}
}

// keep returns the lines whose text is not empty.
func keep(ls []line) []line {
	out := ls[:0]
	for _, l := range ls {
		if strings.TrimSpace(l.p.Text) != "" {
			out = append(out, l)
		}
	}
	return out
}

// hanCount counts Han characters in s.
func hanCount(s string) int {
	n := 0
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if isHan(r) {
			n++
		}
		i += size
	}
	return n
}

// baseName is the file name without directory and extension.
func baseName(name string) string {
	b := filepath.Base(name)
	if b == "." || b == "/" {
		return ""
	}
	return strings.TrimSuffix(b, filepath.Ext(b))
}
