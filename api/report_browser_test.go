package api

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/ingest/pdf"
)

// waitFile waits for a download to land whole in dir under a name
// matching pattern.
func waitFile(t *testing.T, dir, pattern string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		ms, _ := filepath.Glob(filepath.Join(dir, pattern))
		if len(ms) == 1 {
			if st, err := os.Stat(ms[0]); err == nil && st.Size() > 0 {
				return ms[0]
			}
		}
		if time.Now().After(deadline) {
			ents, _ := os.ReadDir(dir)
			t.Fatalf("no download %s; dir has %v", pattern, ents)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// TestBrowserReport follows the report links of the document and reuse
// views and the pairs export of the pairs view in headless Chromium: the
// files download under their Chinese names, and the HTML report renders
// styled and prints on A4.
func TestBrowserReport(t *testing.T) {
	ctx := browserCtx(t)
	e := newEnv(t, nil)
	e.uploadResults(http.StatusCreated, seeds(t)...)
	st, b := e.get("/api/v1/documents?limit=100&sort=reuse")
	if st != http.StatusOK {
		t.Fatal(st)
	}
	top := decode[struct {
		Documents []corpus.DocSummary `json:"documents"`
	}](t, b).Documents[0]
	dl := t.TempDir()
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dl})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	shots := screenshotDir(t)
	day := time.Now().Format("2006-01-02")

	// Both views carry the three report links.
	for _, v := range []struct{ hash, view string }{{"#/doc/", "doc"}, {"#/reuse/", "reuse"}} {
		e.goTo(t, ctx, v.hash+url.PathEscape(top.ID), v.view)
		hrefs := evalJS[[]string](t, ctx, `[...document.querySelectorAll('.report-links a')].map(a => a.getAttribute('href'))`)
		want := "/api/v1/documents/" + url.PathEscape(top.ID) + "/report?format="
		if len(hrefs) != 3 || hrefs[0] != want+"html" || hrefs[1] != want+"pdf" || hrefs[2] != want+"xlsx" {
			t.Errorf("%s view: report links %v", v.view, hrefs)
		}
	}
	shoot(t, ctx, shots, "09_doc_report_links")

	// The XLSX link downloads the report under its own name.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".report-links a.report-xlsx"))); err != nil {
		t.Fatal(err)
	}
	x := waitFile(t, dl, "查重报告_*_"+day+".xlsx")
	if xf, err := excelize.OpenFile(x); err != nil {
		t.Errorf("downloaded report: %v", err)
	} else {
		if got := strings.Join(xf.GetSheetList(), ","); got != "概要,来源,章节,段落" {
			t.Errorf("downloaded report sheets %s", got)
		}
		xf.Close()
	}

	// The HTML report renders with its styles (the policy lets them in)
	// and prints on A4.
	if err := chromedp.Do(ctx, chromedp.Navigate(e.http.URL+"/api/v1/documents/"+url.PathEscape(top.ID)+"/report")); err != nil {
		t.Fatal(err)
	}
	styled := evalJS[bool](t, ctx, `getComputedStyle(document.querySelector('.figures')).display === 'grid' &&
		getComputedStyle(document.querySelector('.source')).breakBefore === 'page'`)
	if !styled {
		t.Errorf("HTML report renders without its styles")
	}
	shoot(t, ctx, shots, "10_report_html")
	pdfBytes, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
	if err != nil {
		t.Fatalf("print the HTML report: %v", err)
	}
	if paras, err := pdf.Extract(context.Background(), pdfBytes); err != nil || len(paras) == 0 {
		t.Errorf("printed report has no text: %v", err)
	}
	os.WriteFile(filepath.Join(shots, "10_report_print.pdf"), pdfBytes, 0o644)

	// The pairs view exports every pair.
	e.goTo(t, ctx, "#/pairs", "pairs")
	shoot(t, ctx, shots, "11_pairs_export")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#pairs-export-csv"))); err != nil {
		t.Fatal(err)
	}
	c := waitFile(t, dl, "复用配对_"+day+".csv")
	data, _ := os.ReadFile(c)
	all, _ := e.corpus.ReusePairs(context.Background(), 0, 0)
	if rows := strings.Count(string(data), "\n"); rows < len(all)+1 {
		t.Errorf("downloaded CSV has %d lines for %d pairs", rows, len(all))
	}
}
