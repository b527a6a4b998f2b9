package pdf

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/planmine/planmine/ingest/readerr"
	"github.com/planmine/planmine/internal/shared"
)

// layout places paragraphs on A4 pages the way a word processor would:
// 20 characters of 12 pt per line from x=72, lines 18 pt apart, headings
// and paragraph ends as short lines, with a running header and a page
// number footer on every page.
type layout struct {
	b      *pdfBuilder
	pages  []string
	cur    strings.Builder
	y      float64
	header string
}

const (
	lineChars = 20
	fontSize  = 12.0
	leftX     = 72.0
)

func newLayout(header string) *layout {
	l := &layout{b: newBuilder(), header: header}
	l.newPage()
	return l
}

func (l *layout) newPage() {
	if l.cur.Len() > 0 {
		l.pages = append(l.pages, l.cur.String())
		l.cur.Reset()
	}
	n := len(l.pages) + 1
	if l.header != "" {
		l.cur.WriteString(l.b.cjkLine(leftX+60, 800, 9, l.header))
	}
	fmt.Fprintf(&l.cur, "BT /F1 9 Tf 280 40 Td (- %d -) Tj ET\n", n)
	l.y = 760
}

// para lays out s wrapped at lineChars, breaking pages when full.
func (l *layout) para(s string) {
	rs := []rune(s)
	for len(rs) > 0 {
		n := min(lineChars, len(rs))
		if l.y < 480 {
			l.newPage()
		}
		l.cur.WriteString(l.b.cjkLine(leftX, l.y, fontSize, string(rs[:n])))
		rs = rs[n:]
		l.y -= 18
	}
}

func (l *layout) pdf() []byte {
	l.newPage() // flush
	return l.b.build(l.pages...)
}

func TestParagraphRejoin(t *testing.T) {
	paras := []string{
		"医院党委关于开展党建工作的实施方案",
		"为深入贯彻落实全面从严治党要求，进一步加强医院基层党组织建设，推动党建工作与业务工作深度融合，结合本院实际，制定本方案",
		"一、总体目标",
		"到年底前，全院各党支部标准化规范化建设达标率达到百分之百，发展党员不少于三名，党员教育培训覆盖率达到百分之九十五以上。",
		"（一）加强理论学习",
		"各党支部每月至少开展一次集中学习，每季度至少讲授一次党课，年度内组织全体党员参加专题轮训。",
		"1.完善组织生活制度",
		"严格落实三会一课制度，规范主题党日活动，做到有计划、有记录、有总结。",
		"二、保障措施",
	}
	// Enough body to run onto more pages, so that one paragraph wraps
	// across a page break.
	for i := 0; i < 6; i++ {
		paras = append(paras, fmt.Sprintf("（%s）第%s项措施要求各科室负责同志加强统筹协调，压实工作责任，确保各项任务落到实处并按期完成验收工作", "一二三四五六"[i*3:i*3+3], "一二三四五六"[i*3:i*3+3]))
	}
	l := newLayout("中共某某医院委员会办公室")
	for _, p := range paras {
		l.para(p)
	}
	data := l.pdf()
	ps, info, err := ExtractWithInfo(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	if info.Route != RouteOwn || info.Pages < 3 {
		t.Fatalf("info = %+v, want own route over 3+ pages", info)
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.Text)
	}
	if strings.Join(got, "\n") != strings.Join(paras, "\n") {
		t.Errorf("paragraphs:\n got %q\nwant %q", got, paras)
	}
	// Pages never decrease, and a paragraph that crosses a page keeps its
	// first page (the layout breaks pages inside paragraphs).
	last := 1
	for _, p := range ps {
		if p.Page < last || p.Page > info.Pages {
			t.Errorf("page %d after %d (of %d)", p.Page, last, info.Pages)
		}
		last = p.Page
	}
	if last < 2 {
		t.Errorf("last paragraph on page %d, want a later page", last)
	}
}

func TestMixedFontsAndSpaces(t *testing.T) {
	b := newBuilder()
	content := "" +
		// CJK and ASCII runs on one baseline, ASCII raised by 0.5 pt as
		// producers do for font metrics: one line, no inserted spaces.
		b.cjkLine(72, 700, 12, "全年计划发展党员") +
		"BT /F1 12 Tf 168 700.5 Td (2) Tj ET\n" +
		b.cjkLine(175, 700, 12, "名，培训不少于") +
		"BT /F1 12 Tf 259 700 Td (32) Tj ET\n" +
		b.cjkLine(273, 700, 12, "学时。") +
		// A producer space between Han and digits goes: "2023 年" → "2023年".
		b.cjkLine(72, 660, 12, "截至") +
		"BT /F1 12 Tf 96 660 Td (2023 ) Tj ET\n" +
		b.cjkLine(130, 660, 12, "年底全部完成。") +
		// Latin words split into runs keep one space where the gap is a space.
		"BT /F1 12 Tf 72 620 Td (PDCA) Tj 40 0 Td (cycle) Tj ET\n" +
		// TJ kerning does not split a word; a large TJ gap between Latin words is a space.
		"BT /F1 12 Tf 72 580 Td [(Par) 20 (ty) -1200 (Building)] TJ ET\n"
	ps, err := Extract(context.Background(), b.build(content))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"全年计划发展党员2名，培训不少于32学时。", "截至2023年底全部完成。", "PDCA cycle", "Party Building"}
	var got []string
	for _, p := range ps {
		got = append(got, p.Text)
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestRadicalsAndActualText(t *testing.T) {
	b := newBuilder()
	// A font whose ToUnicode gives Kangxi and supplement radicals, as
	// Chromium's Type 3 subsets do for 十 and 长.
	b.uni['十'] = "\u2F17"
	b.uni['长'] = "\u2ED3"
	b.uni['门'] = "\u2ED4"
	content := b.cjkLine(72, 700, 12, "十年长期门诊") +
		// ActualText replaces the glyphs it spans.
		"BT /F2 12 Tf 72 660 Td /Span << /ActualText <FEFF515A5EFA> >> BDC " + b.hex("XY") + " Tj EMC " + b.hex("工作") + " Tj ET\n"
	ps, err := Extract(context.Background(), b.build(content))
	if err != nil {
		t.Fatal(err)
	}
	want := "十年长期门诊|党建工作"
	var got []string
	for _, p := range ps {
		got = append(got, p.Text)
	}
	if strings.Join(got, "|") != want {
		t.Errorf("got %q want %q", got, want)
	}
}

func TestFormXObjectAndMatrices(t *testing.T) {
	b := newBuilder()
	b.forms = []string{b.cjkLine(0, 0, 12, "表单中的文字")}
	content := "" +
		// Text drawn through a Form XObject placed by cm.
		"q 1 0 0 1 72 700 cm /Fm0 Do Q\n" +
		// A flipped CTM like Chromium's (y down) with Tm: still read top-down.
		"q 1 0 0 -1 0 842 cm BT /F2 12 Tf 1 0 0 -1 72 200 Tm " + b.hex("第二行") + " Tj ET Q\n" +
		// Lines set with TL and T* inside one BT.
		"BT /F2 12 Tf 14 TL 72 600 Td " + b.hex("第三行") + " Tj T* " + b.hex("第四行") + " Tj ET\n"
	ps, err := Extract(context.Background(), b.build(content))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.Text)
	}
	if want := "表单中的文字|第二行|第三行|第四行"; strings.Join(got, "|") != want {
		t.Errorf("got %q want %q", got, want)
	}
}

func TestBadInput(t *testing.T) {
	good := newLayout("").b
	goodPDF := good.build(good.cjkLine(72, 700, 12, "加强党的建设"))
	enc := newBuilder()
	enc.encrypt = true
	encPDF := enc.build(enc.cjkLine(72, 700, 12, "加密文件内容"))
	rect := newBuilder().build("0 0 1 RG 72 72 200 100 re S\n")
	random := make([]byte, 200)
	for i := range random {
		random[i] = byte(i*131 + 7)
	}
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, readerr.ErrCorrupt},
		{"random 200 bytes", random, readerr.ErrCorrupt},
		{"header only", []byte("%PDF-1.7\n"), readerr.ErrCorrupt},
		{"truncated 50%", goodPDF[:len(goodPDF)/2], readerr.ErrCorrupt},
		{"truncated 90%", goodPDF[:len(goodPDF)*9/10], readerr.ErrCorrupt},
		{"no text layer", rect, readerr.ErrNoText},
		{"encrypted", encPDF, readerr.ErrCorrupt},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps, err := Extract(context.Background(), c.data)
			if !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v (paras %d)", err, c.want, len(ps))
			}
			if c.name == "encrypted" && !errors.Is(err, errEncrypted) {
				t.Errorf("encrypted PDF error does not say so: %v", err)
			}
			if c.name == "no text layer" && !strings.Contains(err.Error(), "扫描件") {
				t.Errorf("no-text error lacks the scanned hint: %v", err)
			}
		})
	}
	if ps, err := Extract(context.Background(), goodPDF); err != nil || len(ps) != 1 || ps[0].Text != "加强党的建设" {
		t.Errorf("control PDF: %v %v", ps, err)
	}
}

func TestTruncatedFixtures(t *testing.T) {
	for _, name := range []string{"002_libreoffice.pdf", "002_chromium_truetype.pdf", "002_chromium_type3.pdf"} {
		data, err := os.ReadFile(filepath.Join(shared.Path(t, "corpus", "formats"), name))
		if err != nil {
			t.Fatal(err)
		}
		for _, frac := range []int{50, 90} {
			_, err := Extract(context.Background(), data[:len(data)*frac/100])
			if !errors.Is(err, readerr.ErrCorrupt) {
				t.Errorf("%s cut at %d%%: err = %v, want ErrCorrupt", name, frac, err)
			}
		}
	}
}

func TestPDF20Header(t *testing.T) {
	b := newBuilder()
	data := b.build(b.cjkLine(72, 700, 12, "版本二"))
	copy(data, "%PDF-2.0")
	ps, err := Extract(context.Background(), data)
	if err != nil || len(ps) != 1 || ps[0].Text != "版本二" {
		t.Fatalf("PDF 2.0: %v %v", ps, err)
	}
}
