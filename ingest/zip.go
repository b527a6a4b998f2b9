package ingest

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// zipBudget tracks what one archive has expanded to so far, so that the
// total cap holds across members.
type zipBudget struct {
	opt   Options
	total int64
}

// readMember reads one archive member under the per-member, total and ratio
// caps. The declared size is checked first (cheap), then the actual stream
// through a LimitReader, since a hostile header can lie about its size.
func (b *zipBudget) readMember(name string, f *zip.File) ([]byte, error) {
	limit := b.opt.MaxSize
	if rest := b.opt.MaxZipTotal - b.total; rest < limit {
		limit = rest
	}
	if f.UncompressedSize64 > uint64(limit) {
		return nil, fmt.Errorf("%s: %w: 疑似压缩炸弹 (zip bomb): 成员 %s 声明解压后 %d 字节，超过上限 %d (member declares %d bytes, limit %d)",
			name, ErrTooLarge, f.Name, f.UncompressedSize64, limit, f.UncompressedSize64, limit)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w: 无法打开成员 %s (cannot open member): %v", name, ErrCorrupt, f.Name, err)
	}
	defer rc.Close()
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(rc, limit+1))
	b.total += n
	if n > limit {
		return nil, fmt.Errorf("%s: %w: 疑似压缩炸弹 (zip bomb): 成员 %s 解压超过 %d 字节 (member expands past %d bytes)",
			name, ErrTooLarge, f.Name, limit, limit)
	}
	// Checked before the stream error: a bomb is a bomb even with a bad CRC.
	if n > ratioFloor && f.CompressedSize64 > 0 && float64(n)/float64(f.CompressedSize64) > b.opt.MaxZipRatio {
		return nil, fmt.Errorf("%s: %w: 疑似压缩炸弹 (zip bomb): 成员 %s 压缩比 %.0f 超过 %.0f (compression ratio over the limit)",
			name, ErrTooLarge, f.Name, float64(n)/float64(f.CompressedSize64), b.opt.MaxZipRatio)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w: 成员 %s 解压失败 (member failed to decompress): %v", name, ErrCorrupt, f.Name, err)
	}
	if uint64(n) != f.UncompressedSize64 {
		return nil, fmt.Errorf("%s: %w: 成员 %s 实际大小与声明不符 (size %d differs from declared %d)", name, ErrCorrupt, f.Name, n, f.UncompressedSize64)
	}
	return buf.Bytes(), nil
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

// memberName decodes an entry name for display: names written without the
// UTF-8 flag by Chinese Windows tools are GBK, which GB18030 decodes. The
// name only ever labels a document; it never becomes a filesystem path.
func memberName(f *zip.File) string {
	n := f.Name
	if f.Flags&0x800 == 0 && !utf8.ValidString(n) {
		if d, err := simplifiedchinese.GB18030.NewDecoder().String(n); err == nil {
			n = d
		}
	}
	n = strings.ReplaceAll(n, "\\", "/")
	n = strings.TrimLeft(path.Clean("/"+n), "/")
	return n
}

// skipMember reports entries that are not documents: folders, macOS
// resource forks and dot-files.
func skipMember(n string, f *zip.File) bool {
	if f.FileInfo().IsDir() || strings.HasSuffix(f.Name, "/") || n == "" {
		return true
	}
	if n == "__MACOSX" || strings.HasPrefix(n, "__MACOSX/") {
		return true
	}
	for seg := range strings.SplitSeq(n, "/") {
		if strings.HasPrefix(seg, ".") {
			return true
		}
	}
	return false
}

// expandZip calls fn for each document member of an archive, in name order,
// with "archive/member" names. A member that cannot be read is passed to fn
// as an error; a cap on the whole archive stops the expansion and is
// returned. fn's own error stops the walk and is returned.
func expandZip(ctx context.Context, name string, data []byte, opt Options, depth int, fn func(member string, data []byte, err error) error) error {
	zr, err := openZip(name, data, opt)
	if err != nil {
		return err
	}
	type entry struct {
		name string
		f    *zip.File
	}
	var entries []entry
	for _, f := range zr.File {
		n := memberName(f)
		if skipMember(n, f) {
			continue
		}
		entries = append(entries, entry{name + "/" + n, f})
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].name < entries[j].name })
	budget := &zipBudget{opt: opt}
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return err
		}
		mdata, err := budget.readMember(name, e.f)
		if err != nil {
			if budget.total >= opt.MaxZipTotal || errors.Is(err, ErrTooLarge) {
				// A bomb poisons the whole archive: stop, do not read on.
				return err
			}
			if ferr := fn(e.name, nil, err); ferr != nil {
				return ferr
			}
			continue
		}
		if sniff(mdata) == kindZip && !isDOCXExt(e.name) && !zipHasDocument(mdata) && depth >= maxZipDepth {
			err := fmt.Errorf("%s: %w: 压缩包嵌套过深 (nested archives deeper than %d level)", e.name, ErrUnsupported, maxZipDepth)
			if ferr := fn(e.name, nil, err); ferr != nil {
				return ferr
			}
			continue
		}
		if ferr := fn(e.name, mdata, nil); ferr != nil {
			return ferr
		}
	}
	return nil
}
