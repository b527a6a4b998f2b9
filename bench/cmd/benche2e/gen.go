package main

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/longbridgeapp/opencc"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"github.com/planmine/planmine/bench/internal/synth"
	"github.com/planmine/planmine/ingest"
)

// genVersion changes whenever the bytes Generate writes for the same spec
// change, so a cached files dir from an older generator is rebuilt.
const genVersion = "e2e-3"

// Cache layout inside the files dir. Dot names are skipped by
// planmine ingest (ingest.WalkFiles), so the dir can be ingested as is.
const (
	manifestName = ".e2e-manifest.json"
	zipsDir      = ".zips"
	pdfSrcDir    = ".pdfsrc"
)

// zipFiles is the number of files per uploaded zip job, as in bench/load.
const zipFiles = 250

// pdfBatch is the number of files handed to one soffice process: large
// enough to amortise its start-up, small enough to print progress.
const pdfBatch = 100

// Spec says what to generate; a cached dir is reused only for an equal spec.
type Spec struct {
	N        int   `json:"n"`
	Seed     int64 `json:"seed"`
	MinRunes int   `json:"min_runes"`
	MaxRunes int   `json:"max_runes"`
}

// Entry is one generated file.
type Entry struct {
	Name    string `json:"name"`
	Kind    string `json:"kind"`    // txt, docx, pdf
	Variant string `json:"variant"` // encoding/script for TXT (utf8, gbk, gb18030, utf8-trad, big5-trad)
	Bytes   int64  `json:"bytes"`
	SHA256  string `json:"sha256"`
}

// Manifest describes a generated files dir.
type Manifest struct {
	Version string   `json:"version"`
	Spec    Spec     `json:"spec"`
	Files   []Entry  `json:"files"`
	Zips    []string `json:"zips"`
	GenSec  float64  `json:"gen_sec"`
	PDFSec  float64  `json:"pdf_sec"`
}

// Bytes is the total size of the generated files.
func (m *Manifest) Bytes() int64 {
	var n int64
	for _, e := range m.Files {
		n += e.Bytes
	}
	return n
}

// Kinds counts the files per kind.
func (m *Manifest) Kinds() map[string]int {
	k := map[string]int{}
	for _, e := range m.Files {
		k[e.Kind]++
	}
	return k
}

// kindOf gives file i its format: a third each, interleaved so every zip
// job of 250 holds the same mix.
func kindOf(i int) string {
	return [...]string{"txt", "docx", "pdf"}[i%3]
}

// txtVariants are the TXT encodings and scripts, in turn; a variant that
// cannot encode a text falls back as noted in encodeTXT.
var txtVariants = []string{"utf8", "gbk", "utf8-trad", "big5-trad"}

// fileName is the name of file i.
func fileName(i int) string {
	return fmt.Sprintf("e2e_%05d.%s", i, kindOf(i))
}

// baseTexts reads the TXT files of the shared corpus (seeds and external)
// through ingest, so bases are clean text without site chrome.
func baseTexts(ctx context.Context, shared string) ([]string, error) {
	var texts []string
	for _, d := range []string{"seeds", "external"} {
		files, err := filepath.Glob(filepath.Join(shared, "corpus", d, "*.txt"))
		if err != nil {
			return nil, err
		}
		sort.Strings(files)
		for _, f := range files {
			ds, err := ingest.ReadFile(ctx, f, ingest.Options{})
			if err != nil {
				continue // an unreadable base is simply not used
			}
			for _, x := range ds {
				texts = append(texts, x.Text)
			}
		}
	}
	if len(texts) == 0 {
		return nil, fmt.Errorf("在 %s/corpus 中没有基础文本 (no base texts)", shared)
	}
	return texts, nil
}

// docTexts draws the N documents' texts, all different: a draw equal to an
// earlier one is replaced by the next draw, because ingest is idempotent by
// SHA-256 and a duplicate would not be ingested twice.
func docTexts(bases []string, sp Spec) ([]string, error) {
	g, err := synth.New(bases, sp.Seed)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewSource(sp.Seed))
	seen := map[[32]byte]bool{}
	out := make([]string, 0, sp.N)
	for i := 0; len(out) < sp.N; i++ {
		if i > 2*sp.N+100 {
			return nil, errors.New("生成的文档重复太多 (too many duplicate draws)")
		}
		t := title(rng) + "\n" + g.Doc(i, sp.MinRunes, sp.MaxRunes).Text
		h := sha256.Sum256([]byte(t))
		if seen[h] {
			continue
		}
		seen[h] = true
		out = append(out, t)
	}
	return out, nil
}

// titleTopics are the document kinds of the genre, for title lines.
var titleTopics = []string{
	"党建工作计划", "党建工作要点", "党风廉政建设工作计划", "工作总结", "党建工作总结",
	"创先争优活动实施方案", "医德医风建设实施方案", "志愿服务活动方案", "理论学习中心组学习计划",
	"年度工作计划", "精神文明建设工作要点", "经验交流材料",
}

// title draws a title line, issuing body + year + kind: generated texts
// start mid-document, and a document without a title would lose its
// first lines to the cleaning stage, which takes what precedes a
// document's title for a scraped page's chrome.
func title(rng *rand.Rand) string {
	return synth.Orgs[rng.Intn(len(synth.Orgs))] + strconv.Itoa(2015+rng.Intn(12)) + "年" + titleTopics[rng.Intn(len(titleTopics))]
}

// converter turns Simplified into Traditional for the Traditional TXT files.
type converter struct{ s2t *opencc.OpenCC }

func newConverter() (*converter, error) {
	cc, err := opencc.New("s2t")
	if err != nil {
		return nil, fmt.Errorf("加载繁简转换失败 (load opencc s2t): %w", err)
	}
	return &converter{s2t: cc}, nil
}

// encodeTXT writes text in TXT variant v. GBK cannot hold every character
// (it falls back to its superset GB18030); Big5 holds fewer still (it
// falls back to Traditional in UTF-8). The variant returned is what was
// written.
func (c *converter) encodeTXT(text, v string) ([]byte, string, error) {
	enc := func(e encoding.Encoding, s string) ([]byte, error) {
		return e.NewEncoder().Bytes([]byte(s))
	}
	switch v {
	case "gbk":
		if b, err := enc(simplifiedchinese.GBK, text); err == nil {
			return b, "gbk", nil
		}
		b, err := enc(simplifiedchinese.GB18030, text)
		return b, "gb18030", err
	case "utf8-trad", "big5-trad":
		t, err := c.s2t.Convert(text)
		if err != nil {
			return nil, "", fmt.Errorf("繁体转换失败 (s2t): %w", err)
		}
		if v == "big5-trad" {
			if b, err := enc(traditionalchinese.Big5, t); err == nil {
				return b, "big5-trad", nil
			}
		}
		return []byte(t), "utf8-trad", nil
	default:
		return []byte(text), "utf8", nil
	}
}

// Generate fills dir with sp.N files (a third each TXT, DOCX, PDF) and the
// zips of them for the API path, or reuses what is there when its manifest
// matches sp and genVersion and every file is present. Progress goes to log.
func Generate(ctx context.Context, dir, shared string, sp Spec, log io.Writer) (*Manifest, bool, error) {
	if m, err := loadManifest(dir); err == nil && m.Version == genVersion && m.Spec == sp && m.complete(dir) {
		return m, true, nil
	}
	start := time.Now()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, false, err
	}
	if err := clearGenerated(dir); err != nil {
		return nil, false, err
	}
	bases, err := baseTexts(ctx, shared)
	if err != nil {
		return nil, false, err
	}
	texts, err := docTexts(bases, sp)
	if err != nil {
		return nil, false, err
	}
	cv, err := newConverter()
	if err != nil {
		return nil, false, err
	}
	m := &Manifest{Version: genVersion, Spec: sp, Files: make([]Entry, sp.N)}
	src := filepath.Join(dir, pdfSrcDir)
	if err := os.MkdirAll(src, 0o755); err != nil {
		return nil, false, err
	}
	var pdfSrcs []string
	for i, t := range texts {
		if err := ctx.Err(); err != nil {
			return nil, false, err
		}
		e := Entry{Name: fileName(i), Kind: kindOf(i)}
		var data []byte
		path := filepath.Join(dir, e.Name)
		switch e.Kind {
		case "txt":
			data, e.Variant, err = cv.encodeTXT(t, txtVariants[(i/3)%len(txtVariants)])
		case "docx", "pdf":
			data, err = docx(paragraphs(t))
			if e.Kind == "pdf" {
				path = filepath.Join(src, strings.TrimSuffix(e.Name, ".pdf")+".docx")
				pdfSrcs = append(pdfSrcs, path)
			}
		}
		if err != nil {
			return nil, false, fmt.Errorf("生成 (generate) %s: %w", e.Name, err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return nil, false, err
		}
		m.Files[i] = e
	}
	fmt.Fprintf(log, "生成 (generated) %d TXT/DOCX 文件 (files) 与 %d 个 PDF 源 (PDF sources) in %.1f s\n",
		sp.N-len(pdfSrcs), len(pdfSrcs), time.Since(start).Seconds())

	t0 := time.Now()
	if err := convertPDFs(ctx, pdfSrcs, dir, filepath.Join(dir, pdfSrcDir, ".profile"), log); err != nil {
		return nil, false, err
	}
	m.PDFSec = time.Since(t0).Seconds()
	if err := os.RemoveAll(src); err != nil {
		return nil, false, err
	}
	seen := map[string]string{}
	for i := range m.Files {
		e := &m.Files[i]
		data, err := os.ReadFile(filepath.Join(dir, e.Name))
		if err != nil {
			return nil, false, fmt.Errorf("缺少生成的文件 (generated file missing): %w", err)
		}
		h := sha256.Sum256(data)
		e.SHA256, e.Bytes = hex.EncodeToString(h[:]), int64(len(data))
		if other, dup := seen[e.SHA256]; dup {
			return nil, false, fmt.Errorf("生成的文件内容相同 (identical generated files): %s, %s", other, e.Name)
		}
		seen[e.SHA256] = e.Name
	}
	if m.Zips, err = writeZips(dir, m.Files); err != nil {
		return nil, false, err
	}
	m.GenSec = time.Since(start).Seconds()
	return m, false, m.save(dir)
}

// convertPDFs converts the DOCX sources to PDF in outDir with LibreOffice,
// pdfBatch files per soffice process, in a private user profile so that a
// soffice someone else runs on the machine neither blocks nor receives the
// work.
func convertPDFs(ctx context.Context, srcs []string, outDir, profile string, log io.Writer) error {
	if len(srcs) == 0 {
		return nil
	}
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		return fmt.Errorf("未找到 soffice，无法生成 PDF (soffice not found; install libreoffice): %w", err)
	}
	prof, err := filepath.Abs(profile)
	if err != nil {
		return err
	}
	start := time.Now()
	for lo := 0; lo < len(srcs); lo += pdfBatch {
		hi := min(lo+pdfBatch, len(srcs))
		bctx, cancel := context.WithTimeout(ctx, 20*time.Minute)
		args := append([]string{"-env:UserInstallation=file://" + prof, "--headless", "--norestore",
			"--convert-to", "pdf", "--outdir", outDir}, srcs[lo:hi]...)
		out, err := exec.CommandContext(bctx, soffice, args...).CombinedOutput()
		cancel()
		if err != nil {
			return fmt.Errorf("soffice 转换失败 (conversion failed): %w: %s", err, tail(out, 400))
		}
		for _, s := range srcs[lo:hi] {
			pdf := filepath.Join(outDir, strings.TrimSuffix(filepath.Base(s), ".docx")+".pdf")
			if st, err := os.Stat(pdf); err != nil || st.Size() == 0 {
				return fmt.Errorf("soffice 未生成 (did not produce) %s: %s", pdf, tail(out, 400))
			}
		}
		el := time.Since(start).Seconds()
		fmt.Fprintf(log, "PDF %d/%d  %.0f s  (%.2f s/file)\n", hi, len(srcs), el, el/float64(hi))
	}
	return nil
}

func tail(b []byte, n int) string {
	s := strings.TrimSpace(string(b))
	if len(s) > n {
		s = "…" + s[len(s)-n:]
	}
	return s
}

// writeZips packs the files, in order, into zips of zipFiles members under
// dir/.zips, ready before any clock starts (as a reviewer's script would
// have them).
func writeZips(dir string, files []Entry) ([]string, error) {
	zd := filepath.Join(dir, zipsDir)
	if err := os.MkdirAll(zd, 0o755); err != nil {
		return nil, err
	}
	var names []string
	for lo := 0; lo < len(files); lo += zipFiles {
		hi := min(lo+zipFiles, len(files))
		name := fmt.Sprintf("batch_%05d.zip", lo)
		if err := writeZip(filepath.Join(zd, name), dir, files[lo:hi]); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	return names, nil
}

func writeZip(path, dir string, files []Entry) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	zw := zip.NewWriter(f)
	for _, e := range files {
		data, err := os.ReadFile(filepath.Join(dir, e.Name))
		if err != nil {
			f.Close()
			return err
		}
		w, err := zw.Create(e.Name)
		if err == nil {
			_, err = w.Write(data)
		}
		if err != nil {
			f.Close()
			return fmt.Errorf("写入压缩包失败 (write zip) %s: %w", path, err)
		}
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func loadManifest(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

func (m *Manifest) save(dir string) error {
	b, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, manifestName), b, 0o644)
}

// complete reports whether every file and zip the manifest names is in dir
// with its recorded size, and nothing else planmine would ingest is.
func (m *Manifest) complete(dir string) bool {
	if len(m.Files) != m.Spec.N {
		return false
	}
	for _, e := range m.Files {
		st, err := os.Stat(filepath.Join(dir, e.Name))
		if err != nil || st.Size() != e.Bytes {
			return false
		}
	}
	for _, z := range m.Zips {
		if _, err := os.Stat(filepath.Join(dir, zipsDir, z)); err != nil {
			return false
		}
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	visible := 0
	for _, e := range ents {
		if !strings.HasPrefix(e.Name(), ".") {
			visible++
		}
	}
	return visible == m.Spec.N
}

// clearGenerated removes what an earlier Generate wrote (and only that),
// so a stale or smaller set does not mix into the new one.
func clearGenerated(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range ents {
		n := e.Name()
		if strings.HasPrefix(n, "e2e_") || n == manifestName || n == zipsDir || n == pdfSrcDir {
			if err := os.RemoveAll(filepath.Join(dir, n)); err != nil {
				return err
			}
		}
	}
	for _, e := range ents {
		if !strings.HasPrefix(e.Name(), ".") && !strings.HasPrefix(e.Name(), "e2e_") {
			return fmt.Errorf("文件目录 %s 含有其他文件 (files dir holds other files, e.g. %s): 请使用空目录 (use an empty dir)", dir, e.Name())
		}
	}
	return nil
}
