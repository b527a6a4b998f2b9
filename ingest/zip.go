package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// This file is planmine's one archive policy. planmine ingest (through
// WalkFiles), Read and the HTTP upload all expand archives with Expand, so
// the nesting limit, the caps, the member names and the error texts are the
// same wherever a ZIP arrives.

// zipBudget tracks what one input file has expanded to so far, archives
// inside it included, so that the total and member caps hold across
// members and nesting levels.
type zipBudget struct {
	opt     Options
	total   int64
	members int
}

// read reads one archive member, shown as member, under the per-member,
// total and ratio caps. The declared size is checked first (cheap), then
// the actual stream through a LimitReader, since a hostile header can lie
// about its size. stop reports a zip bomb or an exhausted total budget: the
// archive must not be read on. A member that only declares more than the
// per-file limit is refused on its own (nothing was inflated).
func (b *zipBudget) read(member string, f *zip.File) (data []byte, stop bool, err error) {
	rest := b.opt.MaxZipTotal - b.total
	if f.UncompressedSize64 > uint64(b.opt.MaxSize) {
		return nil, false, fmt.Errorf("%s: %w: 解压后 %d 字节，超过单个文件上限 %d 字节 (expands to %d bytes, over the per-file limit of %d)",
			member, ErrTooLarge, f.UncompressedSize64, b.opt.MaxSize, f.UncompressedSize64, b.opt.MaxSize)
	}
	if f.UncompressedSize64 > uint64(max(rest, 0)) {
		return nil, true, fmt.Errorf("%s: %w: 疑似压缩炸弹 (zip bomb): 压缩包解压总量超过上限 %d 字节，从此成员起未读取 (the archive expands past %d bytes; not read from here on)",
			member, ErrTooLarge, b.opt.MaxZipTotal, b.opt.MaxZipTotal)
	}
	limit := min(b.opt.MaxSize, rest)
	rc, err := f.Open()
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w: 无法打开压缩包成员 (cannot open archive member): %v", member, ErrCorrupt, err)
	}
	defer rc.Close()
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(rc, limit+1))
	b.total += n
	if n > limit {
		return nil, true, fmt.Errorf("%s: %w: 疑似压缩炸弹 (zip bomb): 解压超过 %d 字节，压缩包其余部分未读取 (expands past %d bytes; the rest of the archive was not read)",
			member, ErrTooLarge, limit, limit)
	}
	// Checked before the stream error: a bomb is a bomb even with a bad CRC.
	if n > ratioFloor && f.CompressedSize64 > 0 && float64(n)/float64(f.CompressedSize64) > b.opt.MaxZipRatio {
		return nil, true, fmt.Errorf("%s: %w: 疑似压缩炸弹 (zip bomb): 压缩比 %.0f 超过 %.0f，压缩包其余部分未读取 (compression ratio over the limit; the rest of the archive was not read)",
			member, ErrTooLarge, float64(n)/float64(f.CompressedSize64), b.opt.MaxZipRatio)
	}
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w: 压缩包成员解压失败 (archive member failed to decompress): %v", member, ErrCorrupt, err)
	}
	if uint64(n) != f.UncompressedSize64 {
		return nil, false, fmt.Errorf("%s: %w: 实际大小与声明不符 (size %d differs from declared %d)", member, ErrCorrupt, n, f.UncompressedSize64)
	}
	return buf.Bytes(), false, nil
}

// readMember reads one part of a DOCX (name), where any failure fails the
// document.
func (b *zipBudget) readMember(name string, f *zip.File) ([]byte, error) {
	data, _, err := b.read(name+"/"+f.Name, f)
	return data, err
}

// openZip opens data as an archive and checks the member count.
func openZip(name string, data []byte, opt Options) (*zip.Reader, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, fmt.Errorf("%s: %w: 不是有效的 ZIP 压缩包，可能已截断 (not a valid ZIP archive, possibly truncated): %v", name, ErrCorrupt, err)
	}
	if zr == nil {
		return nil, fmt.Errorf("%s: %w: 不是有效的 ZIP 压缩包 (not a valid ZIP archive)", name, ErrCorrupt)
	}
	if len(zr.File) > opt.MaxZipMembers {
		return nil, fmt.Errorf("%s: %w: 压缩包成员 %d 个，超过上限 %d (archive has %d entries, limit %d)",
			name, ErrTooLarge, len(zr.File), opt.MaxZipMembers, len(zr.File), opt.MaxZipMembers)
	}
	return zr, nil
}

// zipHasDocument reports whether an archive is a WordprocessingML package.
func zipHasDocument(data []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			return true
		}
	}
	return false
}

// isArchive reports whether a file is read as an archive of documents: a
// ZIP under a name planmine reads that is not a Word package. (An .xlsx is
// a ZIP too, and is refused by its name.)
func isArchive(name string, data []byte) bool {
	return sniff(data) == kindZip && knownExts[strings.ToLower(filepath.Ext(name))] &&
		!isDOCXExt(name) && !zipHasDocument(data)
}

// memberName decodes an entry name for display: names written without the
// UTF-8 flag by Chinese Windows tools are GBK, which GB18030 decodes.
// Control characters are dropped. The name only ever labels a document; it
// never becomes a filesystem path.
func memberName(f *zip.File) string {
	n := f.Name
	if f.Flags&0x800 == 0 && !utf8.ValidString(n) {
		if d, err := simplifiedchinese.GB18030.NewDecoder().String(n); err == nil {
			n = d
		}
	}
	n = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, n)
	n = strings.ReplaceAll(n, "\\", "/")
	return strings.TrimLeft(path.Clean("/"+n), "/")
}

// skipMember reports entries that are not documents: folders, macOS
// resource forks and dot-files.
func skipMember(n string, f *zip.File) bool {
	if f.FileInfo().IsDir() || strings.HasSuffix(f.Name, "/") || n == "" {
		return true
	}
	for seg := range strings.SplitSeq(n, "/") {
		if strings.HasPrefix(seg, ".") || seg == "__MACOSX" {
			return true
		}
	}
	return false
}

// archiveEntry is one document member of an archive, named "archive/member".
type archiveEntry struct {
	name string
	f    *zip.File
}

// zipEntries lists the document members of an archive in name order.
func zipEntries(name string, zr *zip.Reader) []archiveEntry {
	var entries []archiveEntry
	for _, f := range zr.File {
		n := memberName(f)
		if skipMember(n, f) {
			continue
		}
		entries = append(entries, archiveEntry{name + "/" + n, f})
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].name < entries[j].name })
	return entries
}

// Expand reads one input file and calls fn once per file it holds: the
// file itself or, for a ZIP archive, each document member in name order,
// named "a.zip/folder/member.docx". An archive inside the archive is
// expanded the same way ("a.zip/b.zip/member.txt"); one nested level
// deeper is refused (ErrUnsupported). The member count and total size caps
// of opt hold for the whole file, nested archives included.
//
// A member that cannot be read is passed to fn with Err set and the others
// go on; a zip bomb (a member inflating past its declared size or the
// ratio cap, or the total cap reached) is reported once and nothing after
// it is read. fn's error, or ctx's, stops Expand and is returned.
func Expand(ctx context.Context, name string, data []byte, opt Options, fn func(File) error) error {
	opt = opt.withDefaults()
	x := &expansion{ctx: ctx, opt: opt, fn: fn, budget: &zipBudget{opt: opt}}
	err := x.file(name, data, 0)
	if errors.Is(err, errStopArchive) {
		return nil
	}
	return err
}

// errStopArchive unwinds the nested expansion after a zip bomb was reported.
var errStopArchive = errors.New("archive abandoned")

type expansion struct {
	ctx    context.Context
	opt    Options
	fn     func(File) error
	budget *zipBudget
}

// file reads one file met at nesting depth (0 for the input itself).
func (x *expansion) file(name string, data []byte, depth int) error {
	if err := x.ctx.Err(); err != nil {
		return err
	}
	if !isArchive(name, data) {
		docs, err := readData(x.ctx, name, data, x.opt)
		return x.fn(File{Name: name, Data: data, Docs: docs, Err: err})
	}
	fail := func(err error) error { return x.fn(File{Name: name, Data: data, Err: err}) }
	if depth > maxZipDepth {
		return fail(fmt.Errorf("%s: %w: 压缩包嵌套过深，只展开压缩包内的一层压缩包 (archives nested deeper than %d level are not read)",
			name, ErrUnsupported, maxZipDepth))
	}
	zr, err := openZip(name, data, x.opt)
	if err != nil {
		return fail(err)
	}
	x.budget.members += len(zr.File)
	if x.budget.members > x.opt.MaxZipMembers {
		return fail(fmt.Errorf("%s: %w: 压缩包（含内嵌压缩包）成员共 %d 个以上，超过上限 %d (archives hold more than %d entries in all, limit %d)",
			name, ErrTooLarge, x.budget.members, x.opt.MaxZipMembers, x.budget.members, x.opt.MaxZipMembers))
	}
	entries := zipEntries(name, zr)
	if len(entries) == 0 {
		return fail(fmt.Errorf("%s: %w: 压缩包中没有可读取的文件 (archive holds no readable file)", name, ErrNoText))
	}
	for _, e := range entries {
		if err := x.ctx.Err(); err != nil {
			return err
		}
		mdata, stop, err := x.budget.read(e.name, e.f)
		if err != nil {
			if ferr := x.fn(File{Name: e.name, Err: err}); ferr != nil {
				return ferr
			}
			if stop {
				return errStopArchive
			}
			continue
		}
		if err := x.file(e.name, mdata, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// CountFiles is how many files Expand will report for one input file
// without reading any member: the document members of an archive (those of
// nested archives not counted), else 1. It serves progress and planning.
func CountFiles(name string, data []byte) int {
	if !isArchive(name, data) {
		return 1
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil || zr == nil {
		return 1
	}
	return max(len(zipEntries(name, zr)), 1)
}

// countPath is CountFiles for a file on disk: only an archive's directory
// is read.
func countPath(p string) int {
	if !strings.EqualFold(filepath.Ext(p), ".zip") {
		return 1
	}
	zr, err := zip.OpenReader(p)
	if err != nil {
		return 1
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			return 1
		}
	}
	return max(len(zipEntries(p, &zr.Reader)), 1)
}

// Count is how many files WalkFiles will report for paths (archive members
// counted from the archives' directories, nested archives as one): the
// total behind a progress bar. It reads no file's content.
func Count(ctx context.Context, paths []string) (int, error) {
	n := 0
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		info, err := os.Stat(p)
		if err != nil {
			n++
			continue
		}
		if !info.IsDir() {
			n += countPath(p)
			continue
		}
		files, err := listDir(p, func(string, error) error { return nil })
		if err != nil {
			return n, err
		}
		for _, f := range files {
			n += countPath(f)
		}
	}
	return n, nil
}
