package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// PDF layout, in millimetres and points.
const (
	pdfMargin   = 15.0 // left and right
	pdfTop      = 20.0 // below the running header
	pdfBottom   = 16.0 // above the footer
	pdfPad      = 1.2  // cell padding
	pdfFontName = "cjk"
)

// colours of the layout (RGB).
var (
	colInk    = [3]int{31, 35, 40}
	colMuted  = [3]int{110, 115, 122}
	colRule   = [3]int{198, 204, 210}
	colHead   = [3]int{238, 242, 246}
	colAccent = [3]int{31, 78, 121}
	colTotal  = [3]int{180, 35, 24}
	colBoiler = [3]int{245, 246, 247}
	colBar    = [3]int{208, 74, 58}
)

// pdfDoc wraps fpdf with the report's text and table helpers.
type pdfDoc struct {
	*fpdf.Fpdf
	widths map[rune]float64 // glyph widths in 1/1000 of the font size
	size   float64          // current font size in points
	col    [3]int           // current text colour
	lineH  float64          // current line height in mm
}

// WritePDF writes r as an A4 PDF with the CJK font subset embedded: the
// same content as the HTML report, with a running header (document title,
// date, planmine version), page numbers, a bookmark per source and each
// source on a new page.
func WritePDF(w io.Writer, r *Report) error {
	ttf, err := font()
	if err != nil {
		return err
	}
	f := fpdf.New("P", "mm", "A4", "")
	f.SetMargins(pdfMargin, pdfTop, pdfMargin)
	f.SetAutoPageBreak(false, pdfBottom) // rows are placed by hand: see ensure
	f.AddUTF8FontFromBytes(pdfFontName, "", ttf)
	f.SetTitle("查重报告 "+r.Doc.Name(), true)
	f.SetSubject("文本复制检测报告单 (copy-check report)", true)
	f.SetCreator("planmine "+r.Version, true)
	f.SetProducer("planmine "+r.Version, true)
	f.SetCreationDate(r.Generated)
	f.SetLang("zh-CN")
	f.AliasNbPages("")
	p := &pdfDoc{Fpdf: f, widths: map[rune]float64{}}
	head := fmt.Sprintf("查重报告 · %s · planmine %s", r.Generated.Format("2006-01-02"), r.Version)
	f.SetHeaderFuncMode(func() {
		p.font(8, colMuted)
		pw, _ := f.GetPageSize()
		hw := p.textWidth(head)
		f.SetXY(pdfMargin, 9)
		f.CellFormat(pw-2*pdfMargin-hw-4, 4, p.clip(r.Doc.Name(), pw-2*pdfMargin-hw-6), "", 0, "L", false, 0, "")
		f.CellFormat(hw+4, 4, head, "", 0, "R", false, 0, "")
		p.draw(colRule)
		f.Line(pdfMargin, 14, pw-pdfMargin, 14)
		f.SetXY(pdfMargin, pdfTop)
	}, true)
	f.SetFooterFunc(func() {
		p.font(8, colMuted)
		pw, ph := f.GetPageSize()
		f.SetXY(pdfMargin, ph-11)
		f.CellFormat(pw-2*pdfMargin, 4, strconv.Itoa(f.PageNo())+" / {nb}", "", 0, "C", false, 0, "")
	})
	f.AddPage()
	p.cover(r)
	p.summary(r)
	p.sources(r)
	p.sections(r)
	for _, s := range r.Sources {
		p.source(s)
	}
	p.notes()
	if err := f.Output(w); err != nil {
		return fmt.Errorf("生成 PDF 报告失败 (render pdf report): %w", err)
	}
	return nil
}

// font selects the font size and text colour; the line height follows.
func (p *pdfDoc) font(size float64, col [3]int) {
	p.SetFont(pdfFontName, "", size)
	p.size, p.col = size, col
	p.lineH = size * 0.3528 * 1.45 // points to mm, times the leading
	p.SetTextColor(col[0], col[1], col[2])
}

func (p *pdfDoc) fill(col [3]int) { p.SetFillColor(col[0], col[1], col[2]) }
func (p *pdfDoc) draw(col [3]int) { p.SetDrawColor(col[0], col[1], col[2]) }

// runeWidth is the width of r in mm at the current font size.
func (p *pdfDoc) runeWidth(r rune) float64 {
	w, ok := p.widths[r]
	if !ok {
		w = float64(p.GetStringSymbolWidth(string(r)))
		p.widths[r] = w
	}
	return w * p.size / 1000 * 0.3528
}

func (p *pdfDoc) textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		w += p.runeWidth(r)
	}
	return w
}

// clip shortens s with an ellipsis to fit width.
func (p *pdfDoc) clip(s string, width float64) string {
	if p.textWidth(s) <= width {
		return s
	}
	rs := []rune(s)
	ell := p.runeWidth('…')
	w := 0.0
	for i, r := range rs {
		if w+p.runeWidth(r)+ell > width {
			return string(rs[:i]) + "…"
		}
		w += p.runeWidth(r)
	}
	return s
}

// contentWidth is the width between the margins.
func (p *pdfDoc) contentWidth() float64 {
	pw, _ := p.GetPageSize()
	return pw - 2*pdfMargin
}

// room is the height left on the page above the bottom margin.
func (p *pdfDoc) room() float64 {
	_, ph := p.GetPageSize()
	return ph - pdfBottom - p.GetY()
}

// newPage starts a page and keeps the font: the running header changes it.
func (p *pdfDoc) newPage() {
	size, col := p.size, p.col
	p.AddPage()
	p.font(size, col)
}

// ensure starts a new page when less than h is left.
func (p *pdfDoc) ensure(h float64) {
	if p.room() < h {
		p.newPage()
	}
}

// para writes wrapped text across the content width.
func (p *pdfDoc) para(text string, size float64, col [3]int) {
	p.font(size, col)
	for _, l := range wrap(clean(text), p.contentWidth(), p.runeWidth) {
		p.ensure(p.lineH)
		p.SetX(pdfMargin)
		p.CellFormat(p.contentWidth(), p.lineH, l, "", 1, "L", false, 0, "")
	}
}

// heading writes a section heading with a rule under it.
func (p *pdfDoc) heading(zh, en string) {
	p.ensure(16)
	p.Ln(3)
	p.font(13, colAccent)
	p.SetX(pdfMargin)
	w := p.textWidth(zh) + 2
	p.CellFormat(w, 7, zh, "", 0, "L", false, 0, "")
	p.font(9, colMuted)
	p.CellFormat(p.contentWidth()-w, 7, en, "", 1, "L", false, 0, "")
	p.SetLineWidth(0.5)
	p.draw(colAccent)
	p.Line(pdfMargin, p.GetY(), pdfMargin+p.contentWidth(), p.GetY())
	p.SetLineWidth(0.2)
	p.Ln(2)
}

// cell is one table cell: text, alignment, colour, and an optional share
// drawn as a bar before the text.
type cell struct {
	text  string
	align string
	col   [3]int
	bar   float64
	isBar bool
}

// table draws a header row and rows, wrapping cells to their column
// widths, repeating the header on each new page and splitting a row that
// is taller than a page between pages. fills gives a background per row
// (nil for none).
func (p *pdfDoc) table(widths []float64, head []string, rows [][]cell, size float64, fills []*[3]int) {
	drawHead := func() {
		p.font(size, colInk)
		hl := make([][]string, len(head))
		n := 1
		for i, h := range head {
			hl[i] = wrap(h, widths[i]-2*pdfPad, p.runeWidth)
			n = max(n, len(hl[i]))
		}
		cells := make([]cell, len(head))
		for i := range cells {
			cells[i] = cell{col: colInk}
		}
		p.fill(colHead)
		p.rowChunkCells(widths, hl, cells, 0, n, true, size)
	}
	p.font(size, colInk)
	p.ensure(3 * p.lineH)
	drawHead()
	for ri, row := range rows {
		p.font(size, colInk)
		lines := make([][]string, len(row))
		n := 1
		for i, c := range row {
			tw := widths[i] - 2*pdfPad
			if c.isBar {
				tw -= 14
			}
			lines[i] = wrap(clean(c.text), tw, p.runeWidth)
			n = max(n, len(lines[i]))
		}
		var fill *[3]int
		if ri < len(fills) {
			fill = fills[ri]
		}
		for k := 0; k < n; {
			// At least two lines (or the rest) on a page, else a new page.
			need := min(2, n-k)
			if p.room() < float64(need)*p.lineH+2*pdfPad {
				p.newPage()
				drawHead()
				p.font(size, colInk)
			}
			fit := int((p.room() - 2*pdfPad) / p.lineH)
			m := min(fit, n-k)
			if fill != nil {
				p.fill(*fill)
			}
			p.rowChunkCells(widths, lines, row, k, k+m, fill != nil, size)
			k += m
		}
	}
	p.Ln(1)
}

// rowChunkCells draws lines [from, to) of every cell of a row, with
// borders, at the current position, and moves below it.
func (p *pdfDoc) rowChunkCells(widths []float64, lines [][]string, cells []cell, from, to int, fill bool, size float64) {
	y0 := p.GetY()
	h := float64(to-from)*p.lineH + 2*pdfPad
	x := pdfMargin
	p.draw(colRule)
	p.SetLineWidth(0.2)
	for i, w := range widths {
		style := "D"
		if fill {
			style = "FD"
		}
		p.Rect(x, y0, w, h, style)
		c := cells[i]
		p.font(size, c.col)
		tx := x + pdfPad
		tw := w - 2*pdfPad
		if c.isBar && from == 0 {
			p.fill(colHead)
			p.Rect(tx, y0+pdfPad+p.lineH*0.25, 12, p.lineH*0.5, "F")
			p.fill(colBar)
			if bw := 12 * min(max(c.bar, 0), 1); bw > 0 {
				p.Rect(tx, y0+pdfPad+p.lineH*0.25, bw, p.lineH*0.5, "F")
			}
		}
		if c.isBar {
			tx += 14
			tw -= 14
		}
		for k := from; k < to && k < len(lines[i]); k++ {
			p.SetXY(tx, y0+pdfPad+float64(k-from)*p.lineH)
			align := c.align
			if align == "" {
				align = "L"
			}
			p.CellFormat(tw, p.lineH, lines[i][k], "", 0, align, false, 0, "")
		}
		x += w
	}
	p.SetXY(pdfMargin, y0+h)
}

// cover writes the title block and the document's details.
func (p *pdfDoc) cover(r *Report) {
	p.font(17, colInk)
	p.SetX(pdfMargin)
	p.CellFormat(p.textWidth("文本复制检测报告单")+3, 9, "文本复制检测报告单", "", 0, "L", false, 0, "")
	p.font(10, colMuted)
	p.CellFormat(60, 9, "Copy-check report", "", 1, "L", false, 0, "")
	p.Ln(2)
	kv := [][2]string{
		{"检测文献 Document", r.Doc.Name()},
		{"来源文件 File", r.Doc.Source + partSuffix(r.Doc.Part)},
	}
	if ou := orgYear(r.Doc); ou != "" {
		kv = append(kv, [2]string{"单位 / 年份 Org / year", ou})
	}
	kv = append(kv,
		[2]string{"文档编号 ID", r.Doc.ID},
		[2]string{"检测时间 Date", r.Generated.Format("2006-01-02 15:04")},
		[2]string{"检测系统 System", "planmine " + r.Version})
	rows := make([][]cell, len(kv))
	for i, x := range kv {
		rows[i] = []cell{{text: x[0], col: colMuted}, {text: x[1], col: colInk}}
	}
	w := p.contentWidth()
	p.tableNoHead([]float64{42, w - 42}, rows, 9.5)
}

// tableNoHead is table without a header row.
func (p *pdfDoc) tableNoHead(widths []float64, rows [][]cell, size float64) {
	for _, row := range rows {
		p.font(size, colInk)
		lines := make([][]string, len(row))
		n := 1
		for i, c := range row {
			lines[i] = wrap(clean(c.text), widths[i]-2*pdfPad, p.runeWidth)
			n = max(n, len(lines[i]))
		}
		p.ensure(float64(n)*p.lineH + 2*pdfPad)
		p.rowChunkCells(widths, lines, row, 0, n, false, size)
	}
}

// summary writes the six figures in two rows of three boxes.
func (p *pdfDoc) summary(r *Report) {
	p.heading("检测结果", "Summary")
	figs := []struct {
		v, l string
		col  [3]int
	}{
		{Percent(r.Total), "总文字复制比 total copied share", colTotal},
		{Percent(r.MaxSource), "单篇最大文字复制比 largest single source", colAccent},
		{Percent(r.Boilerplate), "公文套话/模板比 boilerplate (不计入)", colAccent},
		{fmt.Sprintf("%d / %d", r.Copied, r.Countable), "复制字数 / 可比字数 copied / countable", colAccent},
		{strconv.Itoa(peerCount(r.Sources)), "相似来源 source documents", colAccent},
		{strconv.Itoa(r.Longest), "最长复制段字数 longest passage", colAccent},
	}
	bw, bh := (p.contentWidth()-4)/3, 17.0
	p.ensure(2*bh + 4)
	y0 := p.GetY()
	for i, f := range figs {
		x := pdfMargin + float64(i%3)*(bw+2)
		y := y0 + float64(i/3)*(bh+2)
		p.draw(colRule)
		p.Rect(x, y, bw, bh, "D")
		p.font(17, f.col)
		p.SetXY(x+2.5, y+1.5)
		p.CellFormat(bw-5, 8, f.v, "", 0, "L", false, 0, "")
		p.font(7.5, colMuted)
		p.SetXY(x+2.5, y+10)
		p.CellFormat(bw-5, 5, p.clip(f.l, bw-5), "", 0, "L", false, 0, "")
	}
	p.SetXY(pdfMargin, y0+2*bh+4)
}

// sources writes the table of source documents.
func (p *pdfDoc) sources(r *Report) {
	p.heading("相似来源", "Sources")
	if len(r.Sources) == 0 {
		p.para("未发现与其他文档共享的段落 (no passages shared with other documents).", 9.5, colMuted)
		return
	}
	widths := []float64{11, 52, 38, 27, 20, 16, 16}
	head := []string{"序号", "标题 Title", "来源文件 File", "单位/年份", "复制比 Share", "复制字数", "段落数"}
	var rows [][]cell
	for _, s := range r.Sources {
		title := s.Doc.Name()
		share := cell{text: Percent(s.Share), align: "R", col: colInk}
		if s.Template {
			title += "（模板 template）"
			share = cell{text: "套话", align: "R", col: colMuted}
		}
		rows = append(rows, []cell{
			{text: "[" + strconv.Itoa(s.No) + "]", align: "R", col: colInk},
			{text: title, col: colInk},
			{text: s.Doc.Source + partSuffix(s.Doc.Part), col: colMuted},
			{text: orgYear(s.Doc), col: colMuted},
			share,
			{text: strconv.Itoa(s.Copied), align: "R", col: colInk},
			{text: strconv.Itoa(s.Copies()), align: "R", col: colInk},
		})
	}
	p.table(widths, head, rows, 8.5, nil)
}

// sections writes the copied share of each outline section.
func (p *pdfDoc) sections(r *Report) {
	p.heading("章节复制比", "Copied share per section")
	if len(r.Sections) == 0 {
		p.para("本文没有识别出章节 (no outline sections found).", 9.5, colMuted)
		return
	}
	w := p.contentWidth()
	widths := []float64{w - 66, 36, 30}
	head := []string{"章节 Section", "复制比 Share", "复制字数/可比字数"}
	var rows [][]cell
	for _, s := range r.Sections {
		indent := strings.Repeat("　", max(s.Level-1, 0))
		rows = append(rows, []cell{
			{text: indent + s.Heading, col: colInk},
			{text: Percent(s.Share), align: "R", col: colInk, bar: s.Share, isBar: true},
			{text: fmt.Sprintf("%d / %d", s.Copied, s.Countable), align: "R", col: colMuted},
		})
	}
	p.table(widths, head, rows, 8.5, nil)
}

// source writes one source on a new page: its details and its passages
// side by side.
func (p *pdfDoc) source(s Source) {
	p.newPage()
	title := fmt.Sprintf("来源 [%d] %s", s.No, s.Doc.Name())
	p.Bookmark(title, 0, -1)
	p.font(12.5, colAccent)
	for _, l := range wrap(title, p.contentWidth(), p.runeWidth) {
		p.SetX(pdfMargin)
		p.CellFormat(p.contentWidth(), p.lineH, l, "", 1, "L", false, 0, "")
	}
	share := "文字复制比 " + Percent(s.Share) + " · 配对得分 pair score " + Percent(s.Score)
	if s.Template {
		share = "模板 template · 套话不计入 not counted"
	}
	meta := []string{s.Doc.Source + partSuffix(s.Doc.Part)}
	if ou := orgYear(s.Doc); ou != "" {
		meta = append(meta, ou)
	}
	meta = append(meta, "ID "+s.Doc.ID, fmt.Sprintf("复制 %d 字 · %d 段", s.Copied, s.Copies()), share)
	p.para(strings.Join(meta, " · "), 8.5, colMuted)
	p.SetLineWidth(0.5)
	p.draw(colAccent)
	p.Line(pdfMargin, p.GetY()+0.5, pdfMargin+p.contentWidth(), p.GetY()+0.5)
	p.SetLineWidth(0.2)
	p.Ln(2)
	half := p.contentWidth() / 2
	var rows [][]cell
	var fills []*[3]int
	for _, x := range s.Passages {
		ha := fmt.Sprintf("[%d, %d) · %d 字", x.Start, x.End, x.Chars)
		if x.Section != "" {
			ha += " · " + x.Section
		}
		col := colInk
		var fill *[3]int
		if x.Boilerplate {
			ha += " · " + kindName(x.Kind) + "，不计入"
			col = colMuted
			fill = &colBoiler
		}
		rows = append(rows, []cell{
			{text: ha + "\n" + x.Text, col: col},
			{text: fmt.Sprintf("[%d, %d)", x.SourceStart, x.SourceEnd) + "\n" + x.SourceText, col: col},
		})
		fills = append(fills, fill)
	}
	p.table([]float64{half, half}, []string{"本文 This document", fmt.Sprintf("来源 Source [%d]", s.No)}, rows, 9, fills)
}

// notes writes how the figures are counted.
func (p *pdfDoc) notes() {
	p.Ln(4)
	p.para("说明：总文字复制比 = 与所有来源共享的复制段落（并集）字数 ÷ 本文可比字数。字数按规范化字符计（汉字、数字、字母，繁简统一，不计标点空白）；可比字数不含公文套话：官方提法、《》引用的标题，以及被判为常见表述、官方提法或模板的共享段落（灰色，不计入复制）。偏移量为各文档正文中的字符位置，左闭右开 [start, end)。", 8, colMuted)
	p.para("Notes: shares are counted in normalised characters (Han, digits, letters; script folded) over the countable text, i.e. without boilerplate (official formulas, cited titles, passages classed as common phrasing, formula or template, shown grey). Offsets are code points into each document's text, half-open.", 8, colMuted)
}

// clean makes text printable: tabs become spaces, other control
// characters and carriage returns go.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case r == '\n':
			return r
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return -1
		}
		return r
	}, s)
}

func partSuffix(part int) string {
	if part <= 0 {
		return ""
	}
	return fmt.Sprintf(" · 第 %d 篇", part)
}

func orgYear(d DocInfo) string {
	var parts []string
	if d.Org != "" {
		parts = append(parts, d.Org)
	}
	if d.Year != 0 {
		parts = append(parts, strconv.Itoa(d.Year)+" 年")
	}
	return strings.Join(parts, " · ")
}

func peerCount(ss []Source) int {
	n := 0
	for _, s := range ss {
		if !s.Template {
			n++
		}
	}
	return n
}
