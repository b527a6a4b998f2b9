// Package ingest turns files (TXT in any common Chinese encoding, DOCX, PDF,
// legacy .doc, HTML, and ZIP archives of those) into documents: it reads the
// container into paragraphs, hands them to the cleaning stage, and joins each
// resulting part into one doc.Document whose Text is the canonical text every
// later layer points into.
package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/clean"
	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/ingest/pdf"
	"github.com/planmine/planmine/ingest/raw"
	"github.com/planmine/planmine/ingest/readerr"
	"github.com/planmine/planmine/internal/runecount"
)

// Sentinel errors, re-exported from readerr so callers only import ingest.
var (
	// ErrUnsupported: the format is not one planmine reads.
	ErrUnsupported = readerr.ErrUnsupported
	// ErrCorrupt: the file is damaged, truncated, encrypted or not what its name says.
	ErrCorrupt = readerr.ErrCorrupt
	// ErrTooLarge: the file, or what an archive expands to, exceeds a limit.
	ErrTooLarge = readerr.ErrTooLarge
	// ErrNoText: the file holds no readable text.
	ErrNoText = readerr.ErrNoText
)

// Formats reported in doc.Document.Format.
const (
	FormatTXT  = "txt"
	FormatDOCX = "docx"
	FormatPDF  = "pdf"
	FormatDOC  = "doc"
	FormatHTML = "html"
	FormatZIP  = "zip"
)

// Options bounds what a reader may consume. Zero fields take the defaults
// below, so Options{} is always safe.
type Options struct {
	// MaxSize caps the bytes of one input file and of one archive member
	// (default 50 MB).
	MaxSize int64
	// MaxZipTotal caps the uncompressed bytes read from one archive, the
	// archives inside it and DOCX included (default 500 MB).
	MaxZipTotal int64
	// MaxZipRatio caps uncompressed/compressed size of an archive member
	// larger than 1 MB (default 200); real DOCX XML stays far below it.
	MaxZipRatio float64
	// MaxZipMembers caps the entries of one input archive, the archives
	// inside it included (default 10,000).
	MaxZipMembers int
	// MaxXMLChars caps the characters of text collected from one DOCX
	// (default 20 million).
	MaxXMLChars int
	// ToolTimeout bounds an external converter such as catdoc (default 30 s).
	ToolTimeout time.Duration
	// MaxChars caps the characters of text one file may yield (default 5
	// million, some 200 times a long work report). Analysis, indexing and
	// reuse hold several copies of the text: a 100 MB text of one repeated
	// character took minutes and 5 GB on the server before this cap.
	MaxChars int
	// Recurring reports whether a line (as clean.LineKey) recurs across
	// many files of the batch being read: a site's label or footer, dropped
	// unless it could be a title, a heading or a sentence. Nil: each file
	// is cleaned on its own (see LineStats).
	Recurring func(key string) bool
	// drafted, when set, is handed each file's cleaning draft, finished
	// once with Recurring into its parts, and the file's documents are
	// left to the caller to build from them (see WalkLearning).
	drafted func(*draft)
	// scratch, when set, is a buffer walkFile may read a file into and
	// take back once the file is read as plain text, which keeps no byte
	// of it: for walks whose callers never see File.Data (readInputs).
	scratch *[]byte
}

// draft is a file read and cleaned up to the corpus-dependent steps, to be
// finished again with other Recurring answers.
type draft struct {
	name string
	d    *clean.Draft
	meta docMeta
	// parts are the draft finished once, as Options.drafted asks.
	parts []clean.Part
}

// docs finishes the draft into documents as readData would have.
func (d *draft) docs(recurring func(string) bool) ([]doc.Document, error) {
	return buildDocsWith(d.name, d.meta, recurring, d.d.Finish)
}

// partDocs builds the documents of the draft's parts, as docs would with
// a Recurring that answers false.
func (d *draft) partDocs() ([]doc.Document, error) {
	return buildDocsWith(d.name, d.meta, nil, func(clean.Options) []clean.Part { return d.parts })
}

const (
	defaultMaxSize     = 50 << 20
	defaultMaxZipTotal = 500 << 20
	defaultMaxZipRatio = 200
	defaultMaxMembers  = 10000
	defaultMaxXMLChars = 20_000_000
	defaultToolTimeout = 30 * time.Second
	defaultMaxChars    = 5_000_000
	// ratioFloor: members smaller than this are never called bombs, since
	// tiny highly repetitive XML parts legitimately compress very well.
	ratioFloor = 1 << 20
	// maxZipDepth: a zip inside a zip is expanded, one level deeper is not.
	maxZipDepth = 1
)

// DefaultMaxZipMembers is the default of Options.MaxZipMembers, exported so
// that the HTTP upload states the same cap.
const DefaultMaxZipMembers = defaultMaxMembers

func (o Options) withDefaults() Options {
	if o.MaxSize <= 0 {
		o.MaxSize = defaultMaxSize
	}
	if o.MaxZipTotal <= 0 {
		o.MaxZipTotal = defaultMaxZipTotal
	}
	if o.MaxZipRatio <= 0 {
		o.MaxZipRatio = defaultMaxZipRatio
	}
	if o.MaxZipMembers <= 0 {
		o.MaxZipMembers = defaultMaxMembers
	}
	if o.MaxXMLChars <= 0 {
		o.MaxXMLChars = defaultMaxXMLChars
	}
	if o.ToolTimeout <= 0 {
		o.ToolTimeout = defaultToolTimeout
	}
	if o.MaxChars <= 0 {
		o.MaxChars = defaultMaxChars
	}
	return o
}

// Read reads one file's bytes from r and returns one document per part the
// cleaning stage finds in it. name is used for the format (its extension),
// for Document.Source and in error messages. For a ZIP archive Read returns
// the documents of every readable member (Source "a.zip/member.docx", as
// Expand names them) and, if some members failed, also an error joining
// those failures.
func Read(ctx context.Context, name string, r io.Reader, opt Options) ([]doc.Document, error) {
	opt = opt.withDefaults()
	data, err := readAll(name, r, opt.MaxSize)
	if err != nil {
		return nil, err
	}
	var docs []doc.Document
	var errs []error
	err = Expand(ctx, name, data, opt, func(f File) error {
		docs = append(docs, f.Docs...)
		if f.Err != nil {
			if !isReadError(f.Err) {
				return f.Err
			}
			errs = append(errs, f.Err)
		}
		return nil
	})
	switch {
	case err != nil:
		return docs, err
	case len(errs) == 1:
		return docs, errs[0]
	}
	return docs, errors.Join(errs...)
}

// ReadFile is Read on the file at path; Source is the path as given.
func ReadFile(ctx context.Context, path string, opt Options) ([]doc.Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: 无法打开文件 (cannot open file): %w", path, err)
	}
	defer f.Close()
	return Read(ctx, path, f, opt)
}

// Walk reads every file under paths (files or folders, walked in lexical
// order, dot-files skipped) and calls fn once per file, or once per member
// for a ZIP archive with the name "a.zip/member.docx". A failure is passed to
// fn as err (naming the file and the reason) and the walk goes on; Walk stops
// early only when fn returns an error or ctx is cancelled, and returns that.
func Walk(ctx context.Context, paths []string, opt Options, fn func(name string, docs []doc.Document, err error) error) error {
	return WalkFiles(ctx, paths, opt, func(f File) error { return fn(f.Name, f.Docs, f.Err) })
}

// File is one input met by WalkFiles: a file, or a member of a ZIP archive.
type File struct {
	// Name is the path, or "a.zip/member.docx" for an archive member.
	Name string
	// Data is the file's (or member's) original bytes; nil when it could
	// not be read at all.
	Data []byte
	// Docs are the documents read from it; Err the reason when it failed.
	Docs []doc.Document
	Err  error
}

// WalkFiles is Walk that also hands over each file's original bytes, for
// callers that store them (planmine ingest). Archives are expanded by
// Expand: each member is one File.
func WalkFiles(ctx context.Context, paths []string, opt Options, fn func(File) error) error {
	return walkFiles(ctx, paths, opt.withDefaults(), fn, walkFile)
}

// walkFiles walks paths as WalkFiles does, reading each file with walk.
func walkFiles(ctx context.Context, paths []string, opt Options, fn func(File) error,
	walk func(ctx context.Context, path string, opt Options, fn func(File) error) error) error {
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		info, err := os.Stat(p)
		if err != nil {
			if ferr := fn(File{Name: p, Err: fmt.Errorf("%s: 无法读取路径 (cannot read path): %w", p, err)}); ferr != nil {
				return ferr
			}
			continue
		}
		if !info.IsDir() {
			if err := walk(ctx, p, opt, fn); err != nil {
				return err
			}
			continue
		}
		// An unreadable sub-folder is reported and skipped, not fatal.
		files, err := listDir(p, func(path string, err error) error {
			return fn(File{Name: path, Err: fmt.Errorf("%s: 无法读取路径 (cannot read path): %w", path, err)})
		})
		if err != nil {
			return err
		}
		for _, f := range files {
			if err := walk(ctx, f, opt, fn); err != nil {
				return err
			}
		}
	}
	return nil
}

// listDir lists the regular files under dir in lexical order, skipping
// dot-files and dot-folders; an unreadable entry goes to bad, whose error
// stops the listing.
func listDir(dir string, bad func(path string, err error) error) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			if ferr := bad(path, err); ferr != nil {
				return ferr
			}
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if path != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			files = append(files, path)
		}
		return nil
	})
	return files, err
}

// walkFile reads one file and reports it, or its archive members, to fn.
func walkFile(ctx context.Context, path string, opt Options, fn func(File) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var buf []byte
	if opt.scratch != nil {
		buf, *opt.scratch = *opt.scratch, nil
	}
	data, err := readPathInto(path, opt.MaxSize, buf)
	if err != nil {
		return fn(File{Name: path, Err: err})
	}
	err = Expand(ctx, path, data, opt, fn)
	if opt.scratch != nil && plainText(path, data) && cap(data) <= maxScratch {
		*opt.scratch = data[:0]
	}
	return err
}

// maxScratch is the largest read buffer a walk keeps for the next file.
const maxScratch = 8 << 20

// plainText reports whether readData reads data, if at all, as plain
// text: decodeText copies what it keeps, so the bytes are free again once
// the file is read (an archive, DOCX, PDF or HTML reader may keep slices
// of them).
func plainText(name string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".xhtml":
		return false
	}
	return sniff(data) == kindUnknown
}

// isReadError reports whether err is a per-file reading failure (which the
// walk reports and survives) rather than a caller's stop or a cancellation.
func isReadError(err error) bool {
	return errors.Is(err, ErrCorrupt) || errors.Is(err, ErrTooLarge) ||
		errors.Is(err, ErrUnsupported) || errors.Is(err, ErrNoText)
}

func readPath(path string, max int64) ([]byte, error) {
	return readPathInto(path, max, nil)
}

// readPathInto is readPath reading into buf's space when it is large
// enough.
func readPathInto(path string, max int64, buf []byte) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: 无法打开文件 (cannot open file): %w", path, err)
	}
	defer f.Close()
	// A regular file is read into one buffer of its size (as os.ReadFile
	// does), not through io.ReadAll's doublings from 512 bytes.
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > 0 && fi.Size() <= max {
		if int64(cap(buf)) < fi.Size()+bytes.MinRead {
			buf = make([]byte, 0, fi.Size()+bytes.MinRead)
		}
		b := bytes.NewBuffer(buf[:0])
		if _, err := b.ReadFrom(io.LimitReader(f, max+1)); err != nil {
			return nil, fmt.Errorf("%s: 读取失败 (read failed): %w", path, err)
		}
		if int64(b.Len()) > max {
			return nil, fmt.Errorf("%s: %w: 超过 %d 字节上限 (exceeds the %d-byte limit)", path, ErrTooLarge, max, max)
		}
		return b.Bytes(), nil
	}
	return readAll(path, f, max)
}

// readAll reads at most max bytes; one byte more means the file is too large.
func readAll(name string, r io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("%s: 读取失败 (read failed): %w", name, err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%s: %w: 超过 %d 字节上限 (exceeds the %d-byte limit)", name, ErrTooLarge, max, max)
	}
	return data, nil
}

// Content kinds found by sniffing the first bytes.
type kind int

const (
	kindUnknown kind = iota
	kindZip          // any PK archive; DOCX is told apart by its members
	kindPDF
	kindOLE // compound file: legacy .doc, or an encrypted OOXML file
	kindRTF
	kindHTML
)

var (
	magicZip      = []byte("PK\x03\x04")
	magicZipEmpty = []byte("PK\x05\x06")
	magicOLE      = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// sniff classifies content by its magic bytes, independent of the name.
func sniff(data []byte) kind {
	switch {
	case bytes.HasPrefix(data, magicZip), bytes.HasPrefix(data, magicZipEmpty):
		return kindZip
	case bytes.HasPrefix(data, magicOLE):
		return kindOLE
	case bytes.HasPrefix(data, []byte("{\\rtf")):
		return kindRTF
	}
	head := data
	if len(head) > 1024 {
		head = head[:1024]
	}
	// PDF allows junk before the header within the first 1024 bytes.
	if bytes.Contains(head, []byte("%PDF-")) {
		return kindPDF
	}
	h := bytes.ToLower(bytes.TrimLeft(bytes.TrimPrefix(head, bomUTF8), " \t\r\n"))
	if bytes.HasPrefix(h, []byte("<!doctype html")) || bytes.HasPrefix(h, []byte("<html")) {
		return kindHTML
	}
	return kindUnknown
}

func isDOCXExt(name string) bool {
	e := strings.ToLower(filepath.Ext(name))
	return e == ".docx" || e == ".docm" || e == ".dotx"
}

// readData reads one file's bytes (already size-checked) into documents.
// Archives are Expand's; readData reads what is not one.
func readData(ctx context.Context, name string, data []byte, opt Options) ([]doc.Document, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("%s: %w: 空文件 (empty file)", name, ErrNoText)
	}
	ext := strings.ToLower(filepath.Ext(name))
	if !knownExts[ext] {
		// An .xlsx or .pptx is also a ZIP; a name we do not read is refused
		// by name, whatever the bytes look like.
		return nil, fmt.Errorf("%s: %w: %s", name, ErrUnsupported, ext)
	}
	k := sniff(data)
	sum := sha256.Sum256(data)
	meta := docMeta{sha: hex.EncodeToString(sum[:])}

	var paras []raw.Para
	var err error
	switch {
	case k == kindZip && (isDOCXExt(name) || zipHasDocument(data)):
		meta.format = FormatDOCX
		paras, err = readDOCX(ctx, name, data, opt)
	case k == kindZip:
		// Unreachable through Expand, which takes every archive.
		return nil, fmt.Errorf("%s: %w: 压缩包 (archive)", name, ErrUnsupported)
	case k == kindOLE && isDOCXExt(name):
		return nil, fmt.Errorf("%s: %w: 加密或非 DOCX 文件 (encrypted or not a DOCX: OLE compound file)", name, ErrCorrupt)
	case k == kindOLE:
		meta.format = FormatDOC
		paras, meta.warnings, err = readDOC(ctx, name, data, opt)
	case k == kindPDF:
		meta.format = FormatPDF
		paras, err = pdf.Extract(ctx, data)
		if err != nil {
			err = fmt.Errorf("%s: %w", name, err)
		}
	case k == kindRTF:
		return nil, fmt.Errorf("%s: %w: RTF", name, ErrUnsupported)
	case isDOCXExt(name):
		return nil, fmt.Errorf("%s: %w: 不是 ZIP 容器，可能已截断或并非 DOCX (not a ZIP container; truncated or not a DOCX)", name, ErrCorrupt)
	case k == kindHTML || ext == ".html" || ext == ".htm" || ext == ".xhtml":
		// Template sites often serve Word-saved HTML under a .doc name.
		meta.format = FormatHTML
		paras, meta.encoding, err = readHTML(name, data)
	case ext == ".pdf":
		return nil, fmt.Errorf("%s: %w: 缺少 %%PDF 文件头 (no %%PDF header)", name, ErrCorrupt)
	case ext == ".doc":
		return nil, fmt.Errorf("%s: %w: 不是 Word 97-2003 复合文档 (not an OLE compound file)", name, ErrCorrupt)
	case ext == ".zip":
		return nil, fmt.Errorf("%s: %w: 不是 ZIP 压缩包 (not a ZIP archive)", name, ErrCorrupt)
	case textExts[ext] || ext == "":
		meta.format = FormatTXT
		paras, meta.encoding, err = readTXT(name, data)
	default:
		return nil, fmt.Errorf("%s: %w: %s", name, ErrUnsupported, ext)
	}
	if err != nil {
		return nil, err
	}
	// A text has no more characters than bytes: only a long one is counted.
	if n := textChars(paras, opt.MaxChars); n > opt.MaxChars {
		return nil, fmt.Errorf("%s: %w: 文本长 %d 字，上限 %d 字 (text of %d characters exceeds the %d limit)", name, ErrTooLarge, n, opt.MaxChars, n, opt.MaxChars)
	}
	if opt.drafted != nil {
		d := &draft{name: name, d: clean.Begin(name, paras), meta: meta}
		d.parts = d.d.Finish(clean.Options{Recurring: opt.Recurring})
		opt.drafted(d)
		return nil, nil
	}
	return buildDocs(name, paras, meta, opt.Recurring)
}

// textChars counts the characters of paras, or returns their byte length
// when that is at most limit (the count is then no larger).
func textChars(paras []raw.Para, limit int) int {
	n := 0
	for _, p := range paras {
		n += len(p.Text)
	}
	if n <= limit {
		return n
	}
	n = 0
	for _, p := range paras {
		n += runecount.Of(p.Text)
	}
	return n
}

// textExts are the extensions read as plain text.
var textExts = map[string]bool{".txt": true, ".text": true, ".md": true}

// knownExts are the names Read accepts; the content then decides how they
// are read (a .txt that is really a DOCX is read as a DOCX). "" lets
// extension-less names be sniffed.
var knownExts = map[string]bool{
	"": true, ".txt": true, ".text": true, ".md": true,
	".docx": true, ".docm": true, ".dotx": true, ".doc": true,
	".pdf": true, ".html": true, ".htm": true, ".xhtml": true, ".zip": true,
}

type docMeta struct {
	sha, format, encoding string
	warnings              []string
}

// buildDocs runs the cleaning stage and joins each part into a document,
// computing hint offsets in code points while the text is built.
func buildDocs(name string, paras []raw.Para, meta docMeta, recurring func(string) bool) ([]doc.Document, error) {
	return buildDocsWith(name, meta, recurring, func(opt clean.Options) []clean.Part {
		return clean.SplitWith(name, paras, opt)
	})
}

// buildDocsWith is buildDocs with the cleaning stage split.
func buildDocsWith(name string, meta docMeta, recurring func(string) bool, split func(clean.Options) []clean.Part) ([]doc.Document, error) {
	// The lines dropped as the batch's chrome go with the documents, so the
	// store can keep them beside the original and a recovery repeat them.
	var chrome []string
	if recurring != nil {
		ask := recurring
		recurring = func(key string) bool {
			if ask(key) {
				if !slices.Contains(chrome, key) {
					chrome = append(chrome, strings.Clone(key))
				}
				return true
			}
			return false
		}
	}
	parts := split(clean.Options{Recurring: recurring})
	// What a document keeps besides its text is copied out (Title, a
	// hint's Number, the chrome keys): a cut of a paragraph would keep the
	// whole file's decoded text alive with the document.
	var docs []doc.Document
	for _, p := range parts {
		var sb strings.Builder
		size := 0
		for _, para := range p.Paras {
			size += len(para.Text) + 1
		}
		sb.Grow(size)
		hints := []doc.Hint{}
		// Hints need rune offsets; the text before each hinted paragraph
		// is counted only when one comes (a plain text file has none).
		off, counted := 0, 0 // runes in sb's first counted bytes
		for _, para := range p.Paras {
			t := strings.TrimSpace(para.Text)
			if t == "" {
				continue
			}
			if sb.Len() > 0 {
				sb.WriteByte('\n')
			}
			if para.Level > 0 || para.Number != "" {
				off += runecount.Of(sb.String()[counted:])
				counted = sb.Len()
				hints = append(hints, doc.Hint{Start: off, End: off + runecount.Of(t), Level: para.Level, Style: para.Style, Number: strings.Clone(para.Number)})
			}
			sb.WriteString(t)
		}
		if sb.Len() == 0 {
			continue
		}
		text := sb.String()
		part := len(docs) + 1
		docs = append(docs, doc.Document{
			ID:           meta.sha[:16] + "-" + strconv.Itoa(part),
			Source:       name,
			Part:         part,
			Title:        strings.Clone(p.Title),
			DocType:      doc.TypeOther,
			Script:       fold.Script(text),
			Text:         text,
			Sections:     []doc.Section{},
			Targets:      []doc.Target{},
			Slogans:      []doc.Slogan{},
			Citations:    []doc.Citation{},
			Placeholders: []doc.Placeholder{},
			People:       []doc.Person{},
			Schedule:     []doc.Phase{},
			Format:       meta.format,
			Encoding:     meta.encoding,
			SHA256:       meta.sha,
			Hints:        hints,
			Warnings:     meta.warnings,
			Chrome:       chrome,
		})
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("%s: %w: 没有正文 (no body text)", name, ErrNoText)
	}
	return docs, nil
}

// splitLines turns decoded plain text into paragraphs, one per line, after
// folding CRLF and lone CR to LF. Blank lines carry no content and are dropped.
func splitLines(s string) []raw.Para {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.ReplaceAll(s, "\f", "\n")
	// The lines are counted first: growing by doubling touched twice the
	// memory, and half the lines of a text are often blank.
	n := 0
	for line := range strings.SplitSeq(s, "\n") {
		if strings.TrimSpace(line) != "" {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]raw.Para, 0, n)
	for line := range strings.SplitSeq(s, "\n") {
		if t := strings.TrimSpace(line); t != "" {
			out = append(out, raw.Para{Text: t})
		}
	}
	return out
}
