package pdf

import (
	"math"
	"reflect"
	"strings"

	lpdf "github.com/ledongthuc/pdf"
)

// mat is a PDF affine matrix [a b c d e f] (row-vector convention).
type mat [6]float64

var identity = mat{1, 0, 0, 1, 0, 0}

// mul returns m×n: apply m first, then n.
func (m mat) mul(n mat) mat {
	return mat{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func translate(x, y float64) mat { return mat{1, 0, 0, 1, x, y} }

// run is a piece of text shown at one place, in device space (y up).
type run struct {
	x, y  float64 // start of the baseline
	x1    float64 // end of the advance
	size  float64 // font size in device units
	text  string
	space float64 // device width of a space, for gap decisions
}

// tjGap is the TJ adjustment (thousandths of an em) beyond which a gap
// counts as a word space rather than kerning.
const tjGap = 200

// maxFormDepth bounds Form XObject recursion, which a hostile file can make cyclic.
const maxFormDepth = 8

// pageState interprets one content stream and collects runs.
type pageState struct {
	fonts map[string]*font // cache per resources dictionary and name
	// loaded holds the fonts of the whole document by object (see
	// fontKeyOf): pages share their fonts, and loading one (its
	// ToUnicode map and widths) was a third of extracting a PDF.
	loaded map[fontKey]*font
	runs   []run
	buf    []glyph
}

type gstate struct {
	ctm                      mat
	tc, tw, th, tl, fs, rise float64
	f                        *font
}

// interpret runs the content stream strm with resources res.
func (ps *pageState) interpret(strm, res lpdf.Value, ctm mat, depth int) {
	// Forms get their own font cache: their font names resolve in their
	// own resources, which may reuse a page font's name for another font.
	fonts := map[string]*font{}
	if depth == 0 {
		fonts = ps.fonts
	}
	// Resolve the font dictionary once: the library re-parses objects on
	// every access, and Chromium switches font before nearly every glyph.
	fontDict := res.Key("Font")
	gs := gstate{ctm: ctm, th: 1}
	var stack []gstate
	var tm, tlm mat
	// actual holds ActualText replacements of open marked-content sequences;
	// depth counts nesting so the right EMC closes them.
	type marked struct {
		actual  string
		has     bool
		started bool
	}
	var mstack []marked
	var emit func(text string, sx, sy float64, tm mat, vs, size float64)

	emit = func(text string, sx, sy float64, tm mat, vs, size float64) {
		end := tm.mul(gs.ctm)
		if n := len(mstack); n > 0 && mstack[n-1].has {
			// ActualText replaces what the glyphs say (Chromium marks glyphs
			// it substituted, e.g. Kangxi ⼗ for 十); emit it once.
			if mstack[n-1].started {
				text = ""
			} else {
				text = mstack[n-1].actual
				mstack[n-1].started = true
			}
		}
		if text == "" {
			return
		}
		sp := 0.25 * size
		if gs.f != nil {
			if w := gs.f.width(32); w > 0 && !gs.f.composite {
				sp = w * gs.fs * vs
			}
		}
		ps.runs = append(ps.runs, run{x: sx, y: sy, x1: end[4], size: size, text: text, space: math.Abs(sp)})
	}

	show := func(adjust []float64, parts []string) {
		if gs.f == nil {
			return
		}
		trm := tm.mul(gs.ctm)
		vs := math.Hypot(trm[2], trm[3])
		size := gs.fs * vs
		if gs.f.scale != 0.001 {
			size *= gs.f.scale * 1000
		}
		size = math.Abs(size)
		var sb strings.Builder
		start := true
		var sx, sy float64
		for i, p := range parts {
			if i < len(adjust) && adjust[i] != 0 {
				if adjust[i] < -tjGap && !start {
					// A wide TJ gap separates words: end the run here so
					// that the line join can decide on a space.
					emit(sb.String(), sx, sy, tm, vs, size)
					sb.Reset()
					start = true
				}
				tx := -adjust[i] / 1000 * gs.fs * gs.th
				tm = translate(tx, 0).mul(tm)
			}
			ps.buf = gs.f.decode(p, ps.buf[:0])
			for _, g := range ps.buf {
				if start {
					o := tm.mul(gs.ctm)
					sx, sy = o[4], o[5]
					start = false
				}
				sb.WriteString(g.text)
				w := g.adv*gs.fs + gs.tc
				if g.space {
					w += gs.tw
				}
				tm = translate(w*gs.th, 0).mul(tm)
			}
		}
		if !start {
			emit(sb.String(), sx, sy, tm, vs, size)
		}
	}

	lpdf.Interpret(strm, func(stk *lpdf.Stack, op string) {
		n := stk.Len()
		args := make([]lpdf.Value, n)
		for i := n - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		num := func(i int) float64 {
			if i < len(args) {
				return args[i].Float64()
			}
			return 0
		}
		switch op {
		case "q":
			if len(stack) < 1024 {
				stack = append(stack, gs)
			}
		case "Q":
			if len(stack) > 0 {
				gs = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
		case "cm":
			if len(args) == 6 {
				gs.ctm = mat{num(0), num(1), num(2), num(3), num(4), num(5)}.mul(gs.ctm)
			}
		case "BT":
			tm, tlm = identity, identity
		case "Tf":
			if len(args) == 2 {
				gs.fs = num(1)
				name := args[0].Name()
				f, ok := fonts[name]
				if !ok {
					f = ps.loadFont(fontDict.Key(name), name)
					fonts[name] = f
				}
				gs.f = f
			}
		case "Tc":
			gs.tc = num(0)
		case "Tw":
			gs.tw = num(0)
		case "Tz":
			gs.th = num(0) / 100
		case "TL":
			gs.tl = num(0)
		case "Ts":
			gs.rise = num(0)
		case "Td", "TD":
			if len(args) == 2 {
				if op == "TD" {
					gs.tl = -num(1)
				}
				tlm = translate(num(0), num(1)).mul(tlm)
				tm = tlm
			}
		case "Tm":
			if len(args) == 6 {
				tlm = mat{num(0), num(1), num(2), num(3), num(4), num(5)}
				tm = tlm
			}
		case "T*":
			tlm = translate(0, -gs.tl).mul(tlm)
			tm = tlm
		case "Tj":
			if len(args) == 1 {
				show(nil, []string{args[0].RawString()})
			}
		case "'", "\"":
			if op == "\"" && len(args) == 3 {
				gs.tw, gs.tc = num(0), num(1)
			}
			tlm = translate(0, -gs.tl).mul(tlm)
			tm = tlm
			if len(args) > 0 {
				show(nil, []string{args[len(args)-1].RawString()})
			}
		case "TJ":
			if len(args) == 1 && args[0].Kind() == lpdf.Array {
				a := args[0]
				var parts []string
				var adj []float64
				pending := 0.0
				for i := 0; i < a.Len(); i++ {
					e := a.Index(i)
					if e.Kind() == lpdf.String {
						parts = append(parts, e.RawString())
						adj = append(adj, pending)
						pending = 0
					} else {
						pending += e.Float64()
					}
				}
				show(adj, parts)
			}
		case "BMC":
			mstack = append(mstack, marked{})
		case "BDC":
			m := marked{}
			if len(args) == 2 && args[1].Kind() == lpdf.Dict {
				if at := args[1].Key("ActualText"); at.Kind() == lpdf.String {
					m.actual, m.has = at.Text(), true
				}
			}
			mstack = append(mstack, m)
		case "EMC":
			if len(mstack) > 0 {
				mstack = mstack[:len(mstack)-1]
			}
		case "Do":
			if depth >= maxFormDepth || len(args) != 1 {
				return
			}
			xo := res.Key("XObject").Key(args[0].Name())
			if xo.Key("Subtype").Name() != "Form" {
				return
			}
			fm := identity
			if m := xo.Key("Matrix"); m.Len() == 6 {
				fm = mat{m.Index(0).Float64(), m.Index(1).Float64(), m.Index(2).Float64(),
					m.Index(3).Float64(), m.Index(4).Float64(), m.Index(5).Float64()}
			}
			fres := xo.Key("Resources")
			if fres.IsNull() {
				fres = res
			}
			ps.interpret(xo, fres, fm.mul(gs.ctm), depth+1)
		}
	})
}

// loadFont loads the font v (named name in its resources), or takes it
// from the fonts already loaded when v is an object seen before.
func (ps *pageState) loadFont(v lpdf.Value, name string) *font {
	k, ok := fontKeyOf(v, name)
	if !ok || ps.loaded == nil {
		return safeLoadFont(v)
	}
	if f, ok := ps.loaded[k]; ok {
		return f
	}
	f := safeLoadFont(v)
	ps.loaded[k] = f
	return f
}

// fontKey names a font across the pages of one document: the object that
// holds it and its name there. An indirect font is its own object; a
// direct one is named within the object that holds its font dictionary.
type fontKey struct {
	id   uint32
	gen  uint16
	name string
}

// fontKeyOf reads which object v was resolved from. The library keeps
// that unexported; should it ever stop keeping it so, ok is false and
// every page loads its fonts itself, as before.
func fontKeyOf(v lpdf.Value, name string) (k fontKey, ok bool) {
	ptr := reflect.ValueOf(v).FieldByName("ptr")
	if !ptr.IsValid() || ptr.Kind() != reflect.Struct || ptr.NumField() != 2 {
		return k, false
	}
	id, gen := ptr.Field(0), ptr.Field(1)
	if id.Kind() != reflect.Uint32 || gen.Kind() != reflect.Uint16 || id.Uint() == 0 {
		return k, false
	}
	return fontKey{id: uint32(id.Uint()), gen: uint16(gen.Uint()), name: name}, true
}

// safeLoadFont loads a font, turning a library panic on a malformed font
// dictionary into a font that decodes nothing rather than failing the page.
func safeLoadFont(v lpdf.Value) (f *font) {
	defer func() {
		if recover() != nil {
			f = &font{scale: 0.001, tried: true}
		}
	}()
	return loadFont(v)
}
