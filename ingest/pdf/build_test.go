package pdf

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// pdfBuilder writes small PDFs for tests: a Helvetica font /F1 for ASCII
// and a Type0 Identity-H font /F2 whose ToUnicode maps one 2-byte code
// per distinct character used through hex, so that tests can lay out
// Chinese text without embedding a font program.
type pdfBuilder struct {
	codes map[rune]uint16
	// uni overrides what a code decodes to (e.g. a Kangxi radical).
	uni     map[rune]string
	encrypt bool
	forms   []string // Form XObject content, named /Fm0, /Fm1…
}

func newBuilder() *pdfBuilder {
	return &pdfBuilder{codes: map[rune]uint16{}, uni: map[rune]string{}}
}

// hex encodes s for /F2 as a hex string operand.
func (b *pdfBuilder) hex(s string) string {
	var sb strings.Builder
	sb.WriteByte('<')
	for _, r := range s {
		c, ok := b.codes[r]
		if !ok {
			c = uint16(len(b.codes) + 1)
			b.codes[r] = c
		}
		fmt.Fprintf(&sb, "%04X", c)
	}
	sb.WriteByte('>')
	return sb.String()
}

// cjkLine shows s with /F2 at size sz from (x, y).
func (b *pdfBuilder) cjkLine(x, y, sz float64, s string) string {
	return fmt.Sprintf("BT /F2 %g Tf %g %g Td %s Tj ET\n", sz, x, y, b.hex(s))
}

func (b *pdfBuilder) toUnicode() string {
	type pair struct {
		c uint16
		r rune
	}
	var ps []pair
	for r, c := range b.codes {
		ps = append(ps, pair{c, r})
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].c < ps[j].c })
	var sb strings.Builder
	sb.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Test-UCS def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for i := 0; i < len(ps); i += 100 {
		end := min(i+100, len(ps))
		fmt.Fprintf(&sb, "%d beginbfchar\n", end-i)
		for _, p := range ps[i:end] {
			u := string(p.r)
			if o, ok := b.uni[p.r]; ok {
				u = o
			}
			var hx strings.Builder
			for _, r16 := range utf16Encode(u) {
				fmt.Fprintf(&hx, "%04X", r16)
			}
			fmt.Fprintf(&sb, "<%04X> <%s>\n", p.c, hx.String())
		}
		sb.WriteString("endbfchar\n")
	}
	sb.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return sb.String()
}

func utf16Encode(s string) []uint16 {
	var out []uint16
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			out = append(out, uint16(0xD800+(r>>10)), uint16(0xDC00+(r&0x3FF)))
			continue
		}
		out = append(out, uint16(r))
	}
	return out
}

// build writes a PDF with one A4 page per content stream.
func (b *pdfBuilder) build(pages ...string) []byte {
	var objs []string
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	stream := func(dict, data string) string {
		return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data)+0, data)
	}
	catalog := add("") // filled below
	pagesObj := add("")
	f1 := add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	cid := add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TestCJK /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>")
	tu := add(stream("", b.toUnicode()))
	f2 := add(fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /TestCJK /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>", cid, tu))
	res := fmt.Sprintf("/Font << /F1 %d 0 R /F2 %d 0 R >>", f1, f2)
	var xo []string
	for i, fm := range b.forms {
		n := add(stream(fmt.Sprintf("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << %s >>", res), fm))
		xo = append(xo, fmt.Sprintf("/Fm%d %d 0 R", i, n))
	}
	if len(xo) > 0 {
		res += " /XObject << " + strings.Join(xo, " ") + " >>"
	}
	var kids []string
	for _, c := range pages {
		cn := add(stream("", c))
		pn := add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources << %s >> /Contents %d 0 R >>", pagesObj, res, cn))
		kids = append(kids, fmt.Sprintf("%d 0 R", pn))
	}
	objs[catalog-1] = fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pagesObj)
	objs[pagesObj-1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))
	var enc string
	if b.encrypt {
		en := add("<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <" + strings.Repeat("7A", 32) + "> /U <" + strings.Repeat("3C", 32) + "> >>")
		enc = fmt.Sprintf(" /Encrypt %d 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>]", en)
	}
	var out bytes.Buffer
	out.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&out, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&out, "trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, catalog, enc, xref)
	return out.Bytes()
}
