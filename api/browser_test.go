package api

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/planmine/planmine/internal/shared"
)

const chromiumPath = "/usr/bin/chromium"

// browserCtx starts headless Chromium with a fresh profile and no network
// beyond the loopback server; skipped when Chromium is missing outside CI.
func browserCtx(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Chromium 不存在 (chromium missing at %s): %v", chromiumPath, err)
		}
		t.Skipf("Chromium 不存在，跳过浏览器测试 (chromium missing, skipping): %v", err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1440, 960),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 5*time.Minute)
	t.Cleanup(cancel3)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// screenshotDir is test-output/screenshots at the repository root.
func screenshotDir(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	root := "."
	if err == nil && strings.TrimSpace(string(out)) != "" {
		root = filepath.Dir(strings.TrimSpace(string(out)))
	}
	dir := filepath.Join(root, "test-output", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func shoot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	time.Sleep(300 * time.Millisecond)
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
		t.Error(err)
	}
}

// waitJS polls a JS expression until it is true.
func waitJS(t *testing.T, ctx context.Context, expr string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		if err != nil {
			t.Fatalf("evaluate %s: %v", expr, err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#app').innerText.slice(0, 600)`))
			t.Fatalf("timed out waiting for %s; page: %s", expr, body)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func evalJS[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", abbrev([]byte(expr)), err)
	}
	return v
}

func (e *testEnv) goTo(t *testing.T, ctx context.Context, hash, view string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(e.http.URL+"/"+hash)); err != nil {
		t.Fatalf("navigate %s: %v", hash, err)
	}
	waitJS(t, ctx, fmt.Sprintf(`document.querySelector('#app').dataset.ready === %q`, view), 30*time.Second)
}

// TestBrowser drives the UI in headless Chromium through the reviewer's
// tasks: upload the seeds, spot the copied plans, compare them side by
// side, filter and export targets, search across scripts.
func TestBrowser(t *testing.T) {
	ctx := browserCtx(t)
	e := newEnv(t, nil)
	shots := screenshotDir(t)
	dir := shared.Path(t, "corpus", "seeds")
	seedFiles, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(seedFiles) != 5 {
		t.Fatalf("want 5 seeds, found %d", len(seedFiles))
	}

	// Upload through the page's file input.
	e.goTo(t, ctx, "#/", "docs")
	shoot(t, ctx, shots, "01_empty")
	if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#file-input"), seedFiles)); err != nil {
		t.Fatalf("set upload files: %v", err)
	}
	waitJS(t, ctx, `document.querySelectorAll('.upload-item .st-created').length === 5`, 3*time.Minute)
	waitJS(t, ctx, `document.querySelectorAll('#doc-rows tr.doc-row').length >= 20`, 30*time.Second)
	shoot(t, ctx, shots, "02_documents")

	// Seed 000's 篇1, 篇4 and 篇7 are near-identical: flagged high reuse.
	type row struct {
		ID   string `json:"id"`
		Src  string `json:"src"`
		Part string `json:"part"`
		High bool   `json:"high"`
	}
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]row](`[...document.querySelectorAll('#doc-rows tr.doc-row')].map(r => ({
		id: r.dataset.id, src: r.dataset.source, part: r.dataset.part, high: r.classList.contains('high-reuse') && !!r.querySelector('.tag.high')}))`))
	if err != nil {
		t.Fatal(err)
	}
	flagged := map[string]string{}
	for _, r := range rows {
		if strings.HasPrefix(r.Src, "000_") && r.High {
			flagged["第"+r.Part+"篇"] = r.ID
		}
	}
	for _, part := range []string{"第1篇", "第4篇", "第7篇"} {
		if flagged[part] == "" {
			t.Errorf("seed 000 %s not flagged as high reuse; flagged: %v", part, flagged)
		}
	}
	first := flagged["第1篇"]
	if first == "" {
		t.FailNow()
	}

	// Document view: outline, highlighted targets.
	e.goTo(t, ctx, "#/doc/"+url.PathEscape(first), "doc")
	waitJS(t, ctx, `document.querySelectorAll('#doc-text span[data-s]').length > 0`, 10*time.Second)
	marks := evalJS[int](t, ctx, `document.querySelectorAll('#doc-text .m-target, #doc-text .m-slogan, #doc-text .m-ph').length`)
	if marks == 0 {
		t.Errorf("document view shows no highlighted target, slogan or placeholder")
	}
	shoot(t, ctx, shots, "03_document")

	// Reuse view: the shared passage highlighted on both sides.
	e.goTo(t, ctx, "#/reuse/"+url.PathEscape(first), "reuse")
	waitJS(t, ctx, `document.querySelectorAll('#reuse-left .m-copy').length > 0 && document.querySelectorAll('#reuse-right .m-copy').length > 0`, 20*time.Second)
	same := evalJS[bool](t, ctx, `(() => {
		const l = document.querySelector('#reuse-left .m-focus'), r = document.querySelector('#reuse-right .m-focus');
		return !!l && !!r && l.dataset.p === r.dataset.p;
	})()`)
	if !same {
		t.Errorf("reuse view: the focused passage is not marked on both sides")
	}
	shoot(t, ctx, shots, "04_reuse")

	// Targets tracker: filter by kind, export XLSX.
	dl := t.TempDir()
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dl})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	e.goTo(t, ctx, "#/targets", "targets")
	waitJS(t, ctx, `document.querySelectorAll('#target-rows tr.target-row').length > 0`, 10*time.Second)
	before := evalJS[int](t, ctx, `document.querySelectorAll('#target-rows tr.target-row').length`)
	evalJS[bool](t, ctx, `(() => { const s = document.querySelector('#tf-kind'); s.value = 'plan'; return s.dispatchEvent(new Event('change')); })()`)
	waitJS(t, ctx, `document.querySelector('#export-xlsx').href.includes('kind=plan')`, 10*time.Second)
	time.Sleep(500 * time.Millisecond)
	after := evalJS[int](t, ctx, `document.querySelectorAll('#target-rows tr.target-row').length`)
	if after == 0 || after > before {
		t.Errorf("kind filter: %d rows before, %d after", before, after)
	}
	shoot(t, ctx, shots, "05_targets")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#export-xlsx"))); err != nil {
		t.Fatal(err)
	}
	// The server names the file after the filter and the date.
	var xlsx string
	deadline := time.Now().Add(20 * time.Second)
	for xlsx == "" {
		ms, _ := filepath.Glob(filepath.Join(dl, "目标台账_计划_2*.xlsx"))
		if len(ms) == 1 {
			if st, err := os.Stat(ms[0]); err == nil && st.Size() > 0 {
				xlsx = ms[0]
			}
		}
		if time.Now().After(deadline) {
			ents, _ := os.ReadDir(dl)
			t.Fatalf("no 目标台账_计划_<date>.xlsx downloaded; dir has %v", ents)
		}
		time.Sleep(200 * time.Millisecond)
	}
	xf, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatalf("open downloaded xlsx: %v", err)
	}
	xrows, _ := xf.GetRows(xf.GetSheetName(0))
	if len(xrows) < 2 {
		t.Errorf("downloaded xlsx has %d rows", len(xrows))
	}
	xf.Close()

	// Follow-up: with a plan and a summary of one hospital stored, the
	// status filter shows the two missed targets with the figures reported.
	e.uploadResults(201, followupFiles(t)...)
	e.goTo(t, ctx, "#/targets", "targets")
	evalJS[bool](t, ctx, `(() => { const s = document.querySelector('#tf-kind'); s.value = ''; s.dispatchEvent(new Event('change'));
		const st = document.querySelector('#tf-status'); st.value = 'not_met'; return st.dispatchEvent(new Event('change')); })()`)
	waitJS(t, ctx, `document.querySelector('#export-xlsx').href.includes('status=not_met')`, 10*time.Second)
	waitJS(t, ctx, `document.querySelectorAll('#target-rows tr.target-row').length === 2`, 10*time.Second)
	cells := evalJS[[]string](t, ctx, `[...document.querySelectorAll('#target-rows tr.target-row')].map(r => r.innerText)`)
	for _, want := range []string{"未完成", "10次", "93.8%", "不少于95%"} {
		if !strings.Contains(strings.Join(cells, "\n"), want) {
			t.Errorf("follow-up rows lack %q: %q", want, cells)
		}
	}
	shoot(t, ctx, shots, "05b_followup")

	// Search in Traditional, hit Simplified text.
	e.goTo(t, ctx, "#/search?q="+url.QueryEscape("黨員"), "search")
	hits := evalJS[[]string](t, ctx, `[...document.querySelectorAll('#hits .hit')].map(h => h.innerText)`)
	simplified := false
	for _, h := range hits {
		if strings.Contains(h, "党员") {
			simplified = true
		}
	}
	if !simplified {
		t.Errorf("search 黨員 found no Simplified 党员 among %d hits", len(hits))
	}
	shoot(t, ctx, shots, "06_search")

	e.goTo(t, ctx, "#/pairs", "pairs")
	shoot(t, ctx, shots, "07_pairs")
	e.goTo(t, ctx, "#/slogans", "slogans")
	shoot(t, ctx, shots, "08_slogans")
}
