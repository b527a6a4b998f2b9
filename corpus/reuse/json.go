package reuse

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"unicode/utf8"
)

// WriteJSON writes r as an encoding/json Encoder with SetEscapeHTML(false)
// and SetIndent("", "  ") writes it, byte for byte, without reflection: a
// report is megabytes of passage text, and the reflective encoder and its
// indentation pass were a noticeable part of `planmine reuse --json`.
func WriteJSON(w io.Writer, r Report) error {
	j := &jsonWriter{w: w, buf: make([]byte, 0, 1<<16)}
	j.report(r)
	j.buf = append(j.buf, '\n')
	if j.err != nil {
		return j.err
	}
	j.flush()
	return j.err
}

// jsonWriter appends indented JSON to buf, handing it to w in chunks.
type jsonWriter struct {
	w     io.Writer
	buf   []byte
	depth int
	err   error
	// first is set right after an opening bracket: the next member goes
	// without a comma.
	first bool
}

func (j *jsonWriter) flush() {
	if j.w == nil {
		return // a part rendered for another writer keeps its buffer
	}
	if j.err == nil && len(j.buf) > 0 {
		_, j.err = j.w.Write(j.buf)
	}
	j.buf = j.buf[:0]
}

func (j *jsonWriter) newline() {
	j.buf = append(j.buf, '\n')
	for range j.depth {
		j.buf = append(j.buf, ' ', ' ')
	}
}

// open starts an object or array; close ends it, on its own line unless
// it was empty.
func (j *jsonWriter) open(c byte) {
	j.buf = append(j.buf, c)
	j.depth++
	j.first = true
}

func (j *jsonWriter) close(c byte) {
	j.depth--
	if !j.first {
		j.newline()
	}
	j.buf = append(j.buf, c)
	j.first = false
	if len(j.buf) > 1<<16 {
		j.flush()
	}
}

// elem starts an array element or object member.
func (j *jsonWriter) elem() {
	if !j.first {
		j.buf = append(j.buf, ',')
	}
	j.first = false
	j.newline()
}

func (j *jsonWriter) key(k string) {
	j.elem()
	j.buf = append(j.buf, '"')
	j.buf = append(j.buf, k...)
	j.buf = append(j.buf, '"', ':', ' ')
}

func (j *jsonWriter) int(k string, v int) {
	j.key(k)
	j.buf = strconv.AppendInt(j.buf, int64(v), 10)
}

func (j *jsonWriter) bool(k string, v bool) {
	j.key(k)
	j.buf = strconv.AppendBool(j.buf, v)
}

// float writes v as encoding/json does (ES6 number formatting).
func (j *jsonWriter) float(k string, v float64) {
	j.key(k)
	if math.IsInf(v, 0) || math.IsNaN(v) {
		// encoding/json refuses these too; report figures are never either.
		if j.err == nil {
			j.err = fmt.Errorf("json: unsupported value: %v", v)
		}
		v = 0
	}
	format := byte('f')
	if abs := math.Abs(v); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	n0 := len(j.buf)
	j.buf = strconv.AppendFloat(j.buf, v, format, -1, 64)
	if format == 'e' {
		b := j.buf[n0:]
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			j.buf = j.buf[:len(j.buf)-1]
		}
	}
}

func (j *jsonWriter) str(k, v string) {
	j.key(k)
	j.string(v)
}

const hexDigits = "0123456789abcdef"

// string writes s quoted as encoding/json does without HTML escaping:
// control characters escaped, invalid UTF-8 as \ufffd, U+2028 and U+2029
// escaped.
func (j *jsonWriter) string(s string) {
	dst := append(j.buf, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		// A valid three-byte rune other than U+2028 and U+2029 (E2 80 A8,
		// E2 80 A9) is copied as it is; E0 and ED restrict their second
		// byte and take the general path.
		if i+2 < len(s) && (b >= 0xE1 && b <= 0xEC || b >= 0xEE && b <= 0xEF) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 &&
			!(b == 0xE2 && s[i+1] == 0x80 && s[i+2]&0xFE == 0xA8) {
			i += 3
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	j.buf = append(dst, '"')
}

func (j *jsonWriter) report(r Report) {
	j.open('{')
	j.key("pairs")
	j.pairs(r.Pairs)
	j.key("clusters")
	list(j, r.Clusters, func(c *[]string) {
		list(j, *c, func(id *string) { j.string(*id) })
	})
	j.key("documents")
	list(j, r.Documents, j.docStats)
	j.close('}')
}

// pairs is list(j, ps, j.pair), the pairs rendered on all cores: they are
// most of a report's bytes. Each chunk of pairs is written by a writer of
// its own at j's depth into one of a few buffers, handed to w in order and
// reused: the report is never held whole, nor copied again.
func (j *jsonWriter) pairs(ps []Pair) {
	if ps == nil {
		j.null()
		return
	}
	j.open('[')
	const chunk = 16 // pairs per chunk
	n := (len(ps) + chunk - 1) / chunk
	workers := min(runtime.GOMAXPROCS(0), n)
	// Two buffers a worker: one being filled while the other waits its
	// turn to be written.
	free := make(chan []byte, 2*workers)
	for range 2 * workers {
		free <- nil
	}
	type job struct {
		k   int
		buf []byte
	}
	jobs := make(chan job)
	done := make([]chan []byte, n)
	errs := make([]error, n)
	for k := range done {
		done[k] = make(chan []byte, 1)
	}
	go func() {
		// Chunks are handed out in order, each with a free buffer, so the
		// next one to write always has its buffer.
		for k := range n {
			jobs <- job{k, <-free}
		}
		close(jobs)
	}()
	for range workers {
		go func() {
			for jb := range jobs {
				from, to := jb.k*chunk, min((jb.k+1)*chunk, len(ps))
				c := &jsonWriter{buf: jb.buf[:0], depth: j.depth, first: jb.k == 0}
				// Sized from the passages' text: grown by doubling, the
				// buffers made twice their size in garbage.
				if size := pairsSize(ps[from:to]); cap(c.buf) < size {
					c.buf = make([]byte, 0, size)
				}
				for i := from; i < to; i++ {
					c.elem()
					c.pair(&ps[i])
				}
				errs[jb.k] = c.err
				done[jb.k] <- c.buf
			}
		}()
	}
	for k := range n {
		b := <-done[k]
		if j.err == nil {
			j.err = errs[k]
		}
		if j.w == nil {
			j.buf = append(j.buf, b...)
		} else {
			j.flush()
			if j.err == nil {
				_, j.err = j.w.Write(b)
			}
		}
		free <- b
		j.first = false
	}
	j.close(']')
}

// pairsSize is a little more than the bytes pair writes for ps at the
// depth of a report's pairs (texts unescaped).
func pairsSize(ps []Pair) int {
	n := 0
	for i := range ps {
		p := &ps[i]
		n += 400 + (len(p.A.ID) + len(p.A.Source) + len(p.A.Title) + len(p.B.ID) + len(p.B.Source) + len(p.B.Title))
		for _, x := range [][]Passage{p.Passages, p.Boilerplate} {
			for k := range x {
				n += 200 + len(x[k].AText) + len(x[k].BText) + len(x[k].Kind)
			}
		}
	}
	return n + n/16
}

// list writes xs as encoding/json does: null for a nil slice, else an
// array with each element written by each.
func list[T any](j *jsonWriter, xs []T, each func(*T)) {
	if xs == nil {
		j.null()
		return
	}
	j.open('[')
	for i := range xs {
		j.elem()
		each(&xs[i])
	}
	j.close(']')
}

func (j *jsonWriter) null() { j.buf = append(j.buf, "null"...) }

func (j *jsonWriter) docRefFields(d *DocRef) {
	j.str("id", d.ID)
	j.str("source", d.Source)
	j.int("part", d.Part)
	j.str("title", d.Title)
	if d.Org != nil {
		j.str("org", *d.Org)
	}
	if d.Year != nil {
		j.int("year", *d.Year)
	}
}

func (j *jsonWriter) pair(p *Pair) {
	j.open('{')
	j.key("a")
	j.open('{')
	j.docRefFields(&p.A)
	j.close('}')
	j.key("b")
	j.open('{')
	j.docRefFields(&p.B)
	j.close('}')
	j.float("score", p.Score)
	j.float("a_covered", p.ACovered)
	j.float("b_covered", p.BCovered)
	j.int("longest", p.Longest)
	j.key("passages")
	j.passages(p.Passages)
	if len(p.Boilerplate) > 0 {
		j.key("boilerplate")
		j.passages(p.Boilerplate)
	}
	if p.Template {
		j.bool("template", true)
	}
	j.close('}')
}

func (j *jsonWriter) passages(ps []Passage) {
	list(j, ps, func(x *Passage) {
		j.open('{')
		j.int("a_start", x.AStart)
		j.int("a_end", x.AEnd)
		j.int("b_start", x.BStart)
		j.int("b_end", x.BEnd)
		j.str("a_text", x.AText)
		j.str("b_text", x.BText)
		j.int("chars", x.Chars)
		if x.Kind != "" {
			j.str("kind", x.Kind)
		}
		j.close('}')
	})
}

func (j *jsonWriter) docStats(d *DocStats) {
	j.open('{')
	j.docRefFields(&d.DocRef)
	j.int("chars", d.Chars)
	j.int("countable", d.Countable)
	j.float("copied", d.Copied)
	j.float("max_source", d.MaxSource)
	if d.MaxSourceID != "" {
		j.str("max_source_id", d.MaxSourceID)
	}
	j.float("boilerplate", d.Boilerplate)
	j.int("longest", d.Longest)
	j.int("sources", d.Sources)
	if len(d.Sections) > 0 {
		j.key("sections")
		j.open('[')
		for i := range d.Sections {
			s := &d.Sections[i]
			j.elem()
			j.open('{')
			j.int("level", s.Level)
			j.str("number", s.Number)
			j.str("title", s.Title)
			j.int("start", s.Start)
			j.int("end", s.End)
			j.float("copied", s.Copied)
			j.close('}')
		}
		j.close(']')
	}
	j.close('}')
}
