package ingest

import (
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/saintfish/chardet"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/planmine/planmine/ingest/raw"
)

// Encoding names reported in doc.Document.Encoding.
const (
	EncUTF8    = "UTF-8"
	EncUTF8BOM = "UTF-8-BOM"
	EncUTF16LE = "UTF-16LE"
	EncUTF16BE = "UTF-16BE"
	EncGB18030 = "GB18030"
	EncBig5    = "Big5"
	// EncMixed marks a file whose lines are partly UTF-8, partly GB18030.
	EncMixed = "UTF-8+GB18030"
)

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// detectSample is how many bytes chardet looks at.
const detectSample = 16 << 10

// chardetNames maps saintfish/chardet charset names (which are not
// htmlindex names) to our decoders. GB18030 is a superset of GBK and GB2312,
// so one decoder serves all three.
var chardetNames = map[string]string{
	"GB-18030": EncGB18030,
	"GBK":      EncGB18030,
	"GB2312":   EncGB18030,
	"Big5":     EncBig5,
	"UTF-16LE": EncUTF16LE,
	"UTF-16BE": EncUTF16BE,
	"UTF-8":    EncUTF8,
}

// decoders by our encoding name.
var decoders = map[string]encoding.Encoding{
	EncGB18030: simplifiedchinese.GB18030,
	// x/text's Big5 follows the WHATWG index, which includes the HKSCS
	// extension rows, so Hong Kong characters decode too.
	EncBig5:    traditionalchinese.Big5,
	EncUTF16LE: xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM),
	EncUTF16BE: xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM),
}

// readTXT decodes a text file and splits it into line paragraphs.
func readTXT(name string, data []byte) ([]raw.Para, string, error) {
	s, enc, err := decodeText(data)
	if err != nil {
		return nil, "", fmt.Errorf("%s: %w", name, err)
	}
	paras := splitLines(s)
	if len(paras) == 0 {
		return nil, enc, fmt.Errorf("%s: %w: 只有空白 (only whitespace)", name, ErrNoText)
	}
	return paras, enc, nil
}

// decodeText detects the encoding of data and returns it as UTF-8 together
// with the encoding's name. Order: BOM, valid UTF-8, BOM-less UTF-16 (by the
// shape of its code units), then chardet for the legacy CJK encodings. Text
// that decodes to mostly control characters is binary: ErrNoText. The
// text never shares data's memory, which walkFile reuses for the next file.
func decodeText(data []byte) (string, string, error) {
	var s, enc string
	switch {
	case bytes.HasPrefix(data, bomUTF8):
		s, enc = string(data[len(bomUTF8):]), EncUTF8BOM
		if !utf8.ValidString(s) {
			s = string(bytes.ToValidUTF8([]byte(s), []byte("\uFFFD")))
		}
	case bytes.HasPrefix(data, bomUTF16LE):
		s, enc = decodeWith(EncUTF16LE, data[2:]), EncUTF16LE
	case bytes.HasPrefix(data, bomUTF16BE):
		s, enc = decodeWith(EncUTF16BE, data[2:]), EncUTF16BE
	case utf8.Valid(data):
		s, enc = string(data), EncUTF8
	case mostlyUTF8(data):
		// A UTF-8 file cut mid-character or with a stray byte: decoding it
		// as GB18030 would garble everything to save one character.
		s, enc = string(bytes.ToValidUTF8(data, []byte("\uFFFD"))), EncUTF8
	case mixedLines(data):
		// Paragraphs pasted from a GBK file into a UTF-8 one: each line is
		// decoded in its own encoding rather than the whole file refused.
		s, enc = decodeMixed(data), EncMixed
	default:
		enc = guessUTF16(data)
		if enc == "" {
			enc = legacyEncoding(data)
		}
		s = decodeWith(enc, data)
	}
	if isBinary(s) {
		return "", enc, fmt.Errorf("%w: 看起来是二进制数据而非文本 (looks like binary data, not text)", ErrNoText)
	}
	return s, enc, nil
}

// legacyEncoding picks the legacy encoding of non-UTF-8 text: chardet's
// candidates in its order, then GB18030 (the common case for Chinese office
// text) and Big5, decoded over a prefix; the first that decodes with the
// fewest replacement and control characters wins. On a short text chardet
// often rates GB18030 and Big5 alike and names a Latin charset first
// (10 Big5 characters: ISO-8859-1 16, GB-18030 10, Big5 10), so its first
// answer alone misread such a file as binary.
func legacyEncoding(data []byte) string {
	// A prefix decides as well as the whole file and bounds the cost
	// (chardet runs every recognizer over its input).
	sample := data
	if len(sample) > detectSample {
		sample = sample[:detectSample]
	}
	var cands []string
	add := func(e string) {
		if _, ok := decoders[e]; ok && !slices.Contains(cands, e) {
			cands = append(cands, e)
		}
	}
	if rs, err := chardet.NewTextDetector().DetectAll(sample); err == nil {
		for _, r := range rs {
			add(chardetNames[r.Charset])
		}
	}
	add(EncGB18030)
	add(EncBig5)
	// The decoding with the fewest bad runes wins; among equals (short
	// text decodes cleanly both ways), the one reading as more common
	// characters, then GB18030 before Big5 before the rest: chardet's
	// order of equally confident guesses is not stable.
	slices.SortStableFunc(cands, func(a, b string) int { return encRank(a) - encRank(b) })
	best, bestBad, bestCommon := EncGB18030, -1, -1
	for _, e := range cands {
		dec := decodeWith(e, sample)
		bad, common := badRunes(dec), commonRunes(dec)
		if bestBad < 0 || bad < bestBad || bad == bestBad && common > bestCommon {
			best, bestBad, bestCommon = e, bad, common
		}
	}
	return best
}

// encRank orders candidate encodings for ties.
func encRank(e string) int {
	switch e {
	case EncGB18030:
		return 0
	case EncBig5:
		return 1
	}
	return 2
}

//go:generate go run ./internal/gencommon -o commonchars.txt

// commonChars are the 4,000 Han characters most frequent in gse's
// Simplified and Traditional dictionaries (commonchars.txt).
//
//go:embed commonchars.txt
var commonCharsText string

// commonChars is a bitset over the Basic Multilingual Plane, where every
// common Han character lies: a lookup is a shift and a mask.
var commonChars = func() *[1 << 16 / 64]uint64 {
	var set [1 << 16 / 64]uint64
	for _, r := range strings.TrimSpace(commonCharsText) {
		if r < 1<<16 {
			set[r>>6] |= 1 << (r & 63)
		}
	}
	return &set
}()

// commonRunes counts the common Han characters of s.
func commonRunes(s string) int {
	n := 0
	for _, r := range s {
		if r < 1<<16 && commonChars[r>>6]&(1<<(r&63)) != 0 {
			n++
		}
	}
	return n
}

// badRunes counts replacement and control characters (line breaks and
// tabs aside). A prefix may cut the last character in two, which costs
// every candidate alike.
func badRunes(s string) int {
	bad := 0
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t' || r == '\f':
		case r == utf8.RuneError || unicode.IsControl(r):
			bad++
		}
	}
	return bad
}

// mixedLines reports whether data holds whole lines of valid multi-byte
// UTF-8 beside lines that are not UTF-8 at all (at least two of each).
func mixedLines(data []byte) bool {
	u, g := 0, 0
	for _, line := range bytes.Split(data, []byte("\n")) {
		if utf8.Valid(line) {
			if hasMultibyte(line) {
				u++
			}
		} else {
			g++
		}
	}
	return u >= 2 && g >= 2
}

func hasMultibyte(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// decodeMixed decodes each line as UTF-8 when it is valid UTF-8, else as
// GB18030 (the legacy encoding of Chinese office text).
func decodeMixed(data []byte) string {
	lines := bytes.Split(data, []byte("\n"))
	out := make([]string, len(lines))
	for i, line := range lines {
		if utf8.Valid(line) {
			out[i] = string(line)
		} else {
			out[i] = decodeWith(EncGB18030, line)
		}
	}
	return strings.Join(out, "\n")
}

// mostlyUTF8 reports whether data is UTF-8 with a few bad bytes (a cut
// character, or up to 1% of its non-ASCII sequences). Legacy CJK bytes almost never form
// valid UTF-8 sequences, so they fail this by far.
func mostlyUTF8(data []byte) bool {
	multi, bad := 0, 0
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			bad++
			i++
			continue
		}
		multi++
		i += n
	}
	// A cut character leaves up to 3 bad bytes; otherwise allow 1%.
	return multi >= 8 && multi > 10*bad && (bad <= 3 || bad*100 <= multi)
}

func decodeWith(enc string, data []byte) string {
	e, ok := decoders[enc]
	if !ok {
		return string(bytes.ToValidUTF8(data, []byte("\uFFFD")))
	}
	out, err := e.NewDecoder().Bytes(data)
	if err != nil {
		// x/text decoders replace invalid input themselves; an error here
		// means a truncated final sequence, so keep what decoded.
		return string(bytes.ToValidUTF8(out, []byte("\uFFFD")))
	}
	return string(out)
}

// guessUTF16 recognises BOM-less UTF-16: when the bytes read as 16-bit units
// give almost only plausible text (ASCII, CJK, CJK punctuation), it names the
// byte order; otherwise "". Legacy double-byte text read this way scatters
// over the whole BMP and fails the test.
func guessUTF16(data []byte) string {
	if len(data) < 4 || len(data)%2 != 0 {
		return ""
	}
	le, be := plausible16(data, 0), plausible16(data, 1)
	switch {
	case le >= 0.95 && le > be:
		return EncUTF16LE
	case be >= 0.95 && be > le:
		return EncUTF16BE
	}
	return ""
}

// plausible16 is the share of 16-bit units (low byte at offset lo) that are
// characters expected in Chinese documents.
func plausible16(data []byte, lo int) float64 {
	n, ok := 0, 0
	for i := 0; i+1 < len(data) && n < 4096; i += 2 {
		u := rune(data[i+lo]) | rune(data[i+1-lo])<<8
		n++
		switch {
		case u == '\n' || u == '\r' || u == '\t' || (u >= 0x20 && u < 0x7F):
			ok++
		case u >= 0x4E00 && u <= 0x9FFF, u >= 0x3000 && u <= 0x303F, u >= 0xFF00 && u <= 0xFFEF,
			u >= 0x2000 && u <= 0x206F:
			ok++
		}
	}
	if n == 0 {
		return 0
	}
	return float64(ok) / float64(n)
}

// isBinary reports whether decoded text is mostly not text: any NUL, or more
// than 2% control characters or replacement characters.
func isBinary(s string) bool {
	n, bad := 0, 0
	for i := 0; i < len(s); {
		n++
		// Most runes of a Chinese text are valid three-byte sequences past
		// the controls: only U+FFFD among them counts (E0 and ED, which
		// restrict their second byte, take the general path).
		if c := s[i]; i+2 < len(s) && (c >= 0xE1 && c <= 0xEC || c >= 0xEE && c <= 0xEF) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			if c == 0xEF && s[i+1] == 0xBF && s[i+2] == 0xBD {
				bad++
			}
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == 0:
			return true
		case r == '\n' || r == '\r' || r == '\t' || r == '\f':
		case r == utf8.RuneError || unicode.IsControl(r):
			bad++
		}
	}
	return n > 0 && bad*50 > n
}
