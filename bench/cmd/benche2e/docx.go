package main

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// outlineStyles says which paragraphs are written with a heading style: the
// genre's numbered outline lines (一、指导思想 → heading 1, （一）加强组织建设 →
// heading 2), as a word processor user would style them. Only short lines
// qualify, because a long one is a body paragraph that merely starts with a
// number ("一是……").
var outlineStyles = []struct {
	re    *regexp.Regexp
	style string
}{
	{regexp.MustCompile(`^[一二三四五六七八九十]{1,3}、`), "Heading1"},
	{regexp.MustCompile(`^[（(][一二三四五六七八九十]{1,3}[）)]`), "Heading2"},
	{regexp.MustCompile(`^[壹贰叁肆伍陆柒捌玖拾]{1,3}、`), "Heading1"},
}

// maxHeadingRunes is the longest line written with a heading style.
const maxHeadingRunes = 30

// paraStyle returns the style of paragraph i (the first is the title).
func paraStyle(i int, p string) string {
	if i == 0 {
		return "Title"
	}
	if utf8.RuneCountInString(p) > maxHeadingRunes {
		return ""
	}
	for _, o := range outlineStyles {
		if o.re.MatchString(p) {
			return o.style
		}
	}
	return ""
}

const contentTypesXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>`

const rootRelsXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`

const docRelsXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`

// stylesXML names the CJK font explicitly so LibreOffice renders (and
// embeds) Noto CJK when the same file is converted to PDF.
const stylesXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Serif" w:hAnsi="Liberation Serif" w:eastAsia="Noto Serif CJK SC"/><w:sz w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:spacing w:after="120"/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:rFonts w:eastAsia="Noto Sans CJK SC"/><w:b/><w:sz w:val="36"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:eastAsia="Noto Sans CJK SC"/><w:b/><w:sz w:val="28"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>` +
	`</w:styles>`

// docx writes paragraphs as a minimal but complete Word document: content
// types, package and document relationships, styles (title and two
// heading levels) and the body, one w:p per paragraph on an A4 page.
func docx(paras []string) ([]byte, error) {
	var body bytes.Buffer
	body.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for i, p := range paras {
		body.WriteString("<w:p>")
		if st := paraStyle(i, p); st != "" {
			fmt.Fprintf(&body, `<w:pPr><w:pStyle w:val="%s"/></w:pPr>`, st)
		}
		body.WriteString(`<w:r><w:t xml:space="preserve">`)
		if err := xml.EscapeText(&body, []byte(p)); err != nil {
			return nil, fmt.Errorf("转义段落失败 (escape paragraph): %w", err)
		}
		body.WriteString("</w:t></w:r></w:p>")
	}
	body.WriteString(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr></w:body></w:document>`)

	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	parts := []struct{ name, data string }{
		{"[Content_Types].xml", contentTypesXML},
		{"_rels/.rels", rootRelsXML},
		{"word/_rels/document.xml.rels", docRelsXML},
		{"word/styles.xml", stylesXML},
		{"word/document.xml", body.String()},
	}
	for _, pt := range parts {
		w, err := zw.Create(pt.name)
		if err != nil {
			return nil, fmt.Errorf("写入 DOCX 部件失败 (write docx part) %s: %w", pt.name, err)
		}
		if _, err := w.Write([]byte(pt.data)); err != nil {
			return nil, fmt.Errorf("写入 DOCX 部件失败 (write docx part) %s: %w", pt.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("写入 DOCX 失败 (close docx): %w", err)
	}
	return out.Bytes(), nil
}

// paragraphs splits a generated text into its non-empty lines.
func paragraphs(text string) []string {
	var ps []string
	for _, p := range strings.Split(text, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			ps = append(ps, p)
		}
	}
	return ps
}
