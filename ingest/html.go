package ingest

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"

	"github.com/planmine/planmine/ingest/raw"
)

// htmlSkip are elements whose text is never page content.
var htmlSkip = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true,
	"svg": true, "iframe": true, "object": true, "select": true,
}

// htmlBlocks are elements that start a new paragraph.
var htmlBlocks = map[string]bool{
	"p": true, "div": true, "br": true, "li": true, "tr": true, "table": true,
	"section": true, "article": true, "header": true, "footer": true, "nav": true,
	"ul": true, "ol": true, "dl": true, "dt": true, "dd": true, "blockquote": true,
	"pre": true, "hr": true, "h1": true, "h2": true, "h3": true, "h4": true,
	"h5": true, "h6": true, "main": true, "aside": true, "form": true, "center": true,
	"caption": true, "figure": true, "figcaption": true, "address": true, "title": true,
}

// htmlCells separate table cells with a tab, as DOCX rows do.
var htmlCells = map[string]bool{"td": true, "th": true}

// htmlLabels maps WHATWG charset labels to our decoders; GB18030 reads
// GBK and GB2312 pages too, and we report one name for all three.
var htmlLabels = map[string]string{
	"gbk": EncGB18030, "gb18030": EncGB18030, "gb2312": EncGB18030,
	"big5": EncBig5, "utf-16le": EncUTF16LE, "utf-16be": EncUTF16BE,
}

var htmlHeadings = map[string]int{"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}

// readHTML extracts the visible text of a page as paragraphs, h1–h6 giving
// levels. The charset comes from a BOM or <meta>; without either, our own
// text detection decides (x/net guesses windows-1252, wrong for Chinese).
func readHTML(name string, data []byte) ([]raw.Para, string, error) {
	var s, enc string
	_, label, _ := charset.DetermineEncoding(data, "text/html")
	switch {
	case utf8.Valid(data):
		s, enc = string(bytes.TrimPrefix(data, bomUTF8)), EncUTF8
	case htmlLabels[label] != "":
		enc = htmlLabels[label]
		s = decodeWith(enc, data)
	case label != "windows-1252" && label != "utf-8":
		// A declared charset we have no own name for (x/net found it in a
		// BOM or <meta>); windows-1252 is only its fallback guess and a
		// declared utf-8 is evidently wrong here, so those go to detection.
		e, _, _ := charset.DetermineEncoding(data, "text/html")
		out, err := e.NewDecoder().Bytes(data)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w: 按 %s 解码失败 (cannot decode as %s)", name, ErrCorrupt, label, label)
		}
		s, enc = string(out), label
	default:
		var err error
		s, enc, err = decodeText(data)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", name, err)
		}
	}
	paras := htmlParas(s)
	if len(paras) == 0 {
		return nil, enc, fmt.Errorf("%s: %w: 网页没有正文 (page has no text)", name, ErrNoText)
	}
	return paras, enc, nil
}

// htmlParas tokenizes s and collects text between block boundaries.
func htmlParas(s string) []raw.Para {
	z := html.NewTokenizer(strings.NewReader(s))
	var out []raw.Para
	var cur strings.Builder
	skip, pre, level := 0, 0, 0
	inHead := false
	flush := func() {
		for i, line := range strings.Split(cur.String(), "\n") {
			t := strings.TrimSpace(line)
			if t == "" {
				continue
			}
			p := raw.Para{Text: t}
			if i == 0 && level > 0 {
				p.Level = level
			}
			out = append(out, p)
		}
		cur.Reset()
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			flush()
			return out
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			nb, _ := z.TagName()
			tag := string(nb)
			start := tt != html.EndTagToken
			// <head> holds no content; its end tag is optional, so <body> ends it too.
			switch {
			case tag == "head":
				inHead = start
				continue
			case tag == "body":
				inHead = false
			}
			if htmlSkip[tag] && tt != html.SelfClosingTagToken {
				if start {
					skip++
				} else if skip > 0 {
					skip--
				}
				continue
			}
			if skip > 0 {
				continue
			}
			if tag == "pre" {
				if start {
					pre++
				} else if pre > 0 {
					pre--
				}
			}
			switch {
			case htmlCells[tag] && start:
				if cur.Len() > 0 {
					cur.WriteByte('\t')
				}
			case htmlBlocks[tag]:
				flush()
				if lv, ok := htmlHeadings[tag]; ok {
					if start {
						level = lv
					} else {
						level = 0
					}
				}
			}
		case html.TextToken:
			if skip > 0 || inHead {
				continue
			}
			t := string(z.Text())
			if pre == 0 {
				t = collapseSpace(t)
			}
			cur.WriteString(t)
		}
	}
}

// collapseSpace folds each run of whitespace (source line breaks and
// indentation) into one space, as a browser renders it.
func collapseSpace(s string) string {
	var sb strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' {
			space = true
			continue
		}
		if space {
			sb.WriteByte(' ')
			space = false
		}
		sb.WriteRune(r)
	}
	if space {
		sb.WriteByte(' ')
	}
	return sb.String()
}
