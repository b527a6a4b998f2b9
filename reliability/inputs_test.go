//go:build reliability

package reliability

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"strings"
	"sync"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// Genre vocabulary for generated documents: hospital party-committee work
// plans. Each generated document differs by its numbers and the choice of
// phrases, so uploads are never duplicates of one another.
var (
	genOrgs    = []string{"市第一人民医院党委", "县中医院党总支", "区妇幼保健院党支部", "市疾控中心党委", "省肿瘤医院党委", "市第三人民医院党委"}
	genKinds   = []string{"工作计划", "工作要点", "实施方案", "工作总结"}
	genTasks   = []string{"加强政治建设", "夯实基层组织", "推进党风廉政建设", "深化医德医风教育", "抓好意识形态工作", "落实三会一课制度"}
	genMetrics = []string{"发展党员", "开展主题党日活动", "组织专题培训", "召开专题组织生活会", "开展志愿服务", "走访慰问困难党员"}
	genUnits   = []string{"名", "次", "场", "期", "次", "户"}
)

// genDoc writes a plausible plan whose content is unique for seed.
func genDoc(seed uint64) string {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	year := 2020 + int(seed%7)
	var b strings.Builder
	fmt.Fprintf(&b, "%s%d年党建%s（编号%d）\n", genOrgs[r.IntN(len(genOrgs))], year, genKinds[r.IntN(len(genKinds))], seed)
	b.WriteString("为深入贯彻落实新时代党的建设总要求，结合我院实际，制定本计划。\n")
	b.WriteString("一、指导思想\n坚持以人民健康为中心，推动党建工作与医疗业务深度融合。\n二、主要任务\n")
	for i := 0; i < 3+r.IntN(3); i++ {
		m := r.IntN(len(genMetrics))
		fmt.Fprintf(&b, "（%s）%s。全年%s不少于%d%s，每季度至少%d%s。\n",
			"一二三四五六"[i*3:i*3+3], genTasks[r.IntN(len(genTasks))], genMetrics[m], 2+r.IntN(40), genUnits[m], 1+r.IntN(5), genUnits[m])
	}
	fmt.Fprintf(&b, "三、工作要求\n各支部要于%d年%d月底前报送落实情况，确保各项任务落到实处。第%d号。\n", year, 1+r.IntN(12), seed)
	return b.String()
}

// pdfFile assembles a PDF from object bodies (numbered from 1) with a
// correct xref table; trailerExtra is added to the trailer dictionary.
func pdfFile(objs []string, trailerExtra string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, trailerExtra, xref)
	return b.Bytes()
}

func stream(content string) string {
	return fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content)
}

// imageOnlyPDF is a valid one-page PDF whose only content is a filled
// rectangle: no text layer at all (a scan stands in the same place).
func imageOnlyPDF() []byte {
	return pdfFile([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
		stream("0.2 0.4 0.8 rg 100 100 300 400 re f"),
	}, "")
}

// phantomPagesPDF has one real page but a page tree claiming n: a reader
// that trusts /Count loops over pages that do not exist.
func phantomPagesPDF(n int) []byte {
	return pdfFile([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		fmt.Sprintf("<< /Type /Pages /Kids [3 0 R] /Count %d >>", n),
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
		stream("0.2 0.4 0.8 rg 100 100 300 400 re f"),
	}, "")
}

// encryptedPDF is a PDF with a standard security handler dictionary; its
// content stream is (deliberately) not decryptable text.
func encryptedPDF() []byte {
	hex32 := strings.Repeat("A5", 32)
	return pdfFile([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 6 0 R >> >> >>",
		stream("\x8f\x12\xa3\x77\x01\xfe\x33\x9c\x44\x10\xbb\x02"),
		"<< /Filter /Standard /V 1 /R 2 /O <" + hex32 + "> /U <" + hex32 + "> /P -44 >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}, "/Encrypt 5 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>] ")
}

// docx packs a minimal Word document around the given document.xml.
func docx(documentXML string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, body string) {
		w, _ := zw.Create(name)
		_, _ = io.WriteString(w, body)
	}
	add("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`)
	add("_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`)
	add("word/document.xml", documentXML)
	_ = zw.Close()
	return buf.Bytes()
}

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

func wPara(text string) string { return "<w:p><w:r><w:t>" + text + "</w:t></w:r></w:p>" }

// deepDOCX nests depth elements inside the body after one real paragraph;
// with ids each element carries a random attribute so the part does not
// deflate like a bomb.
func deepDOCX(depth int, ids bool) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` + wNS + `><w:body>`)
	b.WriteString(wPara("深层嵌套测试：市第二人民医院党委全年开展主题党日活动不少于12次。"))
	if ids {
		r := rand.New(rand.NewPCG(uint64(depth), 3))
		for i := 0; i < depth; i++ {
			fmt.Fprintf(&b, `<w:sdt w:id="%x">`, r.Uint64())
		}
	} else {
		b.WriteString(strings.Repeat("<w:sdt>", depth))
	}
	b.WriteString(wPara("最内层段落：组织专题培训4期。"))
	b.WriteString(strings.Repeat("</w:sdt>", depth))
	b.WriteString("</w:body></w:document>")
	return docx(b.String())
}

// laughsDOCX carries the classic billion-laughs entity expansion in the
// internal DTD of document.xml (10^9 "lol" if a parser expanded it).
func laughsDOCX() []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<!DOCTYPE w:document [\n" + `<!ENTITY lol "lol">` + "\n")
	prev := "lol"
	for i := 1; i <= 9; i++ {
		name := fmt.Sprintf("lol%d", i)
		fmt.Fprintf(&b, `<!ENTITY %s "%s">`+"\n", name, strings.Repeat("&"+prev+";", 10))
		prev = name
	}
	b.WriteString("]>\n<w:document " + wNS + "><w:body>")
	b.WriteString(wPara("实体扩展测试：县人民医院党支部每月召开支委会1次。"))
	b.WriteString(wPara("&lol9;"))
	b.WriteString("</w:body></w:document>")
	return docx(b.String())
}

// mixedEncoding is one file whose first half is GBK and second half UTF-8.
func mixedEncoding() []byte {
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(genDoc(9001))
	return append([]byte(gbk), []byte(genDoc(9002))...)
}

var (
	bombOnce sync.Once
	bombRaw  []byte // deflate stream of 1 GiB of zeros
	bombCRC  uint32
)

const bombSize = 1 << 30

// bombStream deflates 1 GiB of zeros at level 9 without holding them:
// about 1 MB of compressed data.
func bombStream() ([]byte, uint32) {
	bombOnce.Do(func() {
		var buf bytes.Buffer
		fw, _ := flate.NewWriter(&buf, flate.BestCompression)
		zeros := make([]byte, 1<<20)
		h := crc32.NewIEEE()
		for i := 0; i < bombSize/len(zeros); i++ {
			_, _ = fw.Write(zeros)
			_, _ = h.Write(zeros)
		}
		_ = fw.Close()
		bombRaw, bombCRC = buf.Bytes(), h.Sum32()
	})
	return bombRaw, bombCRC
}

// zipBomb wraps the deflated gigabyte as one zip member. With honest the
// header declares the true size; otherwise it claims 4 KB, so only a
// reader that counts what it inflates notices.
func zipBomb(honest bool) []byte {
	raw, crc := bombStream()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	size := uint64(bombSize)
	if !honest {
		size = 4096
	}
	w, _ := zw.CreateRaw(&zip.FileHeader{Name: "计划.txt", Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(len(raw)), UncompressedSize64: size})
	_, _ = w.Write(raw)
	_ = zw.Close()
	return buf.Bytes()
}

// randomBytes is n bytes of seeded noise.
func randomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 7))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}
