package pdf

import (
	"math"

	lpdf "github.com/ledongthuc/pdf"
)

// font is what the line rebuild needs from a PDF font: how to split a
// string into codes, how to decode a code, and how far each code advances.
type font struct {
	tu *toUnicode
	// fallback is the library's encoder, used for codes the ToUnicode map
	// lacks (or all codes when there is no ToUnicode). It is built on the
	// first such code (encoder): the library parses the ToUnicode map
	// again to build it, which was half of the fonts' load time and which
	// a font whose map covers its codes never needs. lib is the font it is
	// built from; tried says whether it was.
	fallback lpdf.TextEncoding
	lib      lpdf.Font
	tried    bool
	// composite fonts (Type0) use multi-byte codes; simple fonts one byte.
	composite bool
	// widths in glyph units per code; dw is the default.
	first  int
	widths []float64
	cidW   map[int]float64
	dw     float64
	// scale converts glyph units to text space (0.001, or the Type 3 FontMatrix).
	scale float64
	// spaceCode reports whether the single-byte code 32 takes word spacing.
}

func loadFont(v lpdf.Value) *font {
	f := &font{scale: 0.001, dw: 1000}
	sub := v.Key("Subtype").Name()
	f.composite = sub == "Type0"
	f.tu = parseToUnicode(v.Key("ToUnicode"))
	f.lib = lpdf.Font{V: v}
	if f.composite {
		d := v.Key("DescendantFonts").Index(0)
		if x := d.Key("DW"); x.Kind() == lpdf.Integer || x.Kind() == lpdf.Real {
			f.dw = x.Float64()
		}
		f.cidW = parseW(d.Key("W"))
		return f
	}
	f.first = int(v.Key("FirstChar").Int64())
	w := v.Key("Widths")
	for i := 0; i < w.Len() && i < 65536; i++ {
		f.widths = append(f.widths, w.Index(i).Float64())
	}
	f.dw = 0
	if sub == "Type3" {
		fm := v.Key("FontMatrix")
		if fm.Len() == 6 {
			if s := math.Abs(fm.Index(0).Float64()); s > 0 && !math.IsInf(s, 0) {
				f.scale = s
			}
		}
	}
	return f
}

// encoder returns the library's encoder for f, building it on first use;
// nil when the library panics on the font's dictionary (the codes the
// ToUnicode map lacks then decode to nothing, as a font that failed to
// load does).
func (f *font) encoder() lpdf.TextEncoding {
	if !f.tried {
		f.tried = true
		func() {
			defer func() { _ = recover() }() // fallback stays nil
			f.fallback = f.lib.Encoder()
		}()
	}
	return f.fallback
}

// parseW reads a CIDFont /W array: "c [w1 w2 …]" and "cfirst clast w".
func parseW(w lpdf.Value) map[int]float64 {
	m := map[int]float64{}
	n := w.Len()
	for i := 0; i < n; {
		c := int(w.Index(i).Int64())
		if i+1 >= n {
			break
		}
		next := w.Index(i + 1)
		if next.Kind() == lpdf.Array {
			for j := 0; j < next.Len() && j < 65536; j++ {
				m[c+j] = next.Index(j).Float64()
			}
			i += 2
			continue
		}
		if i+2 >= n {
			break
		}
		last := int(next.Int64())
		wd := w.Index(i + 2).Float64()
		for c2 := c; c2 <= last && c2-c < 65536; c2++ {
			m[c2] = wd
		}
		i += 3
	}
	return m
}

// width returns the advance of a code in text space units per unit font size.
func (f *font) width(code uint32) float64 {
	if f.composite {
		if w, ok := f.cidW[int(code)]; ok {
			return w * f.scale
		}
		return f.dw * f.scale
	}
	i := int(code) - f.first
	if i >= 0 && i < len(f.widths) {
		return f.widths[i] * f.scale
	}
	return f.dw * f.scale
}

// glyph is one decoded code.
type glyph struct {
	text  string
	adv   float64 // advance in text space per unit font size
	space bool    // single-byte code 32, which takes word spacing
}

// decode splits raw into codes and decodes each, ToUnicode first.
func (f *font) decode(raw string, out []glyph) []glyph {
	def := 1
	if f.composite {
		def = 2
	}
	for len(raw) > 0 {
		n := def
		if f.composite {
			n = f.tu.codeLen(raw, def)
		}
		if n > len(raw) {
			n = len(raw)
		}
		s := raw[:n]
		raw = raw[n:]
		code := bytesToCode(s)
		g := glyph{adv: f.width(code), space: n == 1 && code == 32}
		ok := false
		if f.tu != nil {
			g.text, ok = f.tu.lookup(n, code)
		}
		if !ok {
			if enc := f.encoder(); enc != nil {
				g.text = enc.Decode(s)
			}
		}
		out = append(out, g)
	}
	return out
}
