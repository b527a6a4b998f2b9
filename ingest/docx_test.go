package ingest

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/planmine/planmine/ingest/raw"
	"github.com/planmine/planmine/internal/shared"
)

//go:generate go test -run TestMake.*Fixture -mkfixture .

var mkFixture = flag.Bool("mkfixture", false, "regenerate testdata/numbered.docx, .txt and titled.docx through LibreOffice")

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"`

// makeDOCX builds a minimal but complete WordprocessingML package, complete
// enough for LibreOffice to open (relationships included).
func makeDOCX(t testing.TB, body, styles, numbering string) []byte {
	t.Helper()
	ct := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
</Types>`
	rels := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`
	docRels := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
</Relationships>`
	entries := []zipEntry{
		{name: "[Content_Types].xml", body: []byte(ct)},
		{name: "_rels/.rels", body: []byte(rels)},
		{name: "word/_rels/document.xml.rels", body: []byte(docRels)},
		{name: "word/document.xml", body: []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` + wNS + `><w:body>` + body + `</w:body></w:document>`)},
		{name: "word/styles.xml", body: []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ` + wNS + `>` + styles + `</w:styles>`)},
		{name: "word/numbering.xml", body: []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering ` + wNS + `>` + numbering + `</w:numbering>`)},
	}
	return makeZip(t, entries)
}

// wp writes one paragraph; style and numPr are optional.
func wp(style string, numID, ilvl int, runs ...string) string {
	var sb strings.Builder
	sb.WriteString("<w:p><w:pPr>")
	if style != "" {
		sb.WriteString(`<w:pStyle w:val="` + style + `"/>`)
	}
	if numID >= 0 {
		sb.WriteString(`<w:numPr><w:ilvl w:val="` + itoa(ilvl) + `"/><w:numId w:val="` + itoa(numID) + `"/></w:numPr>`)
	}
	sb.WriteString("</w:pPr>")
	for _, r := range runs {
		if strings.HasPrefix(r, "<") {
			sb.WriteString(r)
			continue
		}
		sb.WriteString(`<w:r><w:t xml:space="preserve">` + r + `</w:t></w:r>`)
	}
	sb.WriteString("</w:p>")
	return sb.String()
}

func itoa(n int) string { return strconv.Itoa(n) }

const testStyles = `
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
 <w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>
 <w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/>
 <w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="a5"><w:name w:val="标题 2"/><w:basedOn w:val="Normal"/></w:style>`

const testNumbering = `
<w:abstractNum w:abstractNumId="0">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:pStyle w:val="Heading1"/><w:suff w:val="nothing"/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:pStyle w:val="Heading2"/><w:suff w:val="nothing"/></w:lvl>
 <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/><w:suff w:val="nothing"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="2">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>`

// planBody is a short plan written for these tests: headings numbered
// through their styles (一、/（一）) and third-level items numbered on the
// paragraph (1.), a bullet list, a table and a tracked change.
func planBody() string {
	return strings.Join([]string{
		wp("", -1, 0, "2026年第一党支部工作计划"),
		wp("Heading1", -1, 0, "指导思想"),
		wp("", -1, 0, "坚持以党建引领医院高质量发展，", "把支部建在科室上。"),
		wp("Heading1", -1, 0, "工作目标"),
		wp("Heading2", -1, 0, "组织建设目标"),
		wp("", -1, 0, "全年发展党员不少于4名，培养入党积极分子8名。"),
		wp("Heading2", -1, 0, "队伍建设目标"),
		wp("Heading3", 1, 2, "开展党员轮训，每人不少于32学时。"),
		wp("Heading3", 1, 2, "选树先进典型2至3个。"),
		wp("Heading2", -1, 0, "制度建设目标"),
		wp("Heading1", -1, 0, "主要措施"),
		wp("Heading2", -1, 0, "落实“三会一课”制度"),
		wp("Heading3", 1, 2, "每月召开支部委员会。"),
		wp("", 2, 0, "党员大会每季度召开一次"),
		wp("", 2, 0, "党小组会每月召开一次"),
		wp("", -1, 0, "支部书记讲党课", `<w:del w:id="1" w:author="甲"><w:r><w:delText>每半年</w:delText></w:r></w:del>`,
			`<w:ins w:id="2" w:author="甲"><w:r><w:t>每年</w:t></w:r></w:ins>`, "不少于1次。"),
		wp("Heading1", -1, 0, "保障措施"),
		`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>时间</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>任务</w:t></w:r></w:p></w:tc></w:tr>` +
			`<w:tr><w:tc><w:p><w:r><w:t>3月</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>部署启动</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`,
		wp("", -1, 0, "附件：", `<w:r><w:tab/></w:r>`, "<w:r><w:t>责任分工表</w:t><w:br/><w:t>（另发）</w:t></w:r>"),
	}, "")
}

func TestDOCXNumberingInMemory(t *testing.T) {
	data := makeDOCX(t, planBody(), testStyles, testNumbering)
	paras, err := readDOCX(context.Background(), "plan.docx", data, Options{}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	want := []raw.Para{
		{Text: "2026年第一党支部工作计划", Style: "Normal"},
		{Text: "一、指导思想", Level: 1, Style: "heading 1", Number: "一、"},
		{Text: "坚持以党建引领医院高质量发展，把支部建在科室上。", Style: "Normal"},
		{Text: "二、工作目标", Level: 1, Style: "heading 1", Number: "二、"},
		{Text: "（一）组织建设目标", Level: 2, Style: "heading 2", Number: "（一）"},
		{Text: "全年发展党员不少于4名，培养入党积极分子8名。", Style: "Normal"},
		{Text: "（二）队伍建设目标", Level: 2, Style: "heading 2", Number: "（二）"},
		{Text: "1.开展党员轮训，每人不少于32学时。", Level: 3, Style: "heading 3", Number: "1."},
		{Text: "2.选树先进典型2至3个。", Level: 3, Style: "heading 3", Number: "2."},
		{Text: "（三）制度建设目标", Level: 2, Style: "heading 2", Number: "（三）"},
		{Text: "三、主要措施", Level: 1, Style: "heading 1", Number: "三、"},
		{Text: "（一）落实“三会一课”制度", Level: 2, Style: "heading 2", Number: "（一）"},
		{Text: "1.每月召开支部委员会。", Level: 3, Style: "heading 3", Number: "1."},
		{Text: "党员大会每季度召开一次", Style: "Normal"},
		{Text: "党小组会每月召开一次", Style: "Normal"},
		{Text: "支部书记讲党课每年不少于1次。", Style: "Normal"},
		{Text: "四、保障措施", Level: 1, Style: "heading 1", Number: "四、"},
		{Text: "时间\t任务", InTable: true},
		{Text: "3月\t部署启动", InTable: true},
		{Text: "附件：\t责任分工表", Style: "Normal"},
		{Text: "（另发）"},
	}
	if len(paras) != len(want) {
		for _, p := range paras {
			t.Logf("%+v", p)
		}
		t.Fatalf("%d paragraphs, want %d", len(paras), len(want))
	}
	for i := range want {
		if paras[i] != want[i] {
			t.Errorf("para %d = %+v\nwant %+v", i, paras[i], want[i])
		}
	}
}

func TestDOCXNumberingOverridesAndLegal(t *testing.T) {
	body := wp("", 3, 0, "甲") + wp("", 3, 1, "乙") + wp("", 3, 1, "丙") + wp("", 3, 0, "丁") + wp("", 3, 1, "戊") +
		wp("", 4, 0, "己") + wp("", 4, 0, "庚") + wp("", 0, 0, "无编号") + wp("", 9, 0, "未定义列表") + wp("", 3, 0, "")
	paras, err := readDOCX(context.Background(), "o.docx", makeDOCX(t, body, testStyles, testNumbering), Options{}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range paras {
		got = append(got, p.Text)
	}
	// numId 4 restarts at 5 through startOverride; numId 0 and undefined
	// lists render nothing; the empty item does not advance the list.
	want := "1.甲|1.1.乙|1.2.丙|2.丁|2.1.戊|5.己|6.庚|无编号|未定义列表"
	if strings.Join(got, "|") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, "|"), want)
	}
}

// Word's multi-level lists: the paragraph's list points through
// w:numStyleLink at a numbering style, whose own list holds the levels.
func TestDOCXNumStyleLink(t *testing.T) {
	styles := testStyles + `<w:style w:type="numbering" w:styleId="PlanList"><w:name w:val="计划列表"/>
<w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>`
	numbering := `<w:abstractNum w:abstractNumId="5"><w:styleLink w:val="PlanList"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1条"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="6"><w:numStyleLink w:val="PlanList"/></w:abstractNum>
<w:num w:numId="7"><w:abstractNumId w:val="5"/></w:num>
<w:num w:numId="8"><w:abstractNumId w:val="6"/></w:num>`
	body := wp("", 8, 0, "总则") + wp("", 8, 0, "适用范围") + wp("", 7, 0, "附则")
	paras, err := readDOCX(context.Background(), "l.docx", makeDOCX(t, body, styles, numbering), Options{}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range paras {
		got = append(got, p.Text)
	}
	// Both lists share one definition, so they continue one another.
	if want := "第一条 总则|第二条 适用范围|第三条 附则"; strings.Join(got, "|") != want {
		t.Errorf("got %q, want %q", strings.Join(got, "|"), want)
	}
}

func TestDOCXLevelsFromOutlineAndStyleNames(t *testing.T) {
	body := `<w:p><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>大纲二级</w:t></w:r></w:p>` +
		wp("a5", -1, 0, "中文样式名") +
		`<w:p><w:pPr><w:outlineLvl w:val="9"/></w:pPr><w:r><w:t>正文级别</w:t></w:r></w:p>` +
		`<w:p><w:r><w:t>符号</w:t><w:sym w:font="Symbol" w:char="F0B4"/><w:noBreakHyphen/><w:t>尾</w:t></w:r></w:p>` +
		`<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE \* MERGEFORMAT</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>` +
		`<w:p><mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t>文本框</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>文本框</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>` +
		`<w:p><w:r><w:t>&lt;党建&gt; &amp; 业务</w:t></w:r></w:p>` +
		`<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:t>可见</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏文字</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>也可见</w:t></w:r></w:p>`
	paras, err := readDOCX(context.Background(), "s.docx", makeDOCX(t, body, testStyles, testNumbering), Options{}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	type lv struct {
		text  string
		level int
	}
	want := []lv{{"大纲二级", 2}, {"中文样式名", 2}, {"正文级别", 0}, {"符号´-尾", 0}, {"3", 0}, {"文本框", 0}, {"<党建> & 业务", 0}, {"可见也可见", 0}}
	if len(paras) != len(want) {
		t.Fatalf("got %+v", paras)
	}
	for i, w := range want {
		if paras[i].Text != w.text || paras[i].Level != w.level {
			t.Errorf("para %d = %q level %d, want %q level %d", i, paras[i].Text, paras[i].Level, w.text, w.level)
		}
	}
}

func TestDOCXHints(t *testing.T) {
	data := makeDOCX(t, planBody(), testStyles, testNumbering)
	docs, err := Read(context.Background(), "计划.docx", bytes.NewReader(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := docs[0]
	if d.Format != FormatDOCX {
		t.Errorf("format %q", d.Format)
	}
	rs := []rune(d.Text)
	if len(d.Hints) < 8 {
		t.Fatalf("only %d hints", len(d.Hints))
	}
	for _, h := range d.Hints {
		s := string(rs[h.Start:h.End])
		if h.Number != "" && !strings.HasPrefix(s, h.Number) {
			t.Errorf("hint %+v covers %q, which does not start with its number", h, s)
		}
		if h.Start > 0 && rs[h.Start-1] != '\n' || h.End < len(rs) && rs[h.End] != '\n' {
			t.Errorf("hint %+v is not a whole line: %q", h, s)
		}
	}
	if h := d.Hints[0]; string(rs[h.Start:h.End]) != "一、指导思想" || h.Level != 1 {
		t.Errorf("first hint %+v = %q", h, string(rs[h.Start:h.End]))
	}
}

// TestMakeFixture regenerates testdata/numbered.docx: the in-memory plan is
// written out and converted by LibreOffice, so that the committed file is
// what a real producer writes, and LibreOffice's own text rendering is kept
// next to it as the expected text. Run with: go generate ./ingest/
func TestMakeFixture(t *testing.T) {
	if !*mkFixture {
		t.Skip("run with -mkfixture to regenerate testdata/numbered.docx")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatal("soffice not installed: apt-get install libreoffice-writer-nogui")
	}
	tmp := t.TempDir()
	src := filepath.Join(tmp, "numbered.docx")
	if err := os.WriteFile(src, makeDOCX(t, planBody(), testStyles, testNumbering), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(tmp, "out")
	profile := "-env:UserInstallation=file://" + filepath.Join(tmp, "profile")
	run := func(args ...string) {
		cmd := exec.Command(soffice, append([]string{profile, "--headless"}, args...)...)
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice %v: %v\n%s", args, err, b)
		}
	}
	run("--convert-to", "docx:MS Word 2007 XML", "--outdir", out, src)
	run("--convert-to", "txt:Text (encoded):UTF8", "--outdir", out, filepath.Join(out, "numbered.docx"))
	for _, f := range []string{"numbered.docx", "numbered.txt"} {
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("testdata", f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// lines drops empty lines and surrounding space (LibreOffice's text export
// writes a BOM and CRLF).
func nonEmptyLines(s string) []string {
	s = strings.TrimPrefix(s, "\uFEFF")
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func TestDOCXFixtureMatchesLibreOffice(t *testing.T) {
	want, err := os.ReadFile("testdata/numbered.txt")
	if err != nil {
		t.Fatal(err)
	}
	paras, err := readDOCX(context.Background(), "numbered.docx", mustRead(t, "testdata/numbered.docx"), Options{}.withDefaults())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range paras {
		got = append(got, p.Text)
	}
	// Known, deliberate differences from LibreOffice's text export: it puts
	// a space after every list number (even with w:suff "nothing"), writes
	// bullets ("•") that we drop because they are not numbers, puts each
	// table cell on its own line where we join a row with tabs, and keeps
	// the text of tracked deletions, which we skip as no longer part of the
	// document. Spaces are removed and cells split on both sides; the
	// deletion is listed here.
	loDeleted := []string{"每半年"}
	norm := func(l string) string {
		l = strings.ReplaceAll(l, " ", "")
		return strings.TrimPrefix(l, "•")
	}
	var cmpWant []string
	for _, l := range nonEmptyLines(string(want)) {
		for _, d := range loDeleted {
			l = strings.Replace(l, d, "", 1)
		}
		cmpWant = append(cmpWant, strings.Split(norm(l), "\t")...)
	}
	var cmpGot []string
	for _, l := range got {
		cmpGot = append(cmpGot, strings.Split(norm(l), "\t")...)
	}
	if strings.Join(cmpGot, "\n") != strings.Join(cmpWant, "\n") {
		t.Errorf("our text differs from LibreOffice's rendering\n got: %q\nwant: %q", cmpGot, cmpWant)
	}
	// The numbering itself, independent of LibreOffice's text.
	heads := map[string]bool{}
	for _, p := range paras {
		if p.Number != "" {
			heads[p.Text] = true
			if !strings.HasPrefix(p.Text, p.Number) {
				t.Errorf("number %q not at the start of %q", p.Number, p.Text)
			}
		}
	}
	for _, h := range []string{"一、指导思想", "二、工作目标", "（一）组织建设目标", "（二）队伍建设目标", "1.开展党员轮训，每人不少于32学时。",
		"2.选树先进典型2至3个。", "三、主要措施", "（一）落实“三会一课”制度", "1.每月召开支部委员会。", "四、保障措施"} {
		if !heads[h] {
			t.Errorf("numbered heading %q missing", h)
		}
	}
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func seedFor(t testing.TB, base string) string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(shared.Path(t, "corpus", "seeds"), base[:3]+"_*.txt"))
	if len(m) != 1 {
		t.Fatalf("no seed for %s", base)
	}
	return m[0]
}

func TestSharedDOCXMatchesSeeds(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(shared.Path(t, "corpus", "formats"), "*.docx"))
	if len(files) == 0 {
		t.Fatal("no formats/*.docx")
	}
	for _, f := range files {
		got := hanDigits(readAllText(t, f))
		want := hanDigits(readAllText(t, seedFor(t, filepath.Base(f))))
		r := lcsRatio(got, want)
		t.Logf("%s: LCS ratio %.5f (%d vs %d)", filepath.Base(f), r, len(got), len(want))
		if r < 0.995 {
			t.Errorf("%s: LCS ratio %.4f < 0.995", filepath.Base(f), r)
		}
	}
}

func TestRealWPSWordDOCX(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(shared.Path(t, "corpus", "external"), "gwr_prov2025_*.docx"))
	if len(files) == 0 {
		t.Fatal("no gwr_prov2025_*.docx")
	}
	for _, f := range files {
		paras, err := readDOCX(context.Background(), f, mustRead(t, f), Options{}.withDefaults())
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		han := 0
		for _, p := range paras {
			for _, r := range p.Text {
				if unicode.Is(unicode.Han, r) {
					han++
					break
				}
			}
		}
		share := float64(han) / float64(len(paras))
		t.Logf("%s: %d paragraphs, %.3f with Han text", filepath.Base(f), len(paras), share)
		if share < 0.95 {
			t.Errorf("%s: only %.3f of paragraphs have Han text", filepath.Base(f), share)
		}
	}
}

func TestDOCXBadInputs(t *testing.T) {
	good := mustRead(t, filepath.Join(shared.Path(t, "corpus", "formats"), "002_libreoffice.docx"))
	noDoc := makeZip(t, []zipEntry{{name: "word/styles.xml", body: []byte("<w:styles/>")}})
	badXML := makeDOCX(t, "<w:p><w:r><w:t>未闭合", "", "")
	entity := makeZip(t, []zipEntry{{name: "word/document.xml", body: []byte(`<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document ` + wNS + `><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>`)}})
	deep := makeZip(t, []zipEntry{{name: "word/document.xml", body: []byte(`<w:document ` + wNS + `>` + strings.Repeat("<w:sdt>", 1000) + strings.Repeat("</w:sdt>", 1000) + `</w:document>`)}})
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"截断.docx", good[:len(good)/2], ErrCorrupt},
		{"加密.docx", append(append([]byte{}, magicOLE...), make([]byte, 600)...), ErrCorrupt},
		{"无正文.docx", noDoc, ErrCorrupt},
		{"坏XML.docx", badXML, ErrCorrupt},
		{"实体.docx", entity, ErrCorrupt},
		{"深嵌套.docx", deep, ErrCorrupt},
		{"空正文.docx", makeDOCX(t, "<w:p/>", "", ""), ErrNoText},
		{"纯文本.docx", []byte("这不是一个文档"), ErrCorrupt},
	}
	for _, c := range cases {
		_, err := Read(context.Background(), c.name, bytes.NewReader(c.data), Options{})
		if !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
			continue
		}
		if !strings.Contains(err.Error(), c.name) {
			t.Errorf("%s: message does not name the file: %v", c.name, err)
		}
	}
}

// TestMakeTitledFixture regenerates testdata/titled.docx from the flat ODF
// source next to it: LibreOffice writes the Title paragraph with the
// outline level its style carries overridden by "body text" (w:outlineLvl
// 9) and Heading 1/2 on the sections. Run with: go generate ./ingest/
func TestMakeTitledFixture(t *testing.T) {
	if !*mkFixture {
		t.Skip("run with -mkfixture to regenerate testdata/titled.docx")
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Fatal("soffice not installed: apt-get install libreoffice-writer-nogui")
	}
	tmp := t.TempDir()
	src, err := filepath.Abs(filepath.Join("testdata", "titled.fodt"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(tmp, "profile"), "--headless",
		"--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, src)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	b, err := os.ReadFile(filepath.Join(tmp, "titled.docx"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("testdata", "titled.docx"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestDOCXTitleIsNoOutlineRoot reads a LibreOffice file whose Title-styled
// title paragraph comes before Heading 1/2 sections: the title carries no
// level, so the sections keep levels 1 and 2 instead of sinking under it.
func TestDOCXTitleIsNoOutlineRoot(t *testing.T) {
	docs, err := ReadFile(context.Background(), filepath.Join("testdata", "titled.docx"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 {
		t.Fatalf("%d documents, want 1", len(docs))
	}
	rs := []rune(docs[0].Text)
	var got []string
	for _, h := range docs[0].Hints {
		got = append(got, fmt.Sprintf("%d %s", h.Level, string(rs[h.Start:h.End])))
	}
	want := []string{"1 一、总体要求", "1 二、重点任务", "2 （一）加强班子建设", "2 （二）加强队伍建设", "1 三、保障措施"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("hints:\n got %q\nwant %q", got, want)
	}
	if !strings.HasPrefix(docs[0].Text, "某某镇卫生院党支部2027年党建工作计划\n") {
		t.Errorf("text opens %q", string(rs[:min(len(rs), 30)]))
	}
}

func TestUntitle(t *testing.T) {
	type p struct {
		level int
		style string
		num   string
	}
	tests := []struct {
		name string
		in   []p
		want []int
	}{
		{"title style with an outline level", []p{{1, "Title", ""}, {0, "", ""}, {1, "Heading 1", ""}, {2, "Heading 2", ""}}, []int{0, 0, 1, 2}},
		{"chinese title and subtitle style names", []p{{1, "标题", ""}, {2, "副标题", ""}, {1, "标题 1", ""}}, []int{0, 0, 1}},
		{"heading 1 on the title, heading 2 below", []p{{1, "Heading 1", ""}, {0, "", ""}, {2, "Heading 2", ""}, {3, "Heading 3", ""}, {2, "Heading 2", ""}}, []int{0, 0, 2, 3, 2}},
		{"title after an attachment line", []p{{0, "", ""}, {1, "Heading 1", ""}, {2, "Heading 2", ""}}, []int{0, 0, 2}},
		{"first heading with a sibling stays", []p{{1, "Heading 1", ""}, {2, "Heading 2", ""}, {1, "Heading 1", ""}}, []int{1, 2, 1}},
		{"a lone heading with nothing under it stays", []p{{1, "Heading 1", ""}, {0, "", ""}}, []int{1, 0}},
		{"an auto-numbered first heading is a section", []p{{1, "Heading 1", "一、"}, {2, "Heading 2", ""}}, []int{1, 2}},
		{"a heading deep in the text is not the title", []p{{0, "", ""}, {0, "", ""}, {0, "", ""}, {1, "Heading 1", ""}, {2, "Heading 2", ""}}, []int{0, 0, 0, 1, 2}},
	}
	for _, tt := range tests {
		paras := make([]raw.Para, len(tt.in))
		for i, x := range tt.in {
			paras[i] = raw.Para{Text: fmt.Sprint("段", i), Level: x.level, Style: x.style, Number: x.num}
		}
		untitle(paras)
		var got []int
		for _, x := range paras {
			got = append(got, x.Level)
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s: levels %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestOutlineLevel(t *testing.T) {
	for _, tt := range []struct {
		val  string
		want int
	}{{"0", 1}, {"1", 2}, {"8", 9}, {"9", bodyLevel}, {"", 0}, {"x", 0}, {"10", 0}, {"-1", 0}} {
		if got := outlineLevel(tt.val); got != tt.want {
			t.Errorf("outlineLevel(%q) = %d, want %d", tt.val, got, tt.want)
		}
	}
}
