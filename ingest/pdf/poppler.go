package pdf

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/width"
)

// popplerTimeout bounds one pdftotext run.
const popplerTimeout = 60 * time.Second

// pdftotext runs poppler's pdftotext -layout on data and turns its output
// into pages of lines with geometry in character columns, so that the same
// chrome removal and paragraph re-joining apply.
func pdftotext(ctx context.Context, data []byte) ([]page, error) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		return nil, fmt.Errorf("未找到 pdftotext (pdftotext not found): %w", err)
	}
	f, err := os.CreateTemp("", "planmine-*.pdf")
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, popplerTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "-layout", "-enc", "UTF-8", "-q", f.Name(), "-").Output()
	if err != nil {
		return nil, fmt.Errorf("pdftotext: %w", err)
	}
	return layoutPages(string(out)), nil
}

// layoutPages splits pdftotext -layout output at form feeds into pages and
// gives each line a position: x in columns (wide characters count two),
// y decreasing down the page, size 2 (one CJK character).
func layoutPages(s string) []page {
	var pages []page
	for i, pt := range strings.Split(s, "\f") {
		p := page{num: i + 1}
		for j, ln := range strings.Split(pt, "\n") {
			ln = strings.TrimRightFunc(ln, unicode.IsSpace)
			if strings.TrimSpace(ln) == "" {
				continue
			}
			col, x0 := 0.0, -1.0
			for _, r := range ln {
				if x0 < 0 && !unicode.IsSpace(r) {
					x0 = col
				}
				switch width.LookupRune(r).Kind() {
				case width.EastAsianWide, width.EastAsianFullwidth:
					col += 2
				default:
					col++
				}
			}
			p.lines = append(p.lines, line{
				text: strings.TrimSpace(ln), x0: x0, x1: col,
				y: float64(-j * 4), size: 2,
			})
		}
		if len(p.lines) > 0 || i < strings.Count(s, "\f") {
			pages = append(pages, p)
		}
	}
	return pages
}
