package api

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/planmine/planmine/corpus"
)

// typeLabel is the UI's Chinese label of each doc_type (app.js TYPE_LABEL).
var typeLabel = map[string]string{
	"plan": "计划", "summary": "总结", "scheme": "方案", "experience": "经验材料",
	"report": "报告", "notice": "通知", "other": "其他",
}

// pct renders a share as the UI does (Math.round(x*100) + '%').
func pct(x float64) string { return fmt.Sprintf("%d%%", int(math.Round(x*100))) }

// rangeText is the pager's "第 a–b 条，共 n 条".
func rangeText(offset, limit, total int) string {
	from := 0
	if total > 0 {
		from = min(offset+1, total)
	}
	return fmt.Sprintf("第 %d–%d 条，共 %d 条", from, min(offset+limit, total), total)
}

// refMeta is how the UI tells documents apart: file, part, org, year.
func refMeta(d corpus.DocSummary) string {
	parts := []string{d.Source, fmt.Sprintf("第%d篇", d.Part)}
	if d.Org != nil && *d.Org != "" {
		parts = append(parts, *d.Org)
	}
	if d.Year != nil {
		parts = append(parts, fmt.Sprintf("%d年", *d.Year))
	}
	return strings.Join(parts, " · ")
}

// apiTotal is the total an API list reports.
func apiTotal(t *testing.T, e *testEnv, path string) int {
	t.Helper()
	st, b := e.get(path)
	if st != http.StatusOK {
		t.Fatalf("%s: %d %s", path, st, abbrev(b))
	}
	return decode[struct{ Total int }](t, b).Total
}

// clickJS clicks the element a selector names, failing when it is missing.
func clickJS(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	if !evalJS[bool](t, ctx, fmt.Sprintf(`(() => { const el = document.querySelector(%q); if (!el) return false; el.click(); return true; })()`, sel)) {
		t.Fatalf("no element %s to click", sel)
	}
}

// checkPager waits for a list's range text and row count, and checks that
// previous/next are enabled exactly where there is a page to go to.
func checkPager(t *testing.T, ctx context.Context, info, rows, pager string, offset, limit, total int) {
	t.Helper()
	want := rangeText(offset, limit, total)
	n := max(0, min(limit, total-offset))
	waitJS(t, ctx, fmt.Sprintf(`(() => { const i = document.querySelector(%q), p = document.querySelector(%q);
		return !!i && !!p && i.textContent === %q && p.querySelector('.page-info').textContent === %q && document.querySelectorAll(%q).length === %d; })()`,
		info, pager, want, want, rows, n), 20*time.Second)
	prev := evalJS[bool](t, ctx, fmt.Sprintf(`document.querySelector(%q).disabled`, pager+" .page-prev"))
	next := evalJS[bool](t, ctx, fmt.Sprintf(`document.querySelector(%q).disabled`, pager+" .page-next"))
	if prev != (offset == 0) || next != (offset+limit >= total) {
		t.Errorf("%s at %d/%d: previous disabled %v, next disabled %v", pager, offset, total, prev, next)
	}
}

// TestBrowserPagingAndTitles: every list shows "第 a–b 条，共 n 条" with
// working previous/next and page-size controls and the API's total; search
// hits show part, year, type and reuse; source buttons and pair rows name
// the file and part; each page names the tab.
func TestBrowserPagingAndTitles(t *testing.T) {
	ctx := browserCtx(t)
	e, docs := listEnv(t)
	shots := screenshotDir(t)
	n := len(docs)

	// Documents: 50 of 67, then the rest, then 20 a page.
	e.goTo(t, ctx, "#/", "docs")
	checkPager(t, ctx, "#doc-total", "#doc-rows tr.doc-row", "#doc-pager", 0, 50, n)
	if got := evalJS[string](t, ctx, `document.title`); got != "文档 — planmine" {
		t.Errorf("documents tab title %q", got)
	}
	clickJS(t, ctx, "#doc-pager .page-next")
	checkPager(t, ctx, "#doc-total", "#doc-rows tr.doc-row", "#doc-pager", 50, 50, n)
	shoot(t, ctx, shots, "10_documents_page2")
	evalJS[bool](t, ctx, `(() => { const s = document.querySelector('#doc-pager .page-size'); s.value = '20'; return s.dispatchEvent(new Event('change')); })()`)
	checkPager(t, ctx, "#doc-total", "#doc-rows tr.doc-row", "#doc-pager", 0, 20, n)

	// Search: 20 hits a page, the page in the address, hits with their fields.
	q := "党员"
	hitTotal := apiTotal(t, e, "/api/v1/search?facets=false&limit=1&q="+url.QueryEscape(q))
	if hitTotal <= 20 {
		t.Fatalf("search %s: %d hits, want more than a page", q, hitTotal)
	}
	e.goTo(t, ctx, "#/search?q="+url.QueryEscape(q), "search")
	checkPager(t, ctx, "#hit-total", "#hits .hit", "#hit-pager", 0, 20, hitTotal)
	if got := evalJS[string](t, ctx, `document.title`); got != "检索："+q+" — planmine" {
		t.Errorf("search tab title %q", got)
	}
	clickJS(t, ctx, "#hit-pager .page-next")
	waitJS(t, ctx, `location.hash.includes('offset=20')`, 10*time.Second)
	checkPager(t, ctx, "#hit-total", "#hits .hit", "#hit-pager", 20, 20, hitTotal)
	type hitView struct {
		ID   string `json:"id"`
		Meta string `json:"meta"`
	}
	seenPart := false
	for _, off := range []int{0, 20, 40} {
		if off >= hitTotal {
			break
		}
		e.goTo(t, ctx, "#/search?q="+url.QueryEscape(q)+fmt.Sprintf("&offset=%d", off), "search")
		hs := evalJS[[]hitView](t, ctx, `[...document.querySelectorAll('#hits .hit')].map(h => ({id: h.dataset.id, meta: h.querySelector('.hit-meta').innerText}))`)
		for _, h := range hs {
			d, ok := docs[h.ID]
			if !ok {
				t.Errorf("hit %s is not a document", h.ID)
				continue
			}
			want := []string{typeLabel[d.DocType], fmt.Sprintf("%s · 第%d篇", d.Source, d.Part), "复用 " + pct(d.ReuseScore)}
			if d.Year != nil {
				want = append(want, fmt.Sprintf("%d年", *d.Year))
			}
			if d.Org != nil {
				want = append(want, *d.Org)
			}
			for _, w := range want {
				if !strings.Contains(h.Meta, w) {
					t.Errorf("hit %s shows %q, lacking %q", h.ID, h.Meta, w)
				}
			}
			seenPart = seenPart || d.Part > 1
		}
	}
	if !seenPart {
		t.Errorf("no hit from a later part of a file was checked")
	}
	shoot(t, ctx, shots, "11_search_page2")

	// Reuse pairs and clusters: each paged with the API's total.
	pairTotal := apiTotal(t, e, "/api/v1/reuse/pairs?limit=1")
	clusterTotal := apiTotal(t, e, "/api/v1/reuse/clusters?limit=1")
	e.goTo(t, ctx, "#/pairs", "pairs")
	checkPager(t, ctx, "#pair-total", "#pair-list tr.pair-row", "#pair-pager", 0, 50, pairTotal)
	checkPager(t, ctx, "#cluster-total", "#cluster-list li.cluster", "#cluster-pager", 0, 20, clusterTotal)
	if pairTotal > 50 {
		clickJS(t, ctx, "#pair-pager .page-next")
		checkPager(t, ctx, "#pair-total", "#pair-list tr.pair-row", "#pair-pager", 50, 50, pairTotal)
	}
	// Each side names file, part, org and year, as the API's page has them.
	pairOff := 0
	if pairTotal > 50 {
		pairOff = 50 // the page shown now
	}
	st, b := e.get(fmt.Sprintf("/api/v1/reuse/pairs?limit=50&offset=%d", pairOff))
	if st != http.StatusOK {
		t.Fatalf("pairs: %d", st)
	}
	var want []string
	for _, p := range decode[struct {
		Pairs []struct{ A, B struct{ ID string } }
	}](t, b).Pairs {
		want = append(want, refMeta(docs[p.A.ID]), refMeta(docs[p.B.ID]))
	}
	if got := evalJS[[]string](t, ctx, `[...document.querySelectorAll('#pair-list .src')].map(s => s.textContent)`); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("pair rows name\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := evalJS[string](t, ctx, `document.title`); got != "复用对与复用簇 — planmine" {
		t.Errorf("pairs tab title %q", got)
	}
	shoot(t, ctx, shots, "12_pairs_paged")

	// Slogans: 100 a page.
	sloganTotal := apiTotal(t, e, "/api/v1/slogans?limit=1")
	e.goTo(t, ctx, "#/slogans", "slogans")
	checkPager(t, ctx, "#slogan-total", "#slogan-list tr.slogan-row", "#slogan-pager", 0, 100, sloganTotal)
	if sloganTotal > 100 {
		clickJS(t, ctx, "#slogan-pager .page-next")
		checkPager(t, ctx, "#slogan-total", "#slogan-list tr.slogan-row", "#slogan-pager", 100, 100, sloganTotal)
	}

	// Targets tracker: the same pager around its table.
	targetTotal := apiTotal(t, e, "/api/v1/targets?limit=1")
	e.goTo(t, ctx, "#/targets", "targets")
	waitJS(t, ctx, fmt.Sprintf(`(() => { const p = document.querySelector('#target-pager .page-info'); return !!p && p.textContent === %q; })()`,
		rangeText(0, 100, targetTotal)), 20*time.Second)
	if got := evalJS[string](t, ctx, `document.title`); got != "目标台账 — planmine" {
		t.Errorf("targets tab title %q", got)
	}

	// A document's page is named after it; its reuse view's source buttons
	// name file, part, org and year.
	var first corpus.DocSummary
	for _, d := range docs {
		if strings.HasPrefix(d.Source, "000_") && d.Part == 1 {
			first = d
		}
	}
	if first.ID == "" {
		t.Fatal("seed 000 part 1 not found")
	}
	e.goTo(t, ctx, "#/doc/"+url.PathEscape(first.ID), "doc")
	if got := evalJS[string](t, ctx, `document.title`); got != first.Title+" — planmine" {
		t.Errorf("document tab title %q, want %q", got, first.Title+" — planmine")
	}
	waitJS(t, ctx, `document.querySelectorAll('#doc-sources li').length > 0`, 10*time.Second)
	docSrcs := evalJS[string](t, ctx, `document.querySelector('#doc-sources').innerText`)
	if !strings.Contains(docSrcs, first.Source+" · 第4篇") || !strings.Contains(docSrcs, first.Source+" · 第7篇") {
		t.Errorf("document view sources do not tell the parts apart: %q", docSrcs)
	}
	e.goTo(t, ctx, "#/reuse/"+url.PathEscape(first.ID), "reuse")
	btns := evalJS[[]string](t, ctx, `[...document.querySelectorAll('.source-btn')].map(b => b.innerText)`)
	joined := strings.Join(btns, "\n")
	if !strings.Contains(joined, first.Source+" · 第4篇") || !strings.Contains(joined, first.Source+" · 第7篇") {
		t.Errorf("source buttons do not tell same-titled parts apart: %q", btns)
	}
	if got := evalJS[string](t, ctx, `document.title`); !strings.HasPrefix(got, "复用分析："+first.Title) {
		t.Errorf("reuse tab title %q", got)
	}
	shoot(t, ctx, shots, "13_reuse_sources")
}

// submitDialog types into an open dialog's field (when it has one) and
// presses its OK button.
func submitDialog(t *testing.T, ctx context.Context, id, value string) {
	t.Helper()
	ok := evalJS[bool](t, ctx, fmt.Sprintf(`(() => { const d = document.querySelector('dialog#%s[open]'); if (!d) return false;
		const i = d.querySelector('input'); if (i) i.value = %q; d.querySelector('.modal-ok').click(); return true; })()`, id, value))
	if !ok {
		t.Fatalf("no open dialog #%s", id)
	}
}

// TestBrowserTokensAndDelete: with read and write tokens configured, the UI
// asks for the read token to browse (again after a wrong one), for the
// write token on upload, and deletes from the list and the document view
// after a confirmation naming the document; cancelling keeps it.
func TestBrowserTokensAndDelete(t *testing.T) {
	ctx := browserCtx(t)
	e := newEnv(t, func(d *Deps) { d.Token = "w-秘密"; d.ReadToken = "r-secret" })
	shots := screenshotDir(t)
	rs := e.uploadResults(http.StatusCreated, seeds(t)...)

	if err := chromedp.Do(ctx, chromedp.Navigate(e.http.URL+"/#/")); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `!!document.querySelector('dialog#token-dialog[open]')`, 20*time.Second)
	msg := evalJS[string](t, ctx, `document.querySelector('#token-dialog').innerText`)
	for _, w := range []string{"需要读取令牌", "read token required", "Authorization: Bearer"} {
		if !strings.Contains(msg, w) {
			t.Errorf("read-token dialog lacks %q: %s", w, msg)
		}
	}
	shoot(t, ctx, shots, "20_token_read")
	submitDialog(t, ctx, "token-dialog", "nope")
	waitJS(t, ctx, `(() => { const d = document.querySelector('dialog#token-dialog[open]'); return !!d && d.innerText.includes('读取令牌不正确'); })()`, 20*time.Second)
	submitDialog(t, ctx, "token-dialog", "r-secret")
	waitJS(t, ctx, `document.querySelector('#app').dataset.ready === 'docs' && document.querySelectorAll('#doc-rows tr.doc-row').length > 0`, 20*time.Second)
	if got := evalJS[string](t, ctx, `sessionStorage.getItem('planmine.readToken') + '|' + localStorage.length`); got != "r-secret|0" {
		t.Errorf("read token kept as %q, want it in sessionStorage only", got)
	}
	total := len(rs)
	checkPager(t, ctx, "#doc-total", "#doc-rows tr.doc-row", "#doc-pager", 0, 50, total)

	// Upload: the write token is asked for, then the file goes in.
	name, text := genDoc(3)
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#file-input"), []string{p})); err != nil {
		t.Fatal(err)
	}
	waitJS(t, ctx, `(() => { const d = document.querySelector('dialog#token-dialog[open]'); return !!d && d.innerText.includes('需要写入令牌'); })()`, 20*time.Second)
	shoot(t, ctx, shots, "21_token_write")
	submitDialog(t, ctx, "token-dialog", "w-秘密")
	waitJS(t, ctx, `document.querySelectorAll('.upload-item .st-created').length === 1`, time.Minute)
	total++
	checkPager(t, ctx, "#doc-total", "#doc-rows tr.doc-row", "#doc-pager", 0, 50, total)

	// Delete from the list, cancelled first, then confirmed.
	type row struct{ ID, Title string }
	rows := evalJS[[]row](t, ctx, `[...document.querySelectorAll('#doc-rows tr.doc-row')].map(r => ({ID: r.dataset.id, Title: r.querySelector('.title-cell a').textContent}))`)
	if len(rows) < 2 {
		t.Fatalf("%d rows", len(rows))
	}
	victim := rows[0]
	btn := fmt.Sprintf(`#doc-rows tr.doc-row[data-id=%q] .doc-delete`, victim.ID)
	clickJS(t, ctx, btn)
	waitJS(t, ctx, `!!document.querySelector('dialog#delete-dialog[open]')`, 10*time.Second)
	if got := evalJS[string](t, ctx, `document.querySelector('#delete-dialog .delete-name').textContent`); got != "《"+victim.Title+"》" {
		t.Errorf("delete dialog names %q, want 《%s》", got, victim.Title)
	}
	clickJS(t, ctx, "#delete-dialog .modal-cancel")
	waitJS(t, ctx, `!document.querySelector('dialog#delete-dialog')`, 10*time.Second)
	if st, _ := e.get("/api/v1/documents/" + victim.ID); st != http.StatusOK {
		t.Fatalf("cancelled delete removed the document: %d", st)
	}
	clickJS(t, ctx, btn)
	waitJS(t, ctx, `!!document.querySelector('dialog#delete-dialog[open]')`, 10*time.Second)
	shoot(t, ctx, shots, "22_delete_confirm")
	submitDialog(t, ctx, "delete-dialog", "")
	total--
	checkPager(t, ctx, "#doc-total", "#doc-rows tr.doc-row", "#doc-pager", 0, 50, total)
	if evalJS[bool](t, ctx, fmt.Sprintf(`!!document.querySelector('#doc-rows tr[data-id=%q]')`, victim.ID)) {
		t.Errorf("deleted row %s still listed", victim.ID)
	}
	if st, _ := e.get("/api/v1/documents/" + victim.ID); st != http.StatusNotFound {
		t.Errorf("after delete from the list: %d, want 404", st)
	}

	// Delete from the document view, then back to the list.
	other := rows[1]
	e.goTo(t, ctx, "#/doc/"+url.PathEscape(other.ID), "doc")
	clickJS(t, ctx, "#doc-delete")
	waitJS(t, ctx, `!!document.querySelector('dialog#delete-dialog[open]')`, 10*time.Second)
	if got := evalJS[string](t, ctx, `document.querySelector('#delete-dialog .delete-name').textContent`); got != "《"+other.Title+"》" {
		t.Errorf("delete dialog names %q, want 《%s》", got, other.Title)
	}
	submitDialog(t, ctx, "delete-dialog", "")
	waitJS(t, ctx, `location.hash === '#/' && document.querySelector('#app').dataset.ready === 'docs'`, 20*time.Second)
	total--
	checkPager(t, ctx, "#doc-total", "#doc-rows tr.doc-row", "#doc-pager", 0, 50, total)
	if st, _ := e.get("/api/v1/documents/" + other.ID); st != http.StatusNotFound {
		t.Errorf("after delete from the document view: %d, want 404", st)
	}
	shoot(t, ctx, shots, "23_after_delete")
}

// TestBrowserPhone: at 390×844 no page scrolls sideways, the navigation is
// on screen, and the reuse view puts the two documents one above the other.
func TestBrowserPhone(t *testing.T) {
	ctx := browserCtx(t)
	e := newEnv(t, nil)
	shots := screenshotDir(t)
	rs := e.uploadResults(http.StatusCreated, seeds(t)...)
	var first string
	for _, r := range rs {
		if strings.HasPrefix(r.Source, "000_") && r.Part == 1 {
			first = r.ID
		}
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	pages := []struct{ hash, view, name, ready string }{
		{"#/", "docs", "documents", `document.querySelectorAll('#doc-rows tr.doc-row').length > 0`},
		{"#/doc/" + url.PathEscape(first), "doc", "document", `document.querySelectorAll('#doc-sources li').length > 0`},
		{"#/reuse/" + url.PathEscape(first), "reuse", "reuse", `document.querySelectorAll('#reuse-right .m-copy').length > 0`},
		{"#/targets", "targets", "targets", `document.querySelectorAll('#target-rows tr.target-row').length > 0`},
		{"#/search?q=" + url.QueryEscape("三会一课"), "search", "search", `document.querySelectorAll('#hits .hit').length > 0`},
		{"#/pairs", "pairs", "pairs", `document.querySelectorAll('#pair-list tr.pair-row').length > 0`},
		{"#/slogans", "slogans", "slogans", `document.querySelectorAll('#slogan-list tr.slogan-row').length > 0`},
	}
	for i, pg := range pages {
		t.Run(pg.name, func(t *testing.T) {
			e.goTo(t, ctx, pg.hash, pg.view)
			waitJS(t, ctx, pg.ready, 20*time.Second)
			if w := evalJS[int](t, ctx, `window.innerWidth`); w != 390 {
				t.Fatalf("viewport %d wide, want 390", w)
			}
			sw := evalJS[int](t, ctx, `document.documentElement.scrollWidth`)
			if sw > 390 {
				wide := evalJS[[]string](t, ctx, `(() => {
					const out = [];
					const clipped = (el) => { for (let p = el.parentElement; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o !== 'visible') return true; } return false; };
					for (const el of document.querySelectorAll('body *')) {
						const r = el.getBoundingClientRect();
						if (r.right > innerWidth + 1 && !clipped(el)) out.push(el.tagName.toLowerCase() + '.' + el.className + ' ' + Math.round(r.right));
						if (out.length > 8) break;
					}
					return out; })()`)
				t.Errorf("page scrolls sideways: scrollWidth %d > 390; too wide: %v", sw, wide)
			}
			off := evalJS[[]string](t, ctx, `[...document.querySelectorAll('#nav a')].filter(a => { const r = a.getBoundingClientRect(); return r.width === 0 || r.left < 0 || r.right > innerWidth || r.top < 0 || r.bottom > 200; }).map(a => a.textContent)`)
			if len(off) > 0 {
				t.Errorf("navigation links off screen: %v", off)
			}
			if pg.view == "reuse" {
				stacked := evalJS[bool](t, ctx, `(() => { const l = document.querySelector('#reuse-left').getBoundingClientRect(), r = document.querySelector('#reuse-right').getBoundingClientRect();
					return r.top >= l.bottom - 1 && r.width > 300 && l.width > 300; })()`)
				if !stacked {
					t.Errorf("reuse view: the two documents are not one above the other")
				}
			}
			shoot(t, ctx, shots, fmt.Sprintf("phone_%02d_%s", i+1, pg.name))
		})
	}
	// The delete confirmation fits the screen.
	e.goTo(t, ctx, "#/doc/"+url.PathEscape(first), "doc")
	clickJS(t, ctx, "#doc-delete")
	waitJS(t, ctx, `!!document.querySelector('dialog#delete-dialog[open]')`, 10*time.Second)
	if r := evalJS[float64](t, ctx, `document.querySelector('#delete-dialog').getBoundingClientRect().right`); r > 390 {
		t.Errorf("delete dialog reaches %.0f px on a 390 px screen", r)
	}
	shoot(t, ctx, shots, "phone_08_delete_dialog")
	clickJS(t, ctx, "#delete-dialog .modal-cancel")
}
