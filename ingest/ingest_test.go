package ingest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/internal/shared"
)

func TestSniff(t *testing.T) {
	cases := []struct {
		data string
		want kind
	}{
		{"PK\x03\x04rest", kindZip},
		{"PK\x05\x06", kindZip},
		{"%PDF-1.7\n", kindPDF},
		{"\r\n  junk %PDF-1.4", kindPDF},
		{string(magicOLE) + "x", kindOLE},
		{"{\\rtf1\\ansi", kindRTF},
		{"\uFEFF <!DOCTYPE html><html>", kindHTML},
		{"<HTML><body>党建</body>", kindHTML},
		{"一、指导思想", kindUnknown},
	}
	for _, c := range cases {
		if got := sniff([]byte(c.data)); got != c.want {
			t.Errorf("sniff(%q) = %d, want %d", c.data, got, c.want)
		}
	}
}

func TestBadInputs(t *testing.T) {
	plain := []byte("二、主要任务\n（一）加强政治建设。")
	cases := []struct {
		name string
		data []byte
		opt  Options
		want error
	}{
		{"空文件.txt", nil, Options{}, ErrNoText},
		{"空白.txt", []byte(" \r\n\t\u3000\n"), Options{}, ErrNoText},
		{"大文件.txt", bytes.Repeat([]byte("党建工作"), 100), Options{MaxSize: 64}, ErrTooLarge},
		{"表格.xlsx", plain, Options{}, ErrUnsupported},
		{"演示.pptx", []byte("PK\x03\x04"), Options{}, ErrUnsupported},
		{"图片.png", []byte("\x89PNG\r\n"), Options{}, ErrUnsupported},
		{"富文本.txt", []byte("{\\rtf1 党建}"), Options{}, ErrUnsupported},
		{"假的.pdf", plain, Options{}, ErrCorrupt},
		{"假的.doc", plain, Options{}, ErrCorrupt},
		{"假的.zip", plain, Options{}, ErrCorrupt},
		{"截断.zip", []byte("PK\x03\x04\x14\x00\x00\x00"), Options{}, ErrCorrupt},
		{"空压缩包.zip", makeZip(t, nil), Options{}, ErrNoText},
	}
	for _, c := range cases {
		docs, err := Read(context.Background(), c.name, bytes.NewReader(c.data), c.opt)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
			continue
		}
		if len(docs) != 0 {
			t.Errorf("%s: %d documents alongside the error", c.name, len(docs))
		}
		if !strings.Contains(err.Error(), c.name) {
			t.Errorf("%s: message does not name the file: %v", c.name, err)
		}
	}
	_, err := Read(context.Background(), "表格.xlsx", bytes.NewReader(plain), Options{})
	if err == nil || !strings.Contains(err.Error(), ".xlsx") {
		t.Errorf("unsupported error must name the format: %v", err)
	}
}

// A .txt that is really another container is read as what it is.
func TestContentBeatsExtension(t *testing.T) {
	docx := makeDOCX(t, planBody(), testStyles, testNumbering)
	docs, err := Read(context.Background(), "下载.txt", bytes.NewReader(docx), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if docs[0].Format != FormatDOCX || !strings.Contains(docs[0].Text, "一、指导思想") {
		t.Errorf("docx named .txt read as %q: %.40q", docs[0].Format, docs[0].Text)
	}
	html := []byte("<!DOCTYPE html><html><head><title>站点</title></head><body><p>三、工作要求</p></body></html>")
	docs, err = Read(context.Background(), "page.txt", bytes.NewReader(html), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if docs[0].Format != FormatHTML || docs[0].Text != "三、工作要求" {
		t.Errorf("html named .txt: %q %q", docs[0].Format, docs[0].Text)
	}
	docs, err = Read(context.Background(), "方案.doc", bytes.NewReader(html), Options{})
	if err != nil || docs[0].Format != FormatHTML {
		t.Errorf("Word-saved HTML named .doc: %v", err)
	}
}

func TestHTML(t *testing.T) {
	page := `<!DOCTYPE html><html><head><meta charset="gbk"><title>某医院官网</title>
<style>p{color:red}</style><script>var a = "<p>不是正文</p>";</script></head>
<body><div class="nav">首页 &gt; 党建工作</div>
<h1>2026年党建工作计划</h1>
<p>　　为深入贯彻落实&ldquo;三会一课&rdquo;制度，
结合医院实际，制定本计划。</p>
<h2>一、总体要求</h2><p>坚持<b>党建</b>引领&nbsp;业务发展。<br>全年发展党员<span>5</span>名。</p>
<table><tr><td>时间</td><td>任务</td></tr><tr><td>3月</td><td>部署</td></tr></table>
<pre>  保留  空格</pre><noscript>请启用脚本</noscript>
</body></html>`
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(page))
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []struct {
		name string
		data []byte
		enc  string
	}{{"u8.html", []byte(page), EncUTF8}, {"gbk.htm", gbk, EncGB18030}} {
		// Paragraphs straight from the reader: chrome removal is the
		// cleaning stage's business, not the reader's.
		paras, enc, err := readHTML(in.name, in.data)
		if err != nil {
			t.Fatalf("%s: %v", in.name, err)
		}
		var lines []string
		for _, p := range paras {
			lines = append(lines, p.Text)
		}
		want := "首页 > 党建工作\n2026年党建工作计划\n为深入贯彻落实“三会一课”制度， 结合医院实际，制定本计划。\n一、总体要求\n坚持党建引领\u00a0业务发展。\n全年发展党员5名。\n时间\t任务\n3月\t部署\n保留  空格"
		if got := strings.Join(lines, "\n"); got != want {
			t.Errorf("%s text:\n%q\nwant\n%q", in.name, got, want)
		}
		if enc != in.enc {
			t.Errorf("%s: encoding %q, want %q", in.name, enc, in.enc)
		}
		docs, err := Read(context.Background(), in.name, bytes.NewReader(in.data), Options{})
		if err != nil {
			t.Fatalf("%s: %v", in.name, err)
		}
		d := docs[0]
		if d.Format != FormatHTML || d.Encoding != in.enc {
			t.Errorf("%s: format %q encoding %q", in.name, d.Format, d.Encoding)
		}
		var levels []int
		for _, h := range d.Hints {
			levels = append(levels, h.Level)
		}
		if len(levels) != 2 || levels[0] != 1 || levels[1] != 2 {
			t.Errorf("%s: heading hints %v", in.name, d.Hints)
		}
	}
}

func TestDOCLegacy(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(shared.Path(t, "corpus", "formats"), "*.doc"))
	if len(files) == 0 {
		t.Fatal("no formats/*.doc")
	}
	for _, f := range files {
		docs, err := ReadFile(context.Background(), f, Options{})
		if errors.Is(err, ErrUnsupported) && os.Getenv("CI") == "" {
			t.Skipf("no .doc converter here: %v", err)
		}
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		if docs[0].Format != FormatDOC {
			t.Errorf("%s: format %q", filepath.Base(f), docs[0].Format)
		}
		got := hanDigits(joinDocs(docs))
		want := hanDigits(readAllText(t, seedFor(t, filepath.Base(f))))
		r := lcsRatio(got, want)
		t.Logf("%s: LCS ratio %.5f", filepath.Base(f), r)
		if r < 0.995 {
			t.Errorf("%s: LCS ratio %.4f < 0.995", filepath.Base(f), r)
		}
	}
	// Garbage with the compound-file magic: the converters fail, we say so.
	bad := append(append([]byte{}, magicOLE...), bytes.Repeat([]byte{0x42}, 2048)...)
	_, err := Read(context.Background(), "坏的.doc", bytes.NewReader(bad), Options{})
	if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrUnsupported) && !errors.Is(err, ErrNoText) {
		t.Errorf("broken .doc: %v", err)
	}
}

func TestZipMembers(t *testing.T) {
	gbkName, _ := simplifiedchinese.GBK.NewEncoder().String("二〇二六年计划.txt")
	inner := makeZip(t, []zipEntry{{name: "内层.txt", body: []byte("内层文件的正文。")}})
	innermost := makeZip(t, []zipEntry{{name: "深层.zip", body: makeZip(t, []zipEntry{{name: "x.txt", body: []byte("太深")}})}})
	data := makeZip(t, []zipEntry{
		{name: "b/总结.txt", body: []byte("一、工作总结\n全年发展党员6名。")},
		{name: "a/", body: nil},
		{name: "__MACOSX/._总结.txt", body: []byte("junk")},
		{name: ".DS_Store", body: []byte("junk")},
		{name: gbkName, body: []byte("二、工作计划"), flags: 0},
		{name: "方案.docx", body: makeDOCX(t, planBody(), testStyles, testNumbering)},
		{name: "嵌套.zip", body: inner},
		{name: "双层.zip", body: innermost},
		{name: "坏的.docx", body: []byte("不是文档")},
	})
	docs, err := Read(context.Background(), "材料.zip", bytes.NewReader(data), Options{})
	var sources []string
	for _, d := range docs {
		sources = append(sources, d.Source)
	}
	wantSources := "材料.zip/b/总结.txt|材料.zip/二〇二六年计划.txt|材料.zip/嵌套.zip/内层.txt|材料.zip/方案.docx"
	if strings.Join(sources, "|") != wantSources {
		t.Errorf("sources %q\nwant %q", strings.Join(sources, "|"), wantSources)
	}
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "材料.zip/坏的.docx") {
		t.Errorf("member failure must be reported with its name: %v", err)
	}
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "深层.zip") {
		t.Errorf("archives nested two deep must be refused: %v", err)
	}
}

// bombZip builds an archive whose one member inflates to size bytes of
// zeros without ever compressing them: one sync-flushed deflate block of
// 1 MiB of zeros, repeated (valid, since the window is zeros throughout).
func bombZip(t testing.TB, member string, size int64, declared uint64) []byte {
	t.Helper()
	var blk bytes.Buffer
	fw, _ := flate.NewWriter(&blk, flate.BestCompression)
	fw.Write(make([]byte, 1<<20))
	fw.Flush()
	zeros := make([]byte, 1<<20)
	var crc uint32
	for i := int64(0); i < size>>20; i++ {
		crc = crc32.Update(crc, crc32.IEEETable, zeros)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: member, Method: zip.Deflate, CRC32: crc,
		UncompressedSize64: declared, CompressedSize64: uint64(blk.Len())*uint64(size>>20) + 2})
	if err != nil {
		t.Fatal(err)
	}
	for i := int64(0); i < size>>20; i++ {
		w.Write(blk.Bytes())
	}
	w.Write([]byte{0x03, 0x00}) // final empty block
	zw.Close()
	return out.Bytes()
}

func TestZipBomb(t *testing.T) {
	const gb = 1 << 30
	cases := []struct {
		name     string
		declared uint64
	}{
		{"bomb.zip", gb},      // honest header: refused before inflating
		{"liar.zip", 1 << 10}, // lying header: the LimitReader stops it
	}
	for _, c := range cases {
		data := bombZip(t, "zeros.txt", gb, c.declared)
		if len(data) > 2<<20 {
			t.Fatalf("bomb is %d bytes, meant to be small", len(data))
		}
		_, err := Read(context.Background(), c.name, bytes.NewReader(data), Options{})
		if !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: err = %v", c.name, err)
			continue
		}
		if !strings.Contains(err.Error(), c.name) {
			t.Errorf("%s: message does not name the file: %v", c.name, err)
		}
		t.Logf("%s: %v", c.name, err)
	}
	// Ratio cap: 8 MiB of zeros in ~8 KiB is far past any real document.
	data := bombZip(t, "zeros.txt", 8<<20, 8<<20)
	_, err := Read(context.Background(), "ratio.zip", bytes.NewReader(data), Options{})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "压缩炸弹") {
		t.Errorf("ratio bomb: %v", err)
	}
	// Total cap across members, each of them small and honest.
	four := bombZip(t, "a.txt", 4<<20, 4<<20)
	zr, _ := zip.NewReader(bytes.NewReader(four), int64(len(four)))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range []string{"a.txt", "b.txt", "c.txt"} {
		raw, _ := zr.File[0].OpenRaw()
		fh := zr.File[0].FileHeader
		fh.Name = n
		w, _ := zw.CreateRaw(&fh)
		io.Copy(w, raw)
	}
	zw.Close()
	_, err = Read(context.Background(), "total.zip", bytes.NewReader(buf.Bytes()), Options{MaxZipTotal: 10 << 20, MaxZipRatio: 1e9})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "total.zip") {
		t.Errorf("total cap: %v", err)
	}
	// Member count cap.
	var many []zipEntry
	for i := 0; i < 20; i++ {
		many = append(many, zipEntry{name: "f" + itoa(i%10) + itoa(i/10) + ".txt", body: []byte("党")})
	}
	_, err = Read(context.Background(), "many.zip", bytes.NewReader(makeZip(t, many)), Options{MaxZipMembers: 10})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("member cap: %v", err)
	}
	// A DOCX whose document.xml is a bomb.
	docx := bombZip(t, "word/document.xml", 64<<20, 64<<20)
	_, err = Read(context.Background(), "bomb.docx", bytes.NewReader(docx), Options{})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("docx bomb: %v", err)
	}
}

func TestWalk(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("b.txt", []byte("二、工作措施"))
	write("a/计划.txt", []byte("一、指导思想"))
	write("a/坏.docx", []byte("坏"))
	write(".hidden/x.txt", []byte("隐藏"))
	write("c.zip", makeZip(t, []zipEntry{{name: "2.txt", body: []byte("乙")}, {name: "1.txt", body: []byte("甲")}}))
	write("d.xyz", []byte("未知"))
	var got []string
	err := Walk(context.Background(), []string{dir, filepath.Join(dir, "missing.txt")}, Options{}, func(name string, docs []doc.Document, err error) error {
		rel, _ := filepath.Rel(dir, name)
		switch {
		case err != nil:
			if !strings.Contains(err.Error(), filepath.Base(name)) {
				t.Errorf("%s: error does not name the file: %v", rel, err)
			}
			got = append(got, rel+"!")
		default:
			got = append(got, rel+"="+docs[0].Text)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "a/坏.docx!|a/计划.txt=一、指导思想|b.txt=二、工作措施|c.zip/1.txt=甲|c.zip/2.txt=乙|d.xyz!|missing.txt!"
	if strings.Join(got, "|") != want {
		t.Errorf("walk order:\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
	// fn's error stops the walk.
	stop := errors.New("stop")
	n := 0
	err = Walk(context.Background(), []string{dir}, Options{}, func(string, []doc.Document, error) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("stop: err %v after %d calls", err, n)
	}
	// A cancelled context stops it too.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Walk(ctx, []string{dir}, Options{}, func(string, []doc.Document, error) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled walk: %v", err)
	}
}

func TestPDFDispatch(t *testing.T) {
	f := filepath.Join(shared.Path(t, "corpus", "formats"), "002_libreoffice.pdf")
	_, err := ReadFile(context.Background(), f, Options{})
	// The PDF reader is another package; here only the routing and the
	// naming of failures matter.
	if err != nil && !strings.Contains(err.Error(), "002_libreoffice.pdf") {
		t.Errorf("pdf error does not name the file: %v", err)
	}
}

// TestMaxChars: a file whose text is longer than the cap is refused as too
// large before analysis, which holds several copies of the text.
func TestMaxChars(t *testing.T) {
	text := strings.Repeat("全年计划发展党员二名。\n", 20)
	_, err := Read(context.Background(), "长文本.txt", strings.NewReader(text), Options{MaxChars: 100})
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "长文本.txt") {
		t.Fatalf("err = %v, want ErrTooLarge naming the file", err)
	}
	if _, err := Read(context.Background(), "短文本.txt", strings.NewReader(text), Options{MaxChars: 1000}); err != nil {
		t.Fatalf("under the cap: %v", err)
	}
}

// TestExpand: the one archive policy. Nested archives are flattened into
// "outer/inner/member" names down to one nested level; deeper ones, empty
// ones and bombs are reported under their names; the member cap and the
// size budget hold across nesting levels; every member carries its own
// bytes (so identical members have identical Data).
func TestExpand(t *testing.T) {
	same := []byte("党支部全年发展党员2名。")
	innermost := makeZip(t, []zipEntry{{name: "最深.txt", body: []byte("太深了")}})
	inner := makeZip(t, []zipEntry{
		{name: "同.txt", body: same},
		{name: "三层.zip", body: innermost},
		{name: "内.txt", body: []byte("内层正文")},
	})
	empty := makeZip(t, []zipEntry{{name: "目录/", body: nil}})
	outer := makeZip(t, []zipEntry{
		{name: "同.txt", body: same},
		{name: "二层.zip", body: inner},
		{name: "空.zip", body: empty},
	})
	type got struct {
		name, outcome string
	}
	run := func(opt Options, data []byte) ([]got, []File) {
		var gs []got
		var fs []File
		err := Expand(context.Background(), "材料.zip", data, opt, func(f File) error {
			g := got{f.Name, "ok"}
			switch {
			case errors.Is(f.Err, ErrUnsupported):
				g.outcome = "unsupported"
			case errors.Is(f.Err, ErrNoText):
				g.outcome = "notext"
			case errors.Is(f.Err, ErrTooLarge):
				g.outcome = "toolarge"
			case f.Err != nil:
				g.outcome = f.Err.Error()
			}
			if f.Err != nil && !strings.Contains(f.Err.Error(), f.Name) {
				t.Errorf("%s: error does not name the file: %v", f.Name, f.Err)
			}
			gs = append(gs, g)
			fs = append(fs, f)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return gs, fs
	}
	gs, fs := run(Options{}, outer)
	want := []got{
		{"材料.zip/二层.zip/三层.zip", "unsupported"},
		{"材料.zip/二层.zip/内.txt", "ok"},
		{"材料.zip/二层.zip/同.txt", "ok"},
		{"材料.zip/同.txt", "ok"},
		{"材料.zip/空.zip", "notext"},
	}
	if fmt.Sprint(gs) != fmt.Sprint(want) {
		t.Errorf("expanded\n%v\nwant\n%v", gs, want)
	}
	if !bytes.Equal(fs[2].Data, same) || !bytes.Equal(fs[3].Data, same) || fs[2].Docs[0].Source != "材料.zip/二层.zip/同.txt" {
		t.Errorf("members must carry their own bytes and names: %q %q", fs[2].Data, fs[3].Data)
	}
	if !strings.Contains(fs[0].Err.Error(), "嵌套过深") {
		t.Errorf("deep archive message: %v", fs[0].Err)
	}

	// The member cap counts the entries of nested archives too: 3 + 3 + 1 > 6.
	gs, _ = run(Options{MaxZipMembers: 6}, outer)
	if len(gs) == 0 || gs[len(gs)-1].outcome != "toolarge" {
		t.Errorf("member cap across nesting: %v", gs)
	}

	// A bomb inside a nested archive stops the whole input: nothing after it
	// is read, and it is reported once.
	bomb := bombZip(t, "zeros.txt", 8<<20, 8<<20)
	withBomb := makeZip(t, []zipEntry{
		{name: "a.txt", body: []byte("甲文件")},
		{name: "b.zip", body: bomb},
		{name: "c.txt", body: []byte("丙文件")},
	})
	gs, _ = run(Options{}, withBomb)
	want = []got{{"材料.zip/a.txt", "ok"}, {"材料.zip/b.zip/zeros.txt", "toolarge"}}
	if fmt.Sprint(gs) != fmt.Sprint(want) {
		t.Errorf("bomb in a nested archive:\n%v\nwant\n%v", gs, want)
	}

	// A member that only declares more than the per-file limit is refused
	// alone; its siblings are read.
	big := makeZip(t, []zipEntry{{name: "大.txt", body: bytes.Repeat([]byte("党"), 4000)}, {name: "小.txt", body: []byte("小文件")}})
	gs, _ = run(Options{MaxSize: 1000}, big)
	want = []got{{"材料.zip/大.txt", "toolarge"}, {"材料.zip/小.txt", "ok"}}
	if fmt.Sprint(gs) != fmt.Sprint(want) {
		t.Errorf("over-size member:\n%v\nwant\n%v", gs, want)
	}

	// Read agrees with Expand: the readable members' documents, the others'
	// errors joined.
	docs, err := Read(context.Background(), "材料.zip", bytes.NewReader(outer), Options{})
	if len(docs) != 3 || !errors.Is(err, ErrUnsupported) || !errors.Is(err, ErrNoText) {
		t.Errorf("Read: %d docs, err %v", len(docs), err)
	}
	if n := CountFiles("材料.zip", outer); n != 3 {
		t.Errorf("CountFiles = %d, want the 3 top-level members", n)
	}
}
