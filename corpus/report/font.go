package report

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"sync"
)

// fontGz is the CJK TrueType font the PDF embeds a subset of (font/README.md
// says what it is and how it was made). Gzipped it adds 1.6 MB to the
// binary instead of 3.2 MB.
//
//go:embed font/wqy-microhei-subset.ttf.gz
var fontGz []byte

var (
	fontOnce sync.Once
	fontTTF  []byte
	fontErr  error
)

// font returns the uncompressed TrueType font, decompressed on first use.
func font() ([]byte, error) {
	fontOnce.Do(func() {
		zr, err := gzip.NewReader(bytes.NewReader(fontGz))
		if err != nil {
			fontErr = fmt.Errorf("读取内嵌字体失败 (read embedded font): %w", err)
			return
		}
		fontTTF, fontErr = io.ReadAll(zr)
		if fontErr != nil {
			fontErr = fmt.Errorf("读取内嵌字体失败 (read embedded font): %w", fontErr)
		}
	})
	return fontTTF, fontErr
}
