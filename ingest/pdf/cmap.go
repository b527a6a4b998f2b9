package pdf

import (
	"io"
	"strings"
	"unicode/utf16"

	lpdf "github.com/ledongthuc/pdf"
)

// codeRange is one codespacerange entry: codes of n bytes between lo and hi.
type codeRange struct {
	n      int
	lo, hi uint32
}

// toUnicode is a parsed ToUnicode CMap. Lookups are map-based because the
// library's own CMap decoder scans every bfchar/bfrange per code, which is
// quadratic on the large CID fonts CJK documents embed.
type toUnicode struct {
	spaces []codeRange
	// chars maps (length<<32 | code) to the decoded text.
	chars map[uint64]string
	// ranges holds bfrange entries with a string destination, resolved lazily.
	ranges []bfRange
}

type bfRange struct {
	n      int
	lo, hi uint32
	dst    []uint16 // UTF-16 of the first code's text; the last unit increments
}

func key(n int, code uint32) uint64 { return uint64(n)<<32 | uint64(code) }

func bytesToCode(s string) uint32 {
	var c uint32
	for i := 0; i < len(s) && i < 4; i++ {
		c = c<<8 | uint32(s[i])
	}
	return c
}

func utf16Units(s string) []uint16 {
	u := make([]uint16, 0, len(s)/2)
	for i := 0; i+1 < len(s); i += 2 {
		u = append(u, uint16(s[i])<<8|uint16(s[i+1]))
	}
	return u
}

func utf16String(s string) string {
	return string(utf16.Decode(utf16Units(s)))
}

// maxCMapSize bounds how much of a ToUnicode stream is read.
const maxCMapSize = 16 << 20

// parseToUnicode reads a ToUnicode CMap stream. It returns nil when the
// stream yields no mapping. The CMap is tokenised here rather than run
// through the library's PostScript interpreter, which panics on the
// "findresource begin" preamble unless given its own unexported dict type.
// Malformed parts are skipped: a partial map still decodes most text, and
// the quality gate catches the rest.
func parseToUnicode(v lpdf.Value) (m *toUnicode) {
	if v.Kind() != lpdf.Stream {
		return nil
	}
	defer func() {
		if recover() != nil {
			m = nil
		}
	}()
	rc := v.Reader()
	data, _ := io.ReadAll(io.LimitReader(rc, maxCMapSize))
	rc.Close()
	return parseCMap(data)
}

// cmapTok is one CMap token: a hex or literal string (str), an array of
// strings (arr), or an operator/number/name (word).
type cmapTok struct {
	kind byte // 's' string, 'a' array, 'w' word
	str  string
	arr  []string
}

func parseCMap(data []byte) *toUnicode {
	m := &toUnicode{chars: map[uint64]string{}}
	var stk []cmapTok
	lx := cmapLexer{b: data}
	for {
		t, ok := lx.next()
		if !ok {
			break
		}
		if t.kind != 'w' {
			stk = append(stk, t)
			continue
		}
		switch t.str {
		case "endcodespacerange":
			for i := 0; i+1 < len(stk); i += 2 {
				lo, hi := stk[i].str, stk[i+1].str
				if len(lo) == 0 || len(lo) != len(hi) || len(lo) > 4 {
					continue
				}
				m.spaces = append(m.spaces, codeRange{len(lo), bytesToCode(lo), bytesToCode(hi)})
			}
		case "endbfchar":
			for i := 0; i+1 < len(stk); i += 2 {
				src := stk[i].str
				if len(src) == 0 || len(src) > 4 {
					continue
				}
				m.chars[key(len(src), bytesToCode(src))] = utf16String(stk[i+1].str)
			}
		case "endbfrange":
			for i := 0; i+2 < len(stk); i += 3 {
				loS, hiS, dst := stk[i].str, stk[i+1].str, stk[i+2]
				if len(loS) == 0 || len(loS) != len(hiS) || len(loS) > 4 {
					continue
				}
				lo, hi := bytesToCode(loS), bytesToCode(hiS)
				if hi < lo {
					continue
				}
				if dst.kind == 'a' {
					// Array form: one destination per code of the range.
					for j := 0; j < len(dst.arr) && uint32(j) <= hi-lo; j++ {
						m.chars[key(len(loS), lo+uint32(j))] = utf16String(dst.arr[j])
					}
					continue
				}
				m.ranges = append(m.ranges, bfRange{len(loS), lo, hi, utf16Units(dst.str)})
			}
		}
		// Every operator consumes its operands; begin… operators take a count.
		stk = stk[:0]
	}
	if len(m.chars) == 0 && len(m.ranges) == 0 {
		return nil
	}
	return m
}

// cmapLexer splits CMap PostScript into the tokens parseCMap needs.
type cmapLexer struct {
	b []byte
	i int
}

func (lx *cmapLexer) next() (cmapTok, bool) {
	b := lx.b
	for lx.i < len(b) {
		c := b[lx.i]
		switch {
		case c == '%':
			for lx.i < len(b) && b[lx.i] != '\n' && b[lx.i] != '\r' {
				lx.i++
			}
		case c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0:
			lx.i++
		case c == '<' && lx.i+1 < len(b) && b[lx.i+1] == '<', c == '>' && lx.i+1 < len(b) && b[lx.i+1] == '>':
			lx.i += 2
			return cmapTok{kind: 'w', str: string(b[lx.i-2 : lx.i])}, true
		case c == '<':
			return cmapTok{kind: 's', str: lx.hex()}, true
		case c == '(':
			return cmapTok{kind: 's', str: lx.literal()}, true
		case c == '[':
			lx.i++
			var arr []string
			for {
				t, ok := lx.next()
				if !ok || t.kind == 'w' && t.str == "]" {
					break
				}
				if t.kind == 's' {
					arr = append(arr, t.str)
				}
			}
			return cmapTok{kind: 'a', arr: arr}, true
		case c == ']' || c == '{' || c == '}' || c == '>':
			lx.i++
			return cmapTok{kind: 'w', str: string(c)}, true
		default:
			j := lx.i
			if c == '/' {
				lx.i++
			}
			for lx.i < len(b) && !strings.ContainsRune(" \n\r\t\f\x00<>[](){}/%", rune(b[lx.i])) {
				lx.i++
			}
			if lx.i == j {
				lx.i++
			}
			return cmapTok{kind: 'w', str: string(b[j:lx.i])}, true
		}
	}
	return cmapTok{}, false
}

func (lx *cmapLexer) hex() string {
	lx.i++ // <
	var out []byte
	hi, half := byte(0), false
	for lx.i < len(lx.b) && lx.b[lx.i] != '>' {
		c := lx.b[lx.i]
		lx.i++
		var v byte
		switch {
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			continue
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		out = append(out, hi<<4)
	}
	lx.i++ // >
	return string(out)
}

func (lx *cmapLexer) literal() string {
	lx.i++ // (
	var out []byte
	depth := 1
	for lx.i < len(lx.b) {
		c := lx.b[lx.i]
		lx.i++
		switch c {
		case '\\':
			out = lx.escape(out)
			continue
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return string(out)
			}
		}
		out = append(out, c)
	}
	return string(out)
}

// lookup returns the text for an n-byte code and whether it is mapped.
func (m *toUnicode) lookup(n int, code uint32) (string, bool) {
	if s, ok := m.chars[key(n, code)]; ok {
		return s, true
	}
	for _, r := range m.ranges {
		if r.n == n && code >= r.lo && code <= r.hi {
			if len(r.dst) == 0 {
				return "", true
			}
			u := append([]uint16(nil), r.dst...)
			u[len(u)-1] += uint16(code - r.lo)
			return string(utf16.Decode(u)), true
		}
	}
	return "", false
}

// codeLen returns how many bytes the next code in s takes per the CMap's
// codespace ranges, or def when no range matches.
func (m *toUnicode) codeLen(s string, def int) int {
	if m == nil || len(m.spaces) == 0 {
		return def
	}
	for n := 1; n <= 4 && n <= len(s); n++ {
		c := bytesToCode(s[:n])
		for _, sp := range m.spaces {
			if sp.n == n && c >= sp.lo && c <= sp.hi {
				return n
			}
		}
	}
	return def
}

// escape decodes the escape after a backslash in a literal string: \n \r
// \t \b \f, up to three octal digits, or the character itself.
func (lx *cmapLexer) escape(out []byte) []byte {
	if lx.i >= len(lx.b) {
		return out
	}
	c := lx.b[lx.i]
	lx.i++
	switch c {
	case 'n':
		return append(out, '\n')
	case 'r':
		return append(out, '\r')
	case 't':
		return append(out, '\t')
	case 'b':
		return append(out, '\b')
	case 'f':
		return append(out, '\f')
	}
	if c < '0' || c > '7' {
		return append(out, c)
	}
	v := c - '0'
	for k := 0; k < 2 && lx.i < len(lx.b) && lx.b[lx.i] >= '0' && lx.b[lx.i] <= '7'; k++ {
		v = v<<3 | (lx.b[lx.i] - '0')
		lx.i++
	}
	return append(out, v)
}
