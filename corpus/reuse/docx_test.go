package reuse

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/internal/shared"
)

// docxText pulls the paragraph text out of a DOCX (w:t runs, one line per
// w:p) — a stand-in for the ingest reader in these tests only.
func docxText(t testing.TB, path string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		var b strings.Builder
		dec := xml.NewDecoder(rc)
		inText := false
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			switch x := tok.(type) {
			case xml.StartElement:
				inText = x.Name.Local == "t"
			case xml.EndElement:
				if x.Name.Local == "p" {
					b.WriteByte('\n')
				}
				inText = false
			case xml.CharData:
				if inText {
					b.Write(x)
				}
			}
		}
		return b.String()
	}
	t.Fatalf("%s: no word/document.xml", path)
	return ""
}

// TestProvincesDistinct: six provinces' 2025 work reports share the
// national formulas but copy nothing from each other.
func TestProvincesDistinct(t *testing.T) {
	var docs []*doc.Document
	for _, p := range []string{"beijing", "guangdong", "jiangsu", "shanghai", "sichuan", "zhejiang"} {
		name := "gwr_prov2025_" + p + ".docx"
		text := docxText(t, shared.Path(t, "corpus", "external", name))
		if len([]rune(text)) < 5000 {
			t.Fatalf("%s: only %d runes read", name, len([]rune(text)))
		}
		docs = append(docs, &doc.Document{ID: p, Source: name, Part: 1, Title: p, Text: text})
	}
	r := Analyze(docs, Options{})
	for _, p := range r.Pairs {
		t.Logf("%s-%s score %.3f passages %d longest %d", p.A.ID, p.B.ID, p.Score, len(p.Passages), p.Longest)
		if p.Score >= 0.05 {
			t.Errorf("%s-%s score %.3f: different provinces are distinct", p.A.ID, p.B.ID, p.Score)
		}
	}
	if len(r.Clusters) != 0 {
		t.Errorf("clusters %v", r.Clusters)
	}
	for _, d := range r.Documents {
		if d.Boilerplate <= 0 {
			t.Errorf("%s: national formulas not counted as boilerplate", d.ID)
		}
	}
}
