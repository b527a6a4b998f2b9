// Package fold turns text into its matching form: Traditional script folded
// to Simplified (OpenCC hk2s, which unlike t2s also folds 衞) and full-width
// ASCII folded to half-width. The folded text has exactly as many code points
// as the input, so every offset found in it is an offset into the original:
// no offset map is needed, the identity is the map.
package fold

//go:generate go run ./gen

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
)

// Script values returned by Script.
const (
	Simplified  = "simplified"
	Traditional = "traditional"
)

// Runes from TableLo up to TableHi are looked up in flat arrays: a map
// lookup per rune made folding the slowest stage of analysis.
const (
	TableLo = 0x3400
	TableHi = 0xFAFF
	tabLo   = TableLo
	tabHi   = TableHi
)

// hanfold.bin holds the single-rune tables, built from OpenCC by
// foldgen at go generate time (building them at start cost 0.1 s CPU per
// process): (TableHi−TableLo+1) × u32 Simplified fold (0: none), then a
// bitmap of Simplified-only runes.
//
//go:embed hanfold.bin
var hanfold []byte

type tables struct {
	// trad[4(r-tabLo):] is the Simplified rune r folds to on its own, or 0
	// when r is not Traditional-only.
	trad []byte
	// simp bit r-tabLo marks runes that change when converted to
	// Traditional (Simplified-only).
	simp []byte
	// phrase[r-tabLo] marks phraseSensitive runes.
	phrase []bool
	// tradBits bit r-tabLo marks runes with a trad fold (Traditional-only),
	// for Script's count: a bitmap stays in cache where trad does not.
	tradBits []byte
}

func (t *tables) tradOf(r rune) (rune, bool) {
	if r < tabLo || r > tabHi {
		return r, false
	}
	f := rune(binary.LittleEndian.Uint32(t.trad[4*(r-tabLo):]))
	return f, f != 0
}

func (t *tables) isSimp(r rune) bool {
	if r < tabLo || r > tabHi {
		return false
	}
	k := r - tabLo
	return t.simp[k/8]&(1<<(k%8)) != 0
}

func (t *tables) isPhrase(r rune) bool {
	return r >= tabLo && r <= tabHi && t.phrase[r-tabLo]
}

var errCorrupt = errors.New("fold: hanfold.bin has the wrong size (run go generate ./ingest/fold/)")

var (
	once sync.Once
	tab  *tables
	err0 error
)

// HanRanges are the ranges the single-rune tables cover: CJK Unified
// Ideographs, Extension A and the compatibility block.
var HanRanges = [][2]rune{{0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xF900, 0xFAFF}}

// phraseConv is OpenCC's hk2s with its phrase tables, loaded on the first
// Traditional run holding a phraseSensitive rune (building its dictionary
// costs about 40 ms).
var phraseConv = sync.OnceValues(func() (*opencc.OpenCC, error) { return opencc.New("hk2s") })

func load() {
	n := tabHi - tabLo + 1
	if len(hanfold) != 4*n+(n+7)/8 {
		err0 = errCorrupt
		return
	}
	t := &tables{trad: hanfold[:4*n], simp: hanfold[4*n:], phrase: make([]bool, n), tradBits: make([]byte, (n+7)/8)}
	for _, r := range phraseSensitive {
		t.phrase[r-tabLo] = true
	}
	for k := 0; k < n; k++ {
		if binary.LittleEndian.Uint32(t.trad[4*k:]) != 0 {
			t.tradBits[k/8] |= 1 << (k % 8)
		}
	}
	tab = t
}

// Init loads the conversion tables. It is called lazily by the other
// functions; call it at start-up to pay the cost (about 100 ms) up front.
func Init() error {
	once.Do(load)
	return err0
}

// Script reports whether s is written in Traditional or Simplified script,
// by counting runes that exist only in one of the two.
func Script(s string) string {
	if Init() != nil {
		return Simplified
	}
	// The text is counted block by block, and the count stops once the
	// rest of it could not change the answer: a Simplified text usually
	// settles it well before its end. Blocks end before a non-continuation
	// byte, which scriptCounts reaches the same way whole or cut.
	nt, ns := 0, 0
	for i := 0; i < len(s); {
		j := min(len(s), i+scriptBlock)
		for j < len(s) && s[j]&0xC0 == 0x80 {
			j++
		}
		t, n := scriptCounts(s[i:j])
		nt, ns, i = nt+t, ns+n, j
		rest := (len(s) - i) / 3 // the most runes the rest can count
		if nt+rest < 3 || nt+rest <= 2*ns {
			return Simplified
		}
		if nt >= 3 && nt > 2*(ns+rest) {
			return Traditional
		}
	}
	if nt >= 3 && nt > 2*ns {
		return Traditional
	}
	return Simplified
}

// scriptBlock is the bytes Script counts between checks.
const scriptBlock = 4096

// scriptCounts counts the Traditional-only and the Simplified-only runes
// of s (tables loaded).
func scriptCounts(s string) (nt, ns int) {
	// Only three-byte sequences can be runes of the tables (U+3400 is E3 90
	// 80); the bytes of any other rune, or of invalid UTF-8, are stepped
	// over one by one, which never takes a continuation byte for a lead.
	for i := 0; i+2 < len(s); {
		c0 := s[i]
		if c0 < 0xE3 || c0 > 0xEF {
			i++
			continue
		}
		c1, c2 := s[i+1], s[i+2]
		if c1&0xC0 != 0x80 || c2&0xC0 != 0x80 || c0 == 0xED && c1 >= 0xA0 {
			i++ // not a valid three-byte sequence (0xED A0-BF: surrogates)
			continue
		}
		i += 3
		r := rune(c0&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F)
		if r < tabLo || r > tabHi {
			continue
		}
		k := r - tabLo
		if tab.tradBits[k/8]&(1<<(k%8)) != 0 {
			nt++
		} else if tab.simp[k/8]&(1<<(k%8)) != 0 {
			ns++
		}
	}
	return nt, ns
}

// Width folds one rune from full width to half width (Ａ→A, ３→3, （→(,
// U+3000→space); other runes are returned unchanged.
func Width(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case r == 0x3000:
		return ' '
	}
	return r
}

// Text returns s with Traditional folded to Simplified and full-width ASCII
// folded to half-width. The result has the same number of code points as s.
func Text(s string) string {
	if Init() != nil {
		return widthOnly(s)
	}
	trad := Script(s) == Traditional
	var b strings.Builder
	b.Grow(len(s))
	runStart := -1 // byte offset of the current Han run
	flush := func(end int) {
		if runStart < 0 {
			return
		}
		foldHan(&b, s[runStart:end], trad)
		runStart = -1
	}
	for i, r := range s {
		if isHan(r) {
			if runStart < 0 {
				runStart = i
			}
			continue
		}
		flush(i)
		b.WriteRune(Width(r))
	}
	flush(len(s))
	return b.String()
}

// Rune folds a single rune (script and width) without phrase context.
func Rune(r rune) rune {
	if Init() == nil {
		if f, ok := tab.tradOf(r); ok {
			return f
		}
	}
	return Width(r)
}

// phraseSensitive lists Traditional runes whose Simplified form depends on
// the word they are in (瞭解→了解 but 瞭望 stays; 乾淨→干净 but 乾隆 stays;
// 著名 vs 看著→看着). Runs holding one go through OpenCC's phrase tables;
// all other runs are folded rune by rune from tables built from OpenCC
// itself, which is 30× faster and identical on the seeds (see fold_test.go).
// 於 is left out: it folds to 于 in all but the rare surname, and it is so
// common in Traditional text (不少於) that listing it sent most runs
// through the slow phrase converter.
const phraseSensitive = "瞭乾著藉餘夥麼徵覆甚沈喫祇隻鬥佔"

// foldHan writes a run of Han characters folded, keeping its length.
func foldHan(b *strings.Builder, run string, trad bool) {
	if trad {
		for _, r := range run {
			if tab.isPhrase(r) {
				cc, err := phraseConv()
				var out string
				if err == nil {
					out, err = cc.Convert(run)
				}
				if err == nil && utf8.RuneCountInString(out) == utf8.RuneCountInString(run) {
					b.WriteString(out)
					return
				}
				break
			}
		}
	}
	for _, r := range run {
		if f, ok := tab.tradOf(r); ok {
			r = f
		}
		b.WriteRune(r)
	}
}

func widthOnly(s string) string {
	return strings.Map(Width, s)
}

func isHan(r rune) bool {
	return r >= 0x3400 && unicode.Is(unicode.Han, r)
}
