// Package pdf extracts the text layer of a PDF as paragraphs.
//
// The library github.com/ledongthuc/pdf is used only to parse the file
// structure, fonts and content streams; lines are rebuilt here from text
// positions (CTM and text matrices), strings are decoded through the
// font's ToUnicode CMap first, and visual lines are re-joined into
// paragraphs. When the result fails a quality gate (garbage from a font
// without a usable mapping), the text is taken from poppler's pdftotext
// instead and goes through the same paragraph re-joining.
package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	lpdf "github.com/ledongthuc/pdf"

	"github.com/planmine/planmine/ingest/raw"
	"github.com/planmine/planmine/ingest/readerr"
)

// Routes reported in Info.Route.
const (
	// RouteOwn: the package's own line rebuild produced the text.
	RouteOwn = "own"
	// RoutePdftotext: the own text failed the quality gate and poppler's
	// pdftotext -layout output was used.
	RoutePdftotext = "pdftotext"
)

// MaxSize is the largest PDF Extract reads; larger input gets ErrTooLarge.
const MaxSize = 256 << 20

// Info tells how a PDF was read.
type Info struct {
	// Route is RouteOwn or RoutePdftotext.
	Route string
	// Pages is the page count of the document.
	Pages int
	// HanShare is the share of Han characters among the non-space
	// characters of the returned text; Garbage the share of replacement,
	// control, Latin-1 supplement and private-use characters.
	HanShare, Garbage float64
}

// Extract returns the paragraphs of a PDF's text layer, each with its
// 1-based start page. Errors wrap readerr sentinels: ErrCorrupt for a
// damaged, truncated or password-protected file (encryption is reported
// as corrupt: the content cannot be read, and a user must re-save it),
// ErrNoText for a PDF without a text layer (scanned), ErrTooLarge above
// MaxSize.
func Extract(ctx context.Context, data []byte) ([]raw.Para, error) {
	ps, _, err := ExtractWithInfo(ctx, data)
	return ps, err
}

// ExtractWithInfo is Extract that also reports which route produced the
// text and how it scored.
func ExtractWithInfo(ctx context.Context, data []byte) ([]raw.Para, Info, error) {
	return extractInfo(ctx, data, true)
}

// extract is Extract with the pdftotext fallback switchable (fuzzing).
func extract(ctx context.Context, data []byte, fallback bool) ([]raw.Para, error) {
	ps, _, err := extractInfo(ctx, data, fallback)
	return ps, err
}

func extractInfo(ctx context.Context, data []byte, fallback bool) ([]raw.Para, Info, error) {
	var info Info
	if len(data) > MaxSize {
		return nil, info, fmt.Errorf("PDF %d 字节 (bytes): %w", len(data), readerr.ErrTooLarge)
	}
	pages, n, err := rebuild(ctx, data)
	info.Pages = n
	if err != nil {
		return nil, info, err
	}
	paras := finish(pages)
	q := measure(paras)
	if q.ok() {
		info.Route, info.HanShare, info.Garbage = RouteOwn, q.han(), q.garbage()
		return paras, info, nil
	}
	// The own text is missing or garbled: ask pdftotext.
	fpages, ferr := []page(nil), errors.New("fallback off")
	if fallback {
		fpages, ferr = pdftotext(ctx, data)
	}
	if ferr == nil {
		fparas := finish(fpages)
		fq := measure(fparas)
		if fq.total > 0 && (fq.ok() || fq.better(q)) {
			info.Route, info.HanShare, info.Garbage = RoutePdftotext, fq.han(), fq.garbage()
			return fparas, info, nil
		}
	} else if ctx.Err() != nil {
		return nil, info, ctx.Err()
	}
	if q.total == 0 {
		return nil, info, fmt.Errorf("无文本层，可能是扫描件 (no text layer, scanned?): %w", readerr.ErrNoText)
	}
	// Keep the own text when nothing better exists; the caller sees the
	// scores in Info.
	info.Route, info.HanShare, info.Garbage = RouteOwn, q.han(), q.garbage()
	return paras, info, nil
}

// finish turns rebuilt pages into paragraphs.
func finish(pages []page) []raw.Para {
	dropChrome(pages)
	return paragraphs(pages)
}

var errEncrypted = errors.New("加密的 PDF (encrypted PDF)")

// open parses the file structure, converting library panics to errors.
func open(data []byte) (r *lpdf.Reader, err error) {
	defer func() {
		if x := recover(); x != nil {
			r, err = nil, fmt.Errorf("%v", x)
		}
	}()
	// The library accepts only 1.x headers; 2.0 files are read alike.
	if bytes.HasPrefix(data, []byte("%PDF-2.")) {
		d := append([]byte(nil), data...)
		copy(d, "%PDF-1.7")
		data = d
	}
	return lpdf.NewReader(bytes.NewReader(data), int64(len(data)))
}

// rebuild runs the own line rebuild over every page.
func rebuild(ctx context.Context, data []byte) ([]page, int, error) {
	r, err := open(data)
	if err != nil {
		if bytes.Contains(data, []byte("/Encrypt")) {
			return nil, 0, fmt.Errorf("%w: %w: %v", readerr.ErrCorrupt, errEncrypted, err)
		}
		return nil, 0, fmt.Errorf("PDF 无法解析 (cannot parse PDF): %v: %w", err, readerr.ErrCorrupt)
	}
	n, err := numPages(r, len(data))
	if err != nil {
		return nil, 0, fmt.Errorf("PDF 页面树损坏 (broken page tree): %v: %w", err, readerr.ErrCorrupt)
	}
	var pages []page
	failed := 0
	var lastErr error
	loaded := map[fontKey]*font{}
	for i := 1; i <= n; i++ {
		if err := ctx.Err(); err != nil {
			return nil, n, err
		}
		runs, err := pageRuns(r, i, loaded)
		if err != nil {
			failed++
			lastErr = err
		}
		for k := range runs {
			runs[k].text = foldRadicals(runs[k].text)
		}
		pages = append(pages, page{num: i, lines: buildLines(runs)})
	}
	if n > 0 && failed == n {
		return nil, n, fmt.Errorf("PDF 内容无法解析 (cannot parse page content): %v: %w", lastErr, readerr.ErrCorrupt)
	}
	return pages, n, nil
}

// maxPages bounds the page loop against a hostile /Count.
const maxPages = 100000

// minPageBytes is less than the smallest page object ("3 0 obj<</Type/Page
// /Parent 1 0 R>>endobj"): a file of len bytes holds fewer than
// len/minPageBytes pages, whatever its /Count says. A 500-byte file
// claiming 99,999 pages cost 4 s of CPU before this bound.
const minPageBytes = 32

func numPages(r *lpdf.Reader, size int) (n int, err error) {
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("%v", x)
		}
	}()
	n = r.NumPage()
	if n < 0 {
		n = 0
	}
	n = min(n, maxPages, size/minPageBytes+1)
	return n, nil
}

// pageRuns collects the text runs of page i. A library panic mid-page
// keeps the runs found before it and reports the error.
func pageRuns(r *lpdf.Reader, i int, loaded map[fontKey]*font) (runs []run, err error) {
	ps := &pageState{fonts: map[string]*font{}, loaded: loaded}
	defer func() {
		if x := recover(); x != nil {
			runs, err = ps.runs, fmt.Errorf("第 %d 页 (page %d): %v", i, i, x)
		}
	}()
	p := r.Page(i)
	if p.V.IsNull() {
		return nil, nil
	}
	ps.interpret(p.V.Key("Contents"), p.Resources(), identity, 0)
	return ps.runs, nil
}
