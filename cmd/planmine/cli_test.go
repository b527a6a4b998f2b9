package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/planmine/planmine/api"
	"github.com/planmine/planmine/corpus/local"
	"github.com/planmine/planmine/internal/syncbuf"
)

// TestHelp: every command answers --help and -h with its own help on
// stdout (synopsis, flags, an example) and exit 0; so do help, --help and
// help CMD.
func TestHelp(t *testing.T) {
	for cmd := range commands {
		for _, flag := range []string{"--help", "-h"} {
			out, stderr, code := runCLI(t, cmd, flag)
			if code != 0 || stderr != "" {
				t.Errorf("%s %s: exit %d, stderr %q", cmd, flag, code, stderr)
			}
			h, ok := helps[cmd]
			if !ok {
				t.Errorf("%s has no help entry", cmd)
				continue
			}
			for _, want := range []string{"planmine " + cmd + " — ", h.synopsis, "示例 (example):\n  " + h.example} {
				if !strings.Contains(out, want) {
					t.Errorf("%s %s: output lacks %q:\n%s", cmd, flag, want, out)
				}
			}
		}
	}
	out, _, code := runCLI(t, "ingest", "--help")
	if code != 0 || !strings.Contains(out, "-data") {
		t.Errorf("ingest --help lists no flags:\n%s", out)
	}
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		out, _, code := runCLI(t, args...)
		if code != 0 || !strings.Contains(out, "planmine delete") || !strings.Contains(out, "--help") {
			t.Errorf("%v: exit %d:\n%s", args, code, out)
		}
	}
	out, _, code = runCLI(t, "help", "search")
	if code != 0 || !strings.Contains(out, helps["search"].example) {
		t.Errorf("help search: exit %d:\n%s", code, out)
	}
	// A flag placed after the arguments asks for help too.
	if out, _, code := runCLI(t, "analyze", "a.txt", "--help"); code != 0 || !strings.Contains(out, "planmine analyze — ") {
		t.Errorf("analyze a.txt --help: exit %d:\n%s", code, out)
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		out, stderr, code := runCLI(t, args...)
		if code != 0 || !strings.HasPrefix(out, "planmine ") || !strings.Contains(out, runtime.Version()) {
			t.Errorf("%v: exit %d, out %q, stderr %q", args, code, out, stderr)
		}
	}
}

// TestReadingCommandsNeedAStore: a mistyped --data makes search, targets,
// reindex and delete fail with exit 2 and a message naming the path, and
// creates nothing. Before, they created an empty store and exited 0.
func TestReadingCommandsNeedAStore(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "planmine-dta")
	empty := filepath.Join(dir, "empty")
	os.Mkdir(empty, 0o755)
	for _, c := range []struct {
		data, want string
	}{
		{missing, "数据目录不存在 (data directory does not exist): " + missing},
		{empty, "目录中没有 planmine 数据 (no planmine store in this directory): " + empty},
	} {
		for _, args := range [][]string{
			{"search", "--data", c.data, "党员"},
			{"targets", "--data", c.data},
			{"reindex", "--data", c.data},
			{"delete", "--data", c.data, "0123456789abcdef-1"},
		} {
			_, stderr, code := runCLI(t, args...)
			if code != exitInputError || !strings.Contains(stderr, c.want) {
				t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
			}
		}
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("%s was created", missing)
	}
	if ents, _ := os.ReadDir(empty); len(ents) != 0 {
		t.Errorf("%s is no longer empty: %v", empty, ents)
	}
	// PLANMINE_DATA is checked the same way.
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"search", "党员"}, func(k string) string {
		if k == "PLANMINE_DATA" {
			return missing
		}
		return ""
	}, strings.NewReader(""), &out, &errb)
	if code := exitCode(err, &errb); code != exitInputError || !strings.Contains(errb.String(), missing) {
		t.Errorf("PLANMINE_DATA: exit %d, stderr %q", code, errb.String())
	}
}

func TestFormatProgress(t *testing.T) {
	for _, c := range []struct {
		done, total int
		elapsed     time.Duration
		want        string
	}{
		{0, 1000, 0, "导入 (ingest): 0/1000 (0%) · 已用 (elapsed) 0s · 剩余约 (ETA) ?"},
		{120, 1000, 80 * time.Second, "导入 (ingest): 120/1000 (12%) · 已用 (elapsed) 1m20s · 剩余约 (ETA) 9m47s"},
		{500, 1000, 2 * time.Hour, "导入 (ingest): 500/1000 (50%) · 已用 (elapsed) 2h00m · 剩余约 (ETA) 2h00m"},
		{1000, 1000, 95 * time.Second, "导入 (ingest): 1000/1000 (100%) · 已用 (elapsed) 1m35s"},
		{7, 0, 3 * time.Second, "导入 (ingest): 7 · 已用 (elapsed) 3s"},
		{9, 1000, 5 * time.Second, "导入 (ingest): 9/1000 (0%) · 已用 (elapsed) 5s · 剩余约 (ETA) ?"},
	} {
		if got := formatProgress("导入 (ingest)", c.done, c.total, c.elapsed); got != c.want {
			t.Errorf("formatProgress(%d, %d, %v) =\n%q\nwant\n%q", c.done, c.total, c.elapsed, got, c.want)
		}
	}
}

// TestPlainProgress: off a terminal, progress is one plain line per
// interval, without control characters, with the total raised when
// archives bring more files than counted.
func TestPlainProgress(t *testing.T) {
	var buf bytes.Buffer
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := newProgress(&buf, "导入 (ingest)")
	p.now = func() time.Time { return clock }
	p.start, p.last, p.plain = clock, clock, 10*time.Second
	p.setTotal(4)
	for i := range 6 {
		clock = clock.Add(4 * time.Second)
		p.step("f" + string(rune('a'+i)))
	}
	want := "导入 (ingest): 3/4 (75%) · 已用 (elapsed) 12s · 剩余约 (ETA) 4s\n" +
		"导入 (ingest): 6/6 (100%) · 已用 (elapsed) 24s\n"
	if buf.String() != want {
		t.Errorf("plain progress:\n%q\nwant\n%q", buf.String(), want)
	}
	p.done()
	if strings.ContainsAny(buf.String(), "\r\033") {
		t.Error("control characters off a terminal")
	}
}

// zipOf builds an archive with members in the given order.
func zipOf(t *testing.T, members ...any) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < len(members); i += 2 {
		w, err := zw.Create(members[i].(string))
		if err != nil {
			t.Fatal(err)
		}
		w.Write(members[i+1].([]byte))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// outcome is what one file of an ingest came to: created, duplicate (with
// the source it duplicates) or failed (with the message).
type outcome struct{ status, detail string }

var (
	ingestedLine  = regexp.MustCompile(`^已导入 \(ingested\) (.+) → \d+ 篇文档`)
	duplicateLine = regexp.MustCompile(`^重复 \(duplicate\) (.+)：与已存文档相同 \(same file as stored\) (.+) 第\d+篇 \(part \d+\) \[(.+)\]`)
	failedLine    = regexp.MustCompile(`^失败 \(failed\) ((.+?): .+)$`)
)

// TestNestedZipsCLIAndAPI ingests a zip inside a zip and a zip inside a
// zip inside a zip through planmine ingest and through the HTTP upload:
// both give the same result for every file. Members that are the same file
// (twice in one archive, or at two depths) are stored once and reported as
// duplicates naming the stored file; the third level is refused; no store
// error is shown. Before, planmine ingest failed the inner zip with
// "UNIQUE constraint failed: documents.file_sha, documents.part" and the
// upload read the third level.
func TestNestedZipsCLIAndAPI(t *testing.T) {
	plan := []byte("东山医院党支部2026年工作计划\n一、工作目标\n全年计划发展党员3名，党课每季度不少于1次。\n")
	summary := []byte("西山医院党支部2025年工作总结\n一、主要成效\n全年发展党员2名，开展主题党日活动12次。\n")
	scheme := []byte("南山卫生院2026年清廉医院建设实施方案\n一、工作目标\n开展廉洁教育4次以上。\n")
	deep := []byte("北山卫生院2026年党建工作要点\n一、重点任务\n每月开展主题党日1次。\n")
	inner := zipOf(t, "计划.txt", plan, "总结.txt", summary, "总结副本.txt", summary)
	level3 := zipOf(t, "要点.txt", deep)
	level2 := zipOf(t, "方案.txt", scheme, "三层.zip", level3, "计划.txt", plan)
	files := []struct {
		name string
		data []byte
	}{
		{"a二层.zip", zipOf(t, "计划.txt", plan, "内层.zip", inner)},
		{"b三层.zip", zipOf(t, "二层.zip", level2)},
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	for _, f := range files {
		os.WriteFile(filepath.Join(in, f.name), f.data, 0o644)
	}

	// planmine ingest.
	out, stderr, code := runCLI(t, "ingest", "--data", filepath.Join(dir, "data"), in)
	if code != exitInputError {
		t.Errorf("ingest exit %d, want %d (one refused archive)", code, exitInputError)
	}
	cli := map[string]outcome{}
	for _, line := range strings.Split(strings.ReplaceAll(out+stderr, in+"/", ""), "\n") {
		if m := ingestedLine.FindStringSubmatch(line); m != nil {
			cli[m[1]] = outcome{api.StatusCreated, ""}
		} else if m := duplicateLine.FindStringSubmatch(line); m != nil {
			cli[m[1]] = outcome{api.StatusDuplicate, m[2]}
		} else if m := failedLine.FindStringSubmatch(line); m != nil {
			cli[m[2]] = outcome{api.StatusFailed, m[1]}
		}
	}
	for _, bad := range []string{"UNIQUE", "constraint", "sql"} {
		if strings.Contains(out+stderr, bad) {
			t.Errorf("store error text shown: %s%s", out, stderr)
		}
	}

	// The HTTP upload, of the same files in the same order.
	c, err := local.Open(context.Background(), filepath.Join(dir, "apidata"), slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	srv := api.NewServer(api.Deps{Corpus: c, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	hs := httptest.NewServer(srv)
	defer hs.Close()
	defer srv.Shutdown(context.Background())
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range files {
		w, _ := mw.CreateFormFile("file", f.name)
		w.Write(f.data)
	}
	mw.Close()
	resp, err := http.Post(hs.URL+"/api/v1/documents", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var up struct{ Results []api.Result }
	if err := json.NewDecoder(resp.Body).Decode(&up); err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("upload: %d %v", resp.StatusCode, err)
	}
	web := map[string]outcome{}
	for _, r := range up.Results {
		o := outcome{r.Status, r.Error}
		if r.DuplicateOf != nil {
			o.detail = r.DuplicateOf.Source
		}
		web[r.Source] = o
	}

	want := map[string]outcome{
		// Members in name order: 内层.zip sorts before 计划.txt.
		"a二层.zip/内层.zip/总结.txt":   {api.StatusCreated, ""},
		"a二层.zip/内层.zip/总结副本.txt": {api.StatusDuplicate, "a二层.zip/内层.zip/总结.txt"},
		"a二层.zip/内层.zip/计划.txt":   {api.StatusCreated, ""},
		"a二层.zip/计划.txt":          {api.StatusDuplicate, "a二层.zip/内层.zip/计划.txt"},
		"b三层.zip/二层.zip/方案.txt":   {api.StatusCreated, ""},
		"b三层.zip/二层.zip/计划.txt":   {api.StatusDuplicate, "a二层.zip/内层.zip/计划.txt"},
		"b三层.zip/二层.zip/三层.zip":   {api.StatusFailed, ""},
	}
	if len(cli) != len(want) || len(web) != len(want) {
		t.Errorf("files: CLI %d, API %d, want %d\nCLI %v\nAPI %v", len(cli), len(web), len(want), cli, web)
	}
	for name, w := range want {
		if cli[name] != web[name] {
			t.Errorf("%s: CLI %+v, API %+v", name, cli[name], web[name])
		}
		if cli[name].status != w.status || w.status == api.StatusDuplicate && cli[name].detail != w.detail {
			t.Errorf("%s: %+v, want %+v", name, cli[name], w)
		}
	}
	if d := cli["b三层.zip/二层.zip/三层.zip"].detail; !strings.Contains(d, "压缩包嵌套过深") {
		t.Errorf("third level: %q", d)
	}
	// The duplicate line names the stored document's id.
	id := ""
	for _, r := range up.Results {
		if r.Source == "a二层.zip/内层.zip/计划.txt" {
			id = r.ID
		}
	}
	if id == "" || !strings.Contains(out, "a二层.zip/内层.zip/计划.txt 第1篇 (part 1) ["+id+"]") {
		t.Errorf("duplicate lines do not name %s:\n%s", id, out)
	}
}

// TestDelete: planmine delete removes a document from the store and the
// search index, confirms in Chinese, and refuses an unknown id with exit 2
// while still deleting the known ones.
func TestDelete(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	in := filepath.Join(dir, "in")
	os.Mkdir(in, 0o755)
	os.WriteFile(filepath.Join(in, "计划.txt"), []byte("东山医院党支部2026年工作计划\n全年计划发展党员3名。\n"), 0o644)
	os.WriteFile(filepath.Join(in, "总结.txt"), []byte("西山医院党支部2025年工作总结\n全年发展党员2名。\n"), 0o644)
	if _, stderr, code := runCLI(t, "ingest", "--data", data, in); code != 0 {
		t.Fatalf("ingest: %s", stderr)
	}
	search := func() []string {
		out, stderr, code := runCLI(t, "search", "--data", data, "--json", "党员")
		if code != 0 {
			t.Fatalf("search: %s", stderr)
		}
		var res struct{ Hits []struct{ ID, Title string } }
		json.Unmarshal([]byte(out), &res)
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.ID+" "+h.Title)
		}
		sort.Strings(ids)
		return ids
	}
	before := search()
	if len(before) != 2 {
		t.Fatalf("hits before delete: %v", before)
	}
	victim := strings.Fields(before[0])[0]
	out, stderr, code := runCLI(t, "delete", "--data", data, victim, "ffffffffffffffff-9")
	if code != exitInputError || !strings.Contains(stderr, "文档不存在") || !strings.Contains(stderr, "ffffffffffffffff-9") {
		t.Errorf("unknown id: exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(out, "已删除 (deleted) "+victim) || !strings.Contains(out, strings.Fields(before[0])[1]) {
		t.Errorf("confirmation: %q", out)
	}
	if after := search(); len(after) != 1 || after[0] != before[1] {
		t.Errorf("hits after delete: %v, want %v", after, before[1:])
	}
	if out, _, _ := runCLI(t, "reindex", "--data", data); !strings.Contains(out, "1 篇文档") {
		t.Errorf("store after delete: %s", out)
	}
	if _, _, code := runCLI(t, "delete", "--data", data); code != exitUsage {
		t.Errorf("delete without ids: exit %d", code)
	}
}

var urlLog = regexp.MustCompile(`url=(http://\S+)`)

// serveUntilUp starts planmine serve in-process and returns its URL, its
// log, and a stop function that returns serve's error.
func serveUntilUp(t *testing.T, args ...string) (string, *syncbuf.Buffer, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var log syncbuf.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve"}, args...), func(string) string { return "" }, strings.NewReader(""), io.Discard, &log)
	}()
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		// Listening comes first; the data opens in the background, so
		// the server is up when /readyz says so.
		if m := urlLog.FindStringSubmatch(log.String()); m != nil {
			if resp, err := http.Get(m[1] + "/readyz"); err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					return m[1], &log, func() error { cancel(); return <-done }
				}
			}
		}
		select {
		case err := <-done:
			cancel()
			t.Fatalf("serve exited: %v\n%s", err, log.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	cancel()
	t.Fatalf("serve did not start:\n%s", log.String())
	return "", nil, nil
}

// TestServeDemoData: serve --demo without --data says at start, and in
// /healthz, that its data is temporary and how to keep it, and deletes it
// on exit; with --data the demo corpus is loaded there and kept. Listening
// on every interface without a token is warned about; the default address
// is loopback only.
func TestServeDemoData(t *testing.T) {
	url, log, stop := serveUntilUp(t, "--demo", "--addr", ":0")
	port := url[strings.LastIndex(url, ":"):]
	resp, err := http.Get("http://127.0.0.1" + port + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	var h struct{ Status, Notice string }
	json.NewDecoder(resp.Body).Decode(&h)
	resp.Body.Close()
	if err := stop(); err != nil {
		t.Fatalf("serve: %v", err)
	}
	text := log.String()
	if h.Status != "ok" || !strings.Contains(h.Notice, "--data DIR") || !strings.Contains(h.Notice, "临时目录") {
		t.Errorf("healthz %+v lacks the demo notice", h)
	}
	if !strings.Contains(text, demoNotice) || !strings.Contains(text, "未设置 --token") {
		t.Errorf("start log lacks the demo notice or the no-token warning:\n%s", text)
	}
	m := regexp.MustCompile(`data=(\S*planmine-demo-\S+)`).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("log names no temporary data dir:\n%s", text)
	}
	if _, err := os.Stat(m[1]); !os.IsNotExist(err) {
		t.Errorf("temporary demo data %s left behind (%v)", m[1], err)
	}

	data := filepath.Join(t.TempDir(), "demo-data")
	url, log, stop = serveUntilUp(t, "--demo", "--data", data, "--addr", "127.0.0.1:0")
	resp, err = http.Get(url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	h.Notice = ""
	json.NewDecoder(resp.Body).Decode(&h)
	resp.Body.Close()
	if err := stop(); err != nil {
		t.Fatalf("serve: %v", err)
	}
	if h.Notice != "" || strings.Contains(log.String(), "未设置 --token") || strings.Contains(log.String(), "临时目录") {
		t.Errorf("loopback serve with --data: notice %q, log:\n%s", h.Notice, log.String())
	}
	out, stderr, code := runCLI(t, "search", "--data", data, "--json", "党")
	var res struct{ Total int }
	if json.Unmarshal([]byte(out), &res); code != 0 || res.Total < 6 {
		t.Errorf("demo corpus not kept in %s: exit %d, %d hits, %s", data, code, res.Total, stderr)
	}
}

// TestServeAddr: serve listens on this machine only unless told
// otherwise, and the warning is for non-loopback listeners without a token.
func TestServeAddr(t *testing.T) {
	out, _, _ := runCLI(t, "serve", "--help")
	if !strings.Contains(out, `(default "127.0.0.1:8080")`) {
		t.Errorf("serve --help does not show the loopback default:\n%s", out)
	}
	for _, c := range []struct {
		ip   string
		want bool
	}{{"127.0.0.1", true}, {"::1", true}, {"0.0.0.0", false}, {"::", false}, {"192.0.2.7", false}} {
		if got := isLoopback(&net.TCPAddr{IP: net.ParseIP(c.ip), Port: 8080}); got != c.want {
			t.Errorf("isLoopback(%s) = %v", c.ip, got)
		}
	}
}
