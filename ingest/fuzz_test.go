package ingest

import (
	"bytes"
	"context"
	"testing"
	"unicode/utf8"

	"github.com/planmine/planmine/doc"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// The fuzz targets check that no input panics, that decoded text is valid
// UTF-8, and that any error carries one of the sentinels callers branch on.

func FuzzDecodeText(f *testing.F) {
	for _, s := range genreSentences {
		f.Add([]byte(s))
		if b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s)); err == nil {
			f.Add(b)
		}
		if b, err := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder().Bytes([]byte(s)); err == nil {
			f.Add(b)
		}
	}
	if b, err := traditionalchinese.Big5.NewEncoder().Bytes([]byte(genreSentences[4])); err == nil {
		f.Add(b)
	}
	f.Add([]byte{0xEF, 0xBB, 0xBF, 0xFF})
	f.Add([]byte{0xFE, 0xFF, 0xD8})
	f.Fuzz(func(t *testing.T, data []byte) {
		s, enc, err := decodeText(data)
		if err != nil {
			if !isReadError(err) {
				t.Fatalf("error without sentinel: %v", err)
			}
			return
		}
		if !utf8.ValidString(s) || enc == "" {
			t.Fatalf("invalid result: enc %q valid %v", enc, utf8.ValidString(s))
		}
		docs, err := Read(context.Background(), "f.txt", bytes.NewReader(data), Options{})
		if err == nil {
			checkDocs(t, docs)
		} else if !isReadError(err) {
			t.Fatalf("error without sentinel: %v", err)
		}
	})
}

func FuzzDOCX(f *testing.F) {
	f.Add(makeDOCX(f, planBody(), testStyles, testNumbering))
	f.Add(makeDOCX(f, wp("", 3, 0, "甲")+wp("", 3, 1, "乙"), testStyles, testNumbering))
	f.Add(makeDOCX(f, "<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>嵌</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>", "", ""))
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, err := Read(context.Background(), "f.docx", bytes.NewReader(data), Options{MaxSize: 1 << 20, MaxZipTotal: 4 << 20})
		if err != nil {
			if !isReadError(err) {
				t.Fatalf("error without sentinel: %v", err)
			}
			return
		}
		checkDocs(t, docs)
	})
}

// FuzzDOCXXML fuzzes the XML parts directly, which byte-level fuzzing of a
// compressed archive rarely reaches.
func FuzzDOCXXML(f *testing.F) {
	f.Add(planBody(), testStyles, testNumbering)
	f.Add(`<w:p><w:pPr><w:numPr><w:ilvl w:val="8"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p>`, "", testNumbering)
	f.Fuzz(func(t *testing.T, body, styles, numbering string) {
		data := makeDOCX(t, body, styles, numbering)
		docs, err := Read(context.Background(), "f.docx", bytes.NewReader(data), Options{})
		if err != nil {
			if !isReadError(err) {
				t.Fatalf("error without sentinel: %v", err)
			}
			return
		}
		checkDocs(t, docs)
	})
}

func FuzzZip(f *testing.F) {
	f.Add(makeZip(f, []zipEntry{{name: "a.txt", body: []byte("一、指导思想")}, {name: "b/", body: nil}}))
	f.Add(makeZip(f, []zipEntry{{name: "in.zip", body: makeZip(f, []zipEntry{{name: "x.txt", body: []byte("甲")}})}}))
	f.Add(makeZip(f, []zipEntry{{name: "\xb6\xfe.txt", body: []byte("乙")}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, err := Read(context.Background(), "f.zip", bytes.NewReader(data), Options{MaxSize: 1 << 20, MaxZipTotal: 4 << 20})
		if err != nil && !isReadError(err) {
			t.Fatalf("error without sentinel: %v", err)
		}
		checkDocs(t, docs)
	})
}

// checkDocs asserts the invariants every returned document keeps.
func checkDocs(t *testing.T, docs []doc.Document) {
	t.Helper()
	for _, d := range docs {
		if !utf8.ValidString(d.Text) || d.Text == "" {
			t.Fatalf("bad text %q", d.Text)
		}
		n := utf8.RuneCountInString(d.Text)
		for _, h := range d.Hints {
			if h.Start < 0 || h.End > n || h.Start > h.End {
				t.Fatalf("hint %+v outside text of %d runes", h, n)
			}
		}
		if d.Part < 1 || len(d.ID) < 18 {
			t.Fatalf("bad part/id %d %q", d.Part, d.ID)
		}
	}
}
