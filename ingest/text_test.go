package ingest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/planmine/planmine/internal/shared"
)

// encodeVariant encodes s for a test; lossy encodings replace what they
// cannot hold, and the expected text is the same bytes decoded back by the
// reference decoder, so only detection and decoding are under test.
type encVariant struct {
	name    string
	enc     encoding.Encoding
	bom     []byte
	wantEnc string
	lossy   bool
}

var encVariants = []encVariant{
	{"utf8", nil, nil, EncUTF8, false},
	{"utf8bom", nil, bomUTF8, EncUTF8BOM, false},
	{"utf16le", xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), bomUTF16LE, EncUTF16LE, false},
	{"utf16be", xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), bomUTF16BE, EncUTF16BE, false},
	{"utf16le-nobom", xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), nil, EncUTF16LE, false},
	{"gb18030", simplifiedchinese.GB18030, nil, EncGB18030, false},
	{"gbk", simplifiedchinese.GBK, nil, EncGB18030, true},
	{"big5", traditionalchinese.Big5, nil, EncBig5, true},
}

func encodeWith(t testing.TB, v encVariant, s string) (data []byte, want string) {
	t.Helper()
	if v.enc == nil {
		return append(append([]byte{}, v.bom...), s...), s
	}
	e := v.enc.NewEncoder()
	if v.lossy {
		e = encoding.ReplaceUnsupported(e)
	}
	b, err := e.Bytes([]byte(s))
	if err != nil {
		t.Fatalf("%s encode: %v", v.name, err)
	}
	back, err := v.enc.NewDecoder().Bytes(b)
	if err != nil {
		t.Fatalf("%s decode: %v", v.name, err)
	}
	return append(append([]byte{}, v.bom...), b...), string(back)
}

func TestDecodeVariantsOfSeeds(t *testing.T) {
	for _, path := range seedPaths(t) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		trad := strings.HasPrefix(filepath.Base(path), "000_")
		for _, v := range encVariants {
			// Big5 only for the Traditional seed: Simplified text in Big5 is
			// mostly replacement marks, a case no real file presents.
			if v.name == "big5" && !trad {
				continue
			}
			data, want := encodeWith(t, v, string(src))
			got, enc, err := decodeText(data)
			if err != nil {
				t.Errorf("%s/%s: %v", filepath.Base(path), v.name, err)
				continue
			}
			if enc != v.wantEnc {
				t.Errorf("%s/%s: encoding %q, want %q", filepath.Base(path), v.name, enc, v.wantEnc)
			}
			if got != want {
				t.Errorf("%s/%s: decoded text differs (len %d vs %d)", filepath.Base(path), v.name, len(got), len(want))
			}
		}
	}
}

// Short texts of the genre, written for this test, in every encoding.
var genreSentences = []string{
	"一、指导思想\n以习近平新时代中国特色社会主义思想为指导，全面加强医院党的建设。",
	"（二）加强支部建设。全年发展党员不少于5名，党课每季度不少于1次。",
	"2026年医院党委工作计划\r\n各党支部要按照“三会一课”制度要求，认真组织开展主题党日活动。\r\n",
	"三、保障措施\r1.加强组织领导。成立工作领导小组，由党委书记任组长。\r",
	"醫院黨委堅持以人民健康為中心，推進黨建與業務深度融合，全年開展志願服務不少於十二次。",
}

func TestDecodeGenreSentences(t *testing.T) {
	for i, s := range genreSentences {
		for _, v := range encVariants {
			if v.name == "big5" && i != len(genreSentences)-1 {
				continue
			}
			if v.name == "utf16le-nobom" {
				continue // too short for a shape test of its own; covered on seeds
			}
			data, want := encodeWith(t, v, s)
			paras, enc, err := readTXT("t.txt", data)
			if err != nil {
				t.Errorf("%d/%s: %v", i, v.name, err)
				continue
			}
			if enc != v.wantEnc {
				t.Errorf("%d/%s: encoding %q, want %q", i, v.name, enc, v.wantEnc)
			}
			var got []string
			for _, p := range paras {
				got = append(got, p.Text)
			}
			var exp []string
			for _, p := range splitLines(want) {
				exp = append(exp, p.Text)
			}
			if strings.Join(got, "\n") != strings.Join(exp, "\n") {
				t.Errorf("%d/%s: got %q, want %q", i, v.name, got, exp)
			}
		}
	}
}

func TestSplitLinesNewlines(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"甲\r\n乙\r\n", []string{"甲", "乙"}},
		{"甲\r乙\r丙", []string{"甲", "乙", "丙"}},
		{"\u3000\u3000一、总体要求  \n\n\n二、工作措施", []string{"一、总体要求", "二、工作措施"}},
		{"第一页\f第二页", []string{"第一页", "第二页"}},
		{"   \n\t\n", nil},
	}
	for _, c := range cases {
		var got []string
		for _, p := range splitLines(c.in) {
			got = append(got, p.Text)
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("splitLines(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// HKSCS characters sit in Big5 rows below 0xA1, which x/text's WHATWG-based
// decoder maps; a Big5 file using them must not lose them.
func TestBig5HKSCS(t *testing.T) {
	body, want := encodeWith(t, encVariants[7], strings.Repeat("香港醫院管理局推行黨建工作，加強組織建設。\n", 4))
	// 0x8840 is the first HKSCS pointer row; WHATWG maps it to U+00CA (Ê).
	data := append(append([]byte{}, body...), 0x88, 0x40, '\n')
	got, enc, err := decodeText(data)
	if err != nil {
		t.Fatal(err)
	}
	if enc != EncBig5 {
		t.Fatalf("encoding %q, want Big5", enc)
	}
	if !strings.HasPrefix(got, want) || strings.ContainsRune(got, utf8.RuneError) {
		t.Errorf("HKSCS row lost: %q", got[len(got)-8:])
	}
}

func TestMostlyUTF8(t *testing.T) {
	s := strings.Repeat("全面加强医院党的建设，推进党建与业务深度融合。", 5)
	cut := []byte(s)[:len(s)-1] // cut inside the last character
	stray := append([]byte(s[:30]), append([]byte{0xFF}, s[30:]...)...)
	for name, data := range map[string][]byte{"cut": cut, "stray": stray} {
		got, enc, err := decodeText(data)
		if err != nil || enc != EncUTF8 {
			t.Errorf("%s: enc %q err %v", name, enc, err)
			continue
		}
		if lcsRatio(hanDigits(got), hanDigits(s)) < 0.98 {
			t.Errorf("%s: text garbled: %.30q", name, got)
		}
	}
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if mostlyUTF8(gbk) {
		t.Error("GBK bytes taken for UTF-8")
	}
}

func TestGuessUTF16(t *testing.T) {
	s := "二、主要任务\n（一）加强政治建设。深入学习贯彻党的二十大精神。"
	le, _ := xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM).NewEncoder().Bytes([]byte(s))
	be, _ := xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM).NewEncoder().Bytes([]byte(s))
	gb, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if g := guessUTF16(le); g != EncUTF16LE {
		t.Errorf("LE guessed %q", g)
	}
	if g := guessUTF16(be); g != EncUTF16BE {
		t.Errorf("BE guessed %q", g)
	}
	if g := guessUTF16(gb); g != "" {
		t.Errorf("GB18030 bytes guessed as %q", g)
	}
}

func TestExternalGBK(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(shared.Path(t, "corpus", "external"), "*_gbk*.txt"))
	if len(files) == 0 {
		t.Fatal("no *_gbk*.txt in external/")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		paras, enc, err := readTXT(f, data)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		if enc != EncGB18030 {
			t.Errorf("%s: encoding %q, want GB18030", filepath.Base(f), enc)
		}
		var sb strings.Builder
		for _, p := range paras {
			if strings.ContainsAny(p.Text, "\r\n") {
				t.Errorf("%s: paragraph keeps a line break: %q", filepath.Base(f), p.Text)
				break
			}
			sb.WriteString(p.Text)
		}
		text := sb.String()
		han := len(hanDigits(text))
		if n := utf8.RuneCountInString(text); han*10 < n*7 {
			t.Errorf("%s: only %d of %d runes are Han/digits: wrong decoding?", filepath.Base(f), han, n)
		}
		if c := strings.Count(text, "\uFFFD"); c > 0 {
			t.Errorf("%s: %d replacement characters", filepath.Base(f), c)
		}
		// The same report scraped as UTF-8 must match the GBK scrape.
		u8 := strings.Replace(f, "_gbk_dirty", "_u8", 1)
		u8 = strings.Replace(u8, "_gbk", "_u8", 1)
		if ref, err := os.ReadFile(u8); err == nil {
			r := lcsRatio(hanDigits(text), hanDigits(string(ref)))
			if r < 0.9 {
				t.Errorf("%s vs %s: LCS ratio %.4f", filepath.Base(f), filepath.Base(u8), r)
			}
			t.Logf("%s vs %s: LCS ratio %.4f", filepath.Base(f), filepath.Base(u8), r)
		}
	}
	dirty := filepath.Join(shared.Path(t, "corpus", "external"), "gwr_cn_2018_gbk_dirty.txt")
	if data, err := os.ReadFile(dirty); err == nil && !bytes.Contains(data, []byte("\r\n")) {
		t.Errorf("expected CRLF in %s", dirty)
	}
}

func TestReadTXTDocument(t *testing.T) {
	data, _ := encodeWith(t, encVariants[6], genreSentences[2])
	docs, err := Read(context.Background(), "计划.txt", bytes.NewReader(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := docs[0]
	if d.Encoding != EncGB18030 || d.Format != FormatTXT || d.Part != 1 || d.Source != "计划.txt" {
		t.Errorf("meta = %q %q %d %q", d.Encoding, d.Format, d.Part, d.Source)
	}
	if len(d.SHA256) != 64 || d.ID != d.SHA256[:16]+"-1" {
		t.Errorf("id %q sha %q", d.ID, d.SHA256)
	}
	if strings.Contains(d.Text, "\r") || !strings.HasPrefix(d.Text, "2026年医院党委工作计划\n各党支部") {
		t.Errorf("text %q", d.Text)
	}
	if d.Targets == nil || d.Sections == nil || d.Slogans == nil || d.People == nil ||
		d.Schedule == nil || d.Citations == nil || d.Placeholders == nil {
		t.Error("analysis slices must be empty, not nil, so JSON shows []")
	}
	if d.DocType != "other" || d.Script != "simplified" {
		t.Errorf("doc_type %q script %q", d.DocType, d.Script)
	}
	again, _ := Read(context.Background(), "别名.txt", bytes.NewReader(data), Options{})
	if again[0].ID != d.ID {
		t.Error("ID must depend on content only")
	}
}

func TestBinaryJunk(t *testing.T) {
	junk := make([]byte, 4096)
	x := uint32(2463534242)
	for i := range junk {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		junk[i] = byte(x)
	}
	cases := map[string][]byte{
		"random.txt": junk,
		"nul.txt":    []byte("党建\x00\x00\x00\x01\x02工作"),
		"ctrl.txt":   bytes.Repeat([]byte{0x01, 0x02, 0x03, 'a'}, 100),
	}
	for name, data := range cases {
		_, err := Read(context.Background(), name, bytes.NewReader(data), Options{})
		if !errors.Is(err, ErrNoText) && !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: err = %v, want ErrNoText or ErrCorrupt", name, err)
			continue
		}
		if !strings.Contains(err.Error(), name) {
			t.Errorf("%s: message does not name the file: %v", name, err)
		}
	}
}

// TestDecodeMixedLines: paragraphs pasted from a GBK file into a UTF-8 one
// are each decoded in their own encoding instead of the file being refused.
func TestDecodeMixedLines(t *testing.T) {
	utf := []string{"一、工作目标", "全年计划发展党员2名，党课每季度不少于1次。"}
	gbkText := []string{"二、保障措施", "成立领导小组，组长由支部书记担任。"}
	var data []byte
	for i := range utf {
		data = append(data, utf[i]+"\n"...)
		g, err := simplifiedchinese.GBK.NewEncoder().String(gbkText[i])
		if err != nil {
			t.Fatal(err)
		}
		data = append(data, g+"\n"...)
	}
	s, enc, err := decodeText(data)
	if err != nil {
		t.Fatal(err)
	}
	want := utf[0] + "\n" + gbkText[0] + "\n" + utf[1] + "\n" + gbkText[1] + "\n"
	if s != want || enc != EncMixed {
		t.Errorf("got %q (%s), want %q", s, enc, want)
	}
	// A plain GBK file is not mistaken for a mixed one.
	g, _ := simplifiedchinese.GBK.NewEncoder().String(strings.Join(gbkText, "\n"))
	if _, enc, _ := decodeText([]byte(g)); enc == EncMixed {
		t.Error("pure GBK read as mixed")
	}
}

// Short legacy-encoded files (a title, one target line) are read, not
// refused as binary: chardet alone rates GB18030 and Big5 alike on so few
// bytes and names a Latin charset first.
func TestDecodeShortLegacyText(t *testing.T) {
	trad := []string{"醫院黨委發展黨員3名", "黨支部工作計劃", "全年開展義診十二次", "護理部年度總結"}
	simp := []string{"医院党委发展党员3名", "党支部工作计划", "全年开展义诊十二次", "护理部年度总结"}
	check := func(v encVariant, s string) {
		t.Helper()
		data, want := encodeWith(t, v, s)
		paras, enc, err := readTXT("t.txt", data)
		if err != nil {
			t.Errorf("%s %q: %v", v.name, s, err)
			return
		}
		if len(paras) != 1 || paras[0].Text != want {
			t.Errorf("%s %q: read %v as %s", v.name, s, paras, enc)
		}
	}
	for _, v := range encVariants {
		switch v.name {
		case "big5":
			for _, s := range trad {
				check(v, s)
			}
		case "gbk", "gb18030":
			for _, s := range append(append([]string{}, simp...), trad...) {
				check(v, s)
			}
		}
	}
}

// TestIsBinaryFastPath compares isBinary with its definition, rune by rune,
// on short byte strings over the bytes where its three-byte path and the
// general one meet, and on the text fixtures.
func TestIsBinaryFastPath(t *testing.T) {
	ref := func(s string) bool {
		n, bad := 0, 0
		for _, r := range s {
			n++
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
	bs := []byte{'a', '\n', 0x01, 0x7f, 0x80, 0xbd, 0xbf, 0xa0, 0xc2, 0xe0, 0xe4, 0xed, 0xee, 0xef, 0xf0, 0xff}
	var rec func(prefix []byte, depth int)
	rec = func(prefix []byte, depth int) {
		if got, want := isBinary(string(prefix)), ref(string(prefix)); got != want {
			t.Fatalf("isBinary(%q) = %v, want %v", prefix, got, want)
		}
		if depth > 0 {
			for _, b := range bs {
				rec(append(prefix, b), depth-1)
			}
		}
	}
	rec(nil, 4)
	// More than 2% replacement or control characters is binary: one in
	// 100 runes is text, one in 49 is not.
	for _, c := range []struct {
		s    string
		want bool
	}{
		{strings.Repeat("中", 99) + "\uFFFD", false},
		{strings.Repeat("中", 48) + "\uFFFD", true},
		{strings.Repeat("中", 48) + "\u0085", true},
		{strings.Repeat("中", 99) + "\x00", true},
	} {
		if got := isBinary(c.s); got != c.want || got != ref(c.s) {
			t.Errorf("isBinary(%q) = %v, want %v", c.s, got, c.want)
		}
	}
	files, _ := filepath.Glob("testdata/*.txt")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := isBinary(string(b)), ref(string(b)); got != want {
			t.Errorf("%s: isBinary = %v, want %v", f, got, want)
		}
	}
}
