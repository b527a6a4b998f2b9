package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/planmine/planmine/ingest/raw"
)

// DOCX reading: a streaming encoding/xml pass over word/document.xml, with
// word/styles.xml resolving heading levels and word/numbering.xml rendering
// automatic list numbers ("一、", "（一）", "1.") in front of the paragraphs
// that carry them, since the number text is not in document.xml at all.
//
// Table rows become one paragraph each, cells joined by a tab: a tab never
// occurs inside Chinese running text, keeps cells apart for the targets
// extractor, and is plain whitespace to everything else. Headers, footers,
// footnotes and comments live in other parts and are not read.

const maxXMLDepth = 256

// skipSubtrees are elements whose content is not visible body text: tracked
// deletions, formatting-change history, field instructions, and the
// fallback copy of mc:AlternateContent (the Choice already holds the text).
var skipSubtrees = map[string]bool{
	"del": true, "moveFrom": true, "delText": true, "delInstrText": true,
	"instrText": true, "pPrChange": true, "rPrChange": true, "sectPrChange": true,
	"tblPrChange": true, "trPrChange": true, "tcPrChange": true, "numberingChange": true,
	"Fallback": true,
}

// headingStyleNames maps lower-cased style names (without the level digit)
// to "this is a heading"; the level is the number that follows.
var headingStyleNames = []string{"heading", "标题", "標題"}

// titleStyleNames are the lower-cased names of paragraph styles for a
// document's title and subtitle: never an outline heading.
var titleStyleNames = map[string]bool{
	"title": true, "subtitle": true, "标题": true, "副标题": true, "標題": true, "副標題": true,
}

// maxTitleParas is how far into a document its title paragraph may stand
// (after a 附件 line or an issuing unit's line).
const maxTitleParas = 3

func readDOCX(ctx context.Context, name string, data []byte, opt Options) ([]raw.Para, error) {
	zr, err := openZip(name, data, opt)
	if err != nil {
		return nil, err
	}
	budget := &zipBudget{opt: opt}
	parts := map[string]*zip.File{}
	for _, f := range zr.File {
		parts[strings.TrimPrefix(f.Name, "/")] = f
	}
	main := parts["word/document.xml"]
	if main == nil {
		return nil, fmt.Errorf("%s: %w: 缺少 word/document.xml (no word/document.xml: not a Word document)", name, ErrCorrupt)
	}
	st := &docxState{styles: map[string]*style{}, abstract: map[string]*abstractNum{}, nums: map[string]*numInstance{}, counters: map[string]*counter{}}
	if f := parts["word/styles.xml"]; f != nil {
		b, err := budget.readMember(name, f)
		if err != nil {
			return nil, err
		}
		st.parseStyles(b) // broken styles only lose heading levels
	}
	if f := parts["word/numbering.xml"]; f != nil {
		b, err := budget.readMember(name, f)
		if err != nil {
			return nil, err
		}
		st.parseNumbering(b)
	}
	b, err := budget.readMember(name, main)
	if err != nil {
		return nil, err
	}
	paras, err := st.parseBody(ctx, b, opt.MaxXMLChars)
	if err != nil {
		if errors.Is(err, ErrTooLarge) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		return nil, fmt.Errorf("%s: %w: word/document.xml 解析失败 (XML parse failed): %v", name, ErrCorrupt, err)
	}
	if len(paras) == 0 {
		return nil, fmt.Errorf("%s: %w: 文档没有文字 (document has no text)", name, ErrNoText)
	}
	untitle(paras)
	return paras, nil
}

// untitle takes the heading level off the document's title paragraph, so
// that the title does not become the outline's one root with every real
// heading a level below it. The title is a paragraph styled as a title
// (Title, 标题, Subtitle…), or the first paragraph when it carries a heading
// level no later paragraph reaches (标题 1 on the title, 标题 2 on 一、…).
// Only the opening paragraphs are looked at: a title comes first.
func untitle(paras []raw.Para) {
	styled := false
	for i := range paras {
		if titleStyle(paras[i].Style) {
			paras[i].Level = 0
			styled = true
		}
	}
	if styled {
		return // the title is marked; the headings keep their levels
	}
	first := -1
	for i := 0; i < len(paras) && i < maxTitleParas; i++ {
		if paras[i].InTable {
			return
		}
		if paras[i].Level > 0 {
			first = i
			break
		}
	}
	if first < 0 || paras[first].Number != "" {
		return
	}
	lv := paras[first].Level
	later := false
	for _, p := range paras[first+1:] {
		if p.Level > 0 && p.Level <= lv {
			return // a sibling heading: the first paragraph is a section
		}
		later = later || p.Level > lv
	}
	if later {
		paras[first].Level = 0
	}
}

// titleStyle reports a paragraph style that names the document title, not a
// heading: Word's Title/Subtitle and their Chinese names (标题 without a
// level digit is Title in a Chinese Word; 标题 1 is Heading 1).
func titleStyle(name string) bool {
	return titleStyleNames[strings.ToLower(strings.TrimSpace(name))]
}

// style is one w:style of styles.xml, before basedOn resolution.
type style struct {
	name, basedOn string
	outline       int // 1-based, 0 = none, bodyLevel = explicitly body text
	numID, ilvl   string
	hasNumPr      bool
}

// level is one w:lvl of an abstract numbering definition.
type level struct {
	start   int
	fmt     string
	text    string
	restart int // 1-based level after which it restarts; -1 = default
	isLgl   bool
	suff    string
}

type abstractNum struct {
	levels [9]*level
	// styleLink names a numbering style whose list this definition uses
	// (w:numStyleLink): Word writes multi-level lists this way.
	styleLink string
}

// numInstance is one w:num: an abstract definition plus overrides.
type numInstance struct {
	abstractID string
	override   [9]*level // replaces the abstract level
	startOver  [9]int    // 0 = none, else start+1 stored to keep 0 meaningful
}

// counter holds the running list numbers of one list.
type counter struct {
	val  [9]int
	seen [9]bool
}

type docxState struct {
	styles map[string]*style
	// defStyle is the default paragraph style, which applies to
	// paragraphs without a w:pStyle.
	defStyle string
	abstract map[string]*abstractNum
	nums     map[string]*numInstance
	counters map[string]*counter
}

func attr(se xml.StartElement, local string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

func atoiDefault(s string, def int) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return def
	}
	return n
}

// newDecoder returns a strict decoder that knows no custom entities, so
// DTD entity tricks fail instead of expanding.
func newDecoder(b []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	return d
}

func (st *docxState) parseStyles(b []byte) {
	d := newDecoder(b)
	var cur *style
	var curID string
	inPPr := false
	depth := 0
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > maxXMLDepth {
				return
			}
			switch t.Name.Local {
			case "style":
				curID, _ = attr(t, "styleId")
				cur = &style{}
				// Numbering styles are kept too: w:numStyleLink points at them.
				if typ, _ := attr(t, "type"); typ != "" && typ != "paragraph" && typ != "numbering" {
					cur = nil
				} else if def, _ := attr(t, "default"); (def == "1" || def == "true") && st.defStyle == "" {
					st.defStyle = curID
				}
			case "name":
				if cur != nil {
					cur.name, _ = attr(t, "val")
				}
			case "basedOn":
				if cur != nil {
					cur.basedOn, _ = attr(t, "val")
				}
			case "pPr":
				inPPr = true
			case "outlineLvl":
				if cur != nil && inPPr {
					cur.outline = outlineLevel(must(attr(t, "val")))
				}
			case "numId":
				if cur != nil && inPPr {
					cur.numID, _ = attr(t, "val")
					cur.hasNumPr = true
				}
			case "ilvl":
				if cur != nil && inPPr {
					cur.ilvl, _ = attr(t, "val")
				}
			}
		case xml.EndElement:
			depth--
			switch t.Name.Local {
			case "style":
				if cur != nil && curID != "" {
					st.styles[curID] = cur
				}
				cur = nil
			case "pPr":
				inPPr = false
			}
		}
	}
}

func must(s string, _ bool) string { return s }

// bodyLevel marks w:outlineLvl 9, "body text": an explicit no-heading that
// overrides the level a paragraph's style would give (LibreOffice writes it
// on a Title paragraph whose style carries outline level 1).
const bodyLevel = -1

// outlineLevel reads w:outlineLvl/@w:val (0-based, 9 = body text) as a
// 1-based level, bodyLevel, or 0 when absent or out of range.
func outlineLevel(val string) int {
	switch v := atoiDefault(val, -1); {
	case v == 9:
		return bodyLevel
	case v >= 0 && v < 9:
		return v + 1
	}
	return 0
}

// resolved is a style after following basedOn.
type resolved struct {
	name     string
	level    int
	numID    string
	ilvl     string
	hasNumPr bool
}

// resolveStyle follows basedOn (bounded, since files can loop) and derives
// the heading level from the outline level or the style's name.
func (st *docxState) resolveStyle(id string) resolved {
	var r resolved
	if id == "" {
		id = st.defStyle
	}
	gotLevel := false
	for i := 0; i < 16 && id != ""; i++ {
		s := st.styles[id]
		if s == nil {
			break
		}
		if r.name == "" {
			r.name = s.name
			if r.name == "" {
				r.name = id
			}
		}
		if !gotLevel {
			if s.outline == bodyLevel {
				gotLevel = true // "body text" stops the basedOn chain
			} else if s.outline > 0 {
				r.level, gotLevel = s.outline, true
			} else if lv := headingLevel(s.name); lv > 0 {
				r.level, gotLevel = lv, true
			}
		}
		if !r.hasNumPr && s.hasNumPr {
			r.numID, r.ilvl, r.hasNumPr = s.numID, s.ilvl, true
		}
		id = s.basedOn
	}
	if r.name == "" {
		r.name = id
	}
	return r
}

// headingLevel reads "heading 1", "Heading1", "标题 2", "標題3" as a level.
func headingLevel(name string) int {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, h := range headingStyleNames {
		if rest, ok := strings.CutPrefix(n, h); ok {
			rest = strings.TrimSpace(rest)
			if v, err := strconv.Atoi(rest); err == nil && v >= 1 && v <= 9 {
				return v
			}
		}
	}
	return 0
}

func (st *docxState) parseNumbering(b []byte) {
	d := newDecoder(b)
	var abs *abstractNum
	var num *numInstance
	var lv *level
	var ovIdx = -1
	depth := 0
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > maxXMLDepth {
				return
			}
			switch t.Name.Local {
			case "abstractNum":
				abs = &abstractNum{}
				id, _ := attr(t, "abstractNumId")
				st.abstract[id] = abs
			case "num":
				num = &numInstance{}
				id, _ := attr(t, "numId")
				st.nums[id] = num
			case "numStyleLink":
				if abs != nil {
					abs.styleLink, _ = attr(t, "val")
				}
			case "abstractNumId":
				if num != nil {
					num.abstractID, _ = attr(t, "val")
				}
			case "lvlOverride":
				ovIdx = atoiDefault(must(attr(t, "ilvl")), -1)
			case "startOverride":
				if num != nil && ovIdx >= 0 && ovIdx < 9 {
					num.startOver[ovIdx] = atoiDefault(must(attr(t, "val")), 0) + 1
				}
			case "lvl":
				i := atoiDefault(must(attr(t, "ilvl")), -1)
				if i >= 0 && i < 9 {
					lv = &level{start: 1, fmt: "decimal", restart: -1}
					if num != nil && ovIdx == i {
						num.override[i] = lv
					} else if abs != nil {
						abs.levels[i] = lv
					}
				}
			case "start":
				if lv != nil {
					lv.start = atoiDefault(must(attr(t, "val")), 1)
				}
			case "numFmt":
				if lv != nil {
					lv.fmt, _ = attr(t, "val")
				}
			case "lvlText":
				if lv != nil {
					lv.text, _ = attr(t, "val")
				}
			case "lvlRestart":
				if lv != nil {
					lv.restart = atoiDefault(must(attr(t, "val")), -1)
				}
			case "isLgl":
				if lv != nil {
					v, _ := attr(t, "val")
					lv.isLgl = v == "" || v == "1" || v == "true" || v == "on"
				}
			case "suff":
				if lv != nil {
					lv.suff, _ = attr(t, "val")
				}
			}
		case xml.EndElement:
			depth--
			switch t.Name.Local {
			case "abstractNum":
				abs = nil
			case "num":
				num = nil
			case "lvl":
				lv = nil
			case "lvlOverride":
				ovIdx = -1
			}
		}
	}
}

// abstractFor resolves a list's abstract definition, following
// w:numStyleLink through the numbering style to the list it names (a few
// hops at most, since files can loop).
func (st *docxState) abstractFor(n *numInstance) (string, *abstractNum) {
	id := n.abstractID
	a := st.abstract[id]
	for hop := 0; hop < 4 && a != nil && a.styleLink != ""; hop++ {
		s := st.styles[a.styleLink]
		if s == nil || st.nums[s.numID] == nil {
			break
		}
		id = st.nums[s.numID].abstractID
		a = st.abstract[id]
	}
	return id, a
}

// levelDef returns the effective definition of level i of a list.
func (st *docxState) levelDef(n *numInstance, i int) *level {
	if n.override[i] != nil {
		return n.override[i]
	}
	if _, a := st.abstractFor(n); a != nil {
		return a.levels[i]
	}
	return nil
}

// number advances list numId at level ilvl and renders its label; "" for
// bullets, "none" and unknown lists. Lists sharing an abstract definition
// continue one another (as Word does) unless a w:num restarts with
// w:startOverride, which gets its own counters.
func (st *docxState) number(numID string, ilvl int) string {
	n := st.nums[numID]
	if n == nil || ilvl < 0 || ilvl >= 9 {
		return ""
	}
	def := st.levelDef(n, ilvl)
	if def == nil {
		return ""
	}
	absID, _ := st.abstractFor(n)
	key := "a" + absID
	for _, s := range n.startOver {
		if s != 0 {
			key = "n" + numID
			break
		}
	}
	c := st.counters[key]
	if c == nil {
		c = &counter{}
		st.counters[key] = c
	}
	startOf := func(i int) int {
		if n.startOver[i] != 0 {
			return n.startOver[i] - 1
		}
		if d := st.levelDef(n, i); d != nil {
			return d.start
		}
		return 1
	}
	if c.seen[ilvl] {
		c.val[ilvl]++
	} else {
		c.val[ilvl] = startOf(ilvl)
		c.seen[ilvl] = true
	}
	// A shallower item restarts deeper levels unless lvlRestart says otherwise
	// (its value is the 1-based level whose items restart it; 0 = never).
	for d := ilvl + 1; d < 9; d++ {
		r := d
		if dd := st.levelDef(n, d); dd != nil && dd.restart >= 0 {
			r = dd.restart
		}
		if ilvl < r {
			c.seen[d] = false
		}
	}
	if _, ok := formatNumber(def.fmt, 1); !ok {
		return ""
	}
	var sb strings.Builder
	t := def.text
	for i := 0; i < len(t); i++ {
		if t[i] == '%' && i+1 < len(t) && t[i+1] >= '1' && t[i+1] <= '9' {
			k := int(t[i+1] - '1')
			i++
			v := c.val[k]
			if !c.seen[k] {
				v = startOf(k)
			}
			f := "decimal"
			if kd := st.levelDef(n, k); kd != nil && !def.isLgl {
				f = kd.fmt
			}
			s, _ := formatNumber(f, v)
			sb.WriteString(s)
			continue
		}
		sb.WriteByte(t[i])
	}
	return strings.TrimSpace(sb.String())
}

// paraState collects one w:p.
type paraState struct {
	text     strings.Builder
	styleID  string
	outline  int // from the paragraph's own w:outlineLvl, 1-based; bodyLevel = body text
	numID    string
	ilvl     string
	hasNumPr bool
	inPPr    bool
}

// rowState collects one table row (w:tr); cells are joined by a tab.
type rowState struct {
	cells []string
	cell  strings.Builder
}

func (st *docxState) parseBody(ctx context.Context, b []byte, maxChars int) ([]raw.Para, error) {
	d := newDecoder(b)
	var out []raw.Para
	var paras []*paraState
	var rows []*rowState
	depth, skipDepth, inT, chars := 0, 0, false, 0
	// hidden marks the current run as w:vanish (hidden text, not shown or
	// printed); inRun tells run properties from the paragraph mark's.
	hidden, inRun := false, false
	for tokens := 0; ; tokens++ {
		if tokens&0xFFF == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > maxXMLDepth {
				return nil, fmt.Errorf("XML 嵌套超过 %d 层 (nesting deeper than %d)", maxXMLDepth, maxXMLDepth)
			}
			if skipDepth > 0 {
				continue
			}
			if skipSubtrees[t.Name.Local] {
				skipDepth = depth
				continue
			}
			var p *paraState
			if len(paras) > 0 {
				p = paras[len(paras)-1]
			}
			switch t.Name.Local {
			case "p":
				paras = append(paras, &paraState{})
			case "pPr":
				if p != nil {
					p.inPPr = true
				}
			case "pStyle":
				if p != nil && p.inPPr {
					p.styleID, _ = attr(t, "val")
				}
			case "outlineLvl":
				if p != nil && p.inPPr {
					p.outline = outlineLevel(must(attr(t, "val")))
				}
			case "numId":
				if p != nil && p.inPPr {
					p.numID, _ = attr(t, "val")
					p.hasNumPr = true
				}
			case "ilvl":
				if p != nil && p.inPPr {
					p.ilvl, _ = attr(t, "val")
				}
			case "t":
				inT = true
			case "r":
				inRun, hidden = true, false
			case "vanish", "webHidden":
				if inRun {
					v, _ := attr(t, "val")
					hidden = v != "0" && v != "false" && v != "off"
				}
			case "tab":
				if p != nil && !p.inPPr {
					p.text.WriteByte('\t')
				}
			case "br", "cr":
				if typ, _ := attr(t, "type"); p != nil && typ != "page" && typ != "column" {
					p.text.WriteByte('\n')
				}
			case "noBreakHyphen":
				if p != nil {
					p.text.WriteByte('-')
				}
			case "sym":
				if p != nil {
					if r := symRune(must(attr(t, "char"))); r != 0 {
						p.text.WriteRune(r)
					}
				}
			case "tr":
				rows = append(rows, &rowState{})
			case "tc":
				if len(rows) > 0 {
					rows[len(rows)-1].cell.Reset()
				}
			}
		case xml.EndElement:
			depth--
			if skipDepth > 0 {
				if depth < skipDepth {
					skipDepth = 0
				}
				continue
			}
			switch t.Name.Local {
			case "t":
				inT = false
			case "r":
				inRun, hidden = false, false
			case "pPr":
				if len(paras) > 0 {
					paras[len(paras)-1].inPPr = false
				}
			case "p":
				if len(paras) == 0 {
					continue
				}
				p := paras[len(paras)-1]
				paras = paras[:len(paras)-1]
				emitted := st.finishPara(p, len(rows) > 0)
				if len(rows) > 0 {
					r := rows[len(rows)-1]
					for _, e := range emitted {
						if r.cell.Len() > 0 {
							r.cell.WriteByte(' ')
						}
						r.cell.WriteString(e.Text)
					}
				} else {
					out = append(out, emitted...)
				}
			case "tc":
				if len(rows) > 0 {
					r := rows[len(rows)-1]
					r.cells = append(r.cells, strings.TrimSpace(r.cell.String()))
					r.cell.Reset()
				}
			case "tr":
				if len(rows) == 0 {
					continue
				}
				r := rows[len(rows)-1]
				rows = rows[:len(rows)-1]
				line := strings.TrimSpace(strings.Join(r.cells, "\t"))
				if line == "" {
					continue
				}
				if len(rows) > 0 {
					// A nested table flattens into its outer cell.
					pr := rows[len(rows)-1]
					if pr.cell.Len() > 0 {
						pr.cell.WriteByte(' ')
					}
					pr.cell.WriteString(line)
				} else {
					out = append(out, raw.Para{Text: line, InTable: true})
				}
			}
		case xml.CharData:
			if skipDepth > 0 || !inT || hidden || len(paras) == 0 {
				continue
			}
			chars += len(t)
			if chars > maxChars {
				return nil, fmt.Errorf("%w: 文本超过 %d 字符 (text exceeds %d characters)", ErrTooLarge, maxChars, maxChars)
			}
			paras[len(paras)-1].text.Write(t)
		}
	}
	return out, nil
}

// finishPara resolves style and numbering for a paragraph and splits it at
// manual line breaks; only the first line carries the level and number.
func (st *docxState) finishPara(p *paraState, inTable bool) []raw.Para {
	rs := st.resolveStyle(p.styleID)
	level := rs.level
	switch {
	case p.outline == bodyLevel:
		level = 0 // the paragraph says "body text" over its style's level
	case p.outline > 0:
		level = p.outline
	}
	numID, ilvl := rs.numID, rs.ilvl
	if p.hasNumPr {
		numID = p.numID
		if p.ilvl != "" || !rs.hasNumPr {
			ilvl = p.ilvl
		}
	}
	text := p.text.String()
	body := strings.TrimFunc(text, unicode.IsSpace)
	number := ""
	// numId 0 switches numbering off; empty paragraphs do not advance lists
	// (Word hides their numbers).
	if numID != "" && numID != "0" && body != "" {
		number = st.number(numID, atoiDefault(ilvl, 0))
	}
	if number != "" {
		text = joinNumber(number, body)
	}
	var out []raw.Para
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		rp := raw.Para{Text: line, InTable: inTable}
		if i == 0 || len(out) == 0 {
			rp.Level, rp.Style, rp.Number = level, rs.name, number
		}
		out = append(out, rp)
	}
	return out
}

// joinNumber puts a rendered list number before the text. Labels ending in
// punctuation ("一、", "（一）", "1.") join directly, as they read in print;
// a bare label ("第一章", "1") gets a space so it does not run into the text.
func joinNumber(number, body string) string {
	last := []rune(number)
	r := last[len(last)-1]
	if unicode.IsPunct(r) || unicode.IsSymbol(r) {
		return number + body
	}
	return number + " " + body
}

// symRune decodes w:sym/@w:char. Symbol fonts put their glyphs in the
// private-use block F0xx; the low byte is the ASCII-compatible code.
func symRune(hex string) rune {
	v, err := strconv.ParseUint(hex, 16, 32)
	if err != nil || v == 0 {
		return 0
	}
	r := rune(v)
	if r >= 0xF000 && r <= 0xF0FF {
		r -= 0xF000
	}
	if !unicode.IsPrint(r) {
		return 0
	}
	return r
}
