package corpus

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"github.com/planmine/planmine/corpus/reuse"
)

// PairRow is what a reuse pair row holds beyond its two ids and score:
// the engine pair's figures and its passages as code-point spans. The
// passages' texts and the sides' source, part and title are empty in rows
// written since spans-only storage (the corpus fills them from the
// documents on read); rows written by earlier versions carry them, and
// they are kept as they are.
type PairRow struct {
	ACovered    float64         `json:"a_covered"`
	BCovered    float64         `json:"b_covered"`
	Longest     int             `json:"longest"`
	Passages    []reuse.Passage `json:"passages"`
	Boilerplate []reuse.Passage `json:"boilerplate,omitempty"`
	Template    bool            `json:"template,omitempty"`
	// ASide and BSide are the sides' source, part, title (org, year) as
	// early rows stored them; their ID is unused (the pair's A and B).
	ASide reuse.DocRef `json:"a_side"`
	BSide reuse.DocRef `json:"b_side"`
}

// Pair row encoding. A store keeps a pair under its ids in order (a < b)
// and its score in columns of their own; the rest is one value written by
// EncodePairRow and read by DecodePairRow, so that both stores keep the
// same bytes. The layout is a version byte, a flags varint, both covered
// shares as float64 bits, then varints: Longest, and for each passage its
// start as a delta from the previous passage's end, its length, the same
// on side B, Chars and a kind code (the rare kind the code table lacks
// follows as a string). Texts and sides follow only when a row has them.
// Rows of earlier versions are the engine pair's JSON (first byte '{')
// and are read as they are; nothing rewrites them, a row is written in the
// new form when its pair is next stored (a reindex rewrites them all).
const pairRowV1 = 1

const (
	rowSwapped      = 1 << iota // the pair's A is the row's b
	rowTemplate                 // PairRow.Template
	rowPassages                 // Passages is not nil
	rowBoilerplate              // Boilerplate is not nil
	rowTexts                    // passages carry their texts
	rowSides                    // ASide/BSide are stored
	rowFlagsDefined = 1<<iota - 1
)

// kindCodes are the passage kinds written as one byte; any other kind is
// written as kindOther and a string.
var kindCodes = []string{"", reuse.KindFormula, reuse.KindTemplate}

const kindOther = 255

// errPairRow is the error of a pair row that does not decode.
var errPairRow = errors.New("复用对数据损坏 (corrupt reuse pair row)")

// EncodePairRow is the stored form of p.Row, nil for a pair without a
// row. A pair given with A > B is stored under (B, A) and remembers that
// its A came first.
func EncodePairRow(p ReusePair) []byte {
	r := p.Row
	if r == nil {
		return nil
	}
	flags := 0
	if p.A > p.B {
		flags |= rowSwapped
	}
	if r.Template {
		flags |= rowTemplate
	}
	if r.Passages != nil {
		flags |= rowPassages
	}
	if r.Boilerplate != nil {
		flags |= rowBoilerplate
	}
	for _, list := range [][]reuse.Passage{r.Passages, r.Boilerplate} {
		for _, x := range list {
			if x.AText != "" || x.BText != "" {
				flags |= rowTexts
			}
		}
	}
	if !sideEmpty(r.ASide) || !sideEmpty(r.BSide) {
		flags |= rowSides
	}
	b := make([]byte, 0, 24+8*(len(r.Passages)+len(r.Boilerplate)))
	b = append(b, pairRowV1)
	b = binary.AppendUvarint(b, uint64(flags))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(r.ACovered))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(r.BCovered))
	b = binary.AppendVarint(b, int64(r.Longest))
	for _, list := range [][]reuse.Passage{r.Passages, r.Boilerplate} {
		b = binary.AppendUvarint(b, uint64(len(list)))
		var aEnd, bEnd int
		for _, x := range list {
			b = binary.AppendVarint(b, int64(x.AStart-aEnd))
			b = binary.AppendVarint(b, int64(x.AEnd-x.AStart))
			b = binary.AppendVarint(b, int64(x.BStart-bEnd))
			b = binary.AppendVarint(b, int64(x.BEnd-x.BStart))
			b = binary.AppendVarint(b, int64(x.Chars))
			aEnd, bEnd = x.AEnd, x.BEnd
			code := kindOther
			for i, k := range kindCodes {
				if x.Kind == k {
					code = i
					break
				}
			}
			b = append(b, byte(code))
			if code == kindOther {
				b = appendString(b, x.Kind)
			}
			if flags&rowTexts != 0 {
				b = appendString(b, x.AText)
				b = appendString(b, x.BText)
			}
		}
	}
	if flags&rowSides != 0 {
		b = appendSide(b, r.ASide)
		b = appendSide(b, r.BSide)
	}
	return b
}

// DecodePairRow reads a stored pair: a and b are the row's ids (a < b),
// data its encoded row (NULL: a pair without a row, read as (a, b)). Rows
// in the JSON of earlier versions are read as they are. A row that does
// not decode is returned without its Row, with the error.
func DecodePairRow(a, b string, score float64, data []byte) (ReusePair, error) {
	p := ReusePair{A: a, B: b, Score: score}
	if data == nil {
		return p, nil
	}
	if len(data) > 0 && data[0] == '{' {
		return decodeJSONRow(p, data)
	}
	d := rowDecoder{b: data}
	if v := d.byte(); v != pairRowV1 || d.err {
		return p, fmt.Errorf("%w: %s/%s: version %d of %d bytes", errPairRow, a, b, v, len(data))
	}
	flags := d.uvarint()
	if flags&^rowFlagsDefined != 0 {
		d.err = true
	}
	r := &PairRow{Template: flags&rowTemplate != 0}
	r.ACovered = d.float()
	r.BCovered = d.float()
	r.Longest = d.int()
	for i, list := range []*[]reuse.Passage{&r.Passages, &r.Boilerplate} {
		n := d.uvarint()
		if n > uint64(len(d.b))/6 { // a passage takes at least 6 bytes
			d.err = true
		}
		if d.err {
			break
		}
		if n > 0 || flags&(rowPassages<<i) != 0 {
			*list = make([]reuse.Passage, n)
		}
		var aEnd, bEnd int
		for k := range *list {
			x := &(*list)[k]
			x.AStart = aEnd + d.int()
			x.AEnd = x.AStart + d.int()
			x.BStart = bEnd + d.int()
			x.BEnd = x.BStart + d.int()
			x.Chars = d.int()
			aEnd, bEnd = x.AEnd, x.BEnd
			switch code := int(d.byte()); {
			case code == kindOther:
				x.Kind = d.string()
				if slicesContain(kindCodes, x.Kind) {
					d.err = true // written as its code
				}
			case code < len(kindCodes):
				x.Kind = kindCodes[code]
			default:
				d.err = true
			}
			if flags&rowTexts != 0 {
				x.AText, x.BText = d.string(), d.string()
			}
		}
	}
	if flags&rowSides != 0 {
		r.ASide, r.BSide = d.side(), d.side()
	}
	if d.err || len(d.b) != 0 {
		return p, fmt.Errorf("%w: %s/%s", errPairRow, a, b)
	}
	if flags&rowSwapped != 0 {
		p.A, p.B = b, a
	}
	p.Row = r
	return p, nil
}

// decodeJSONRow reads a row in the JSON of earlier versions: the engine's
// pair, with or without texts and sides. Its ids say which side is A.
func decodeJSONRow(p ReusePair, data []byte) (ReusePair, error) {
	var q reuse.Pair
	if err := json.Unmarshal(data, &q); err != nil {
		return p, fmt.Errorf("%w: %s/%s: %v", errPairRow, p.A, p.B, err)
	}
	if q.A.ID == p.B && q.B.ID == p.A {
		p.A, p.B = p.B, p.A
	}
	p.Row = &PairRow{ACovered: q.ACovered, BCovered: q.BCovered, Longest: q.Longest,
		Passages: q.Passages, Boilerplate: q.Boilerplate, Template: q.Template,
		ASide: sideOf(q.A), BSide: sideOf(q.B)}
	return p, nil
}

func sideOf(r reuse.DocRef) reuse.DocRef {
	r.ID = ""
	return r
}

func sideEmpty(r reuse.DocRef) bool {
	return r.Source == "" && r.Part == 0 && r.Title == "" && r.Org == nil && r.Year == nil
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendSide(b []byte, r reuse.DocRef) []byte {
	b = appendString(b, r.Source)
	b = binary.AppendVarint(b, int64(r.Part))
	b = appendString(b, r.Title)
	has := 0
	if r.Org != nil {
		has |= 1
	}
	if r.Year != nil {
		has |= 2
	}
	b = append(b, byte(has))
	if r.Org != nil {
		b = appendString(b, *r.Org)
	}
	if r.Year != nil {
		b = binary.AppendVarint(b, int64(*r.Year))
	}
	return b
}

func slicesContain(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// rowDecoder reads a pair row; after the first fault every read returns
// zero and err stays set.
type rowDecoder struct {
	b   []byte
	err bool
}

func (d *rowDecoder) byte() byte {
	if d.err || len(d.b) == 0 {
		d.err = true
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *rowDecoder) uvarint() uint64 {
	if d.err {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = true
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *rowDecoder) int() int {
	if d.err {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 || v != int64(int(v)) {
		d.err = true
		return 0
	}
	d.b = d.b[n:]
	return int(v)
}

func (d *rowDecoder) float() float64 {
	if d.err || len(d.b) < 8 {
		d.err = true
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
	d.b = d.b[8:]
	return v
}

func (d *rowDecoder) string() string {
	n := d.uvarint()
	if d.err || n > uint64(len(d.b)) {
		d.err = true
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *rowDecoder) side() reuse.DocRef {
	r := reuse.DocRef{Source: d.string(), Part: d.int(), Title: d.string()}
	has := d.byte()
	if has&^3 != 0 {
		d.err = true
	}
	if has&1 != 0 {
		s := d.string()
		r.Org = &s
	}
	if has&2 != 0 {
		y := d.int()
		r.Year = &y
	}
	return r
}
