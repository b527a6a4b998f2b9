package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The API shapes read here (SPEC §5; api.Result, api.JobStatus). They are
// declared again rather than imported so that this program measures the
// binary a reviewer runs, over HTTP, as any client would.
type (
	apiResult struct {
		Source string `json:"source"`
		ID     string `json:"id"`
		Status string `json:"status"`
		Error  string `json:"error"`
	}
	apiJob struct {
		State   string      `json:"state"`
		Done    int         `json:"done"`
		Total   int         `json:"total"`
		Results []apiResult `json:"results"`
	}
	apiAccepted struct {
		Job     string      `json:"job"`
		Results []apiResult `json:"results"`
	}
)

// runAPI starts `planmine serve` on a fresh data dir and a free loopback
// port, uploads the prepared zips (250 files each, one job per zip, sent
// one after another and resent after a pause when the queue answers 429),
// polls the jobs until all are done, and checks GET /documents' total.
// The clock runs from the first upload to the last job seen done.
func runAPI(ctx context.Context, bin, dir string, m *Manifest, k int, log io.Writer) (r Run, err error) {
	r = Run{Path: "api", Run: k, Bytes: m.Bytes(), Zips: len(m.Zips)}
	tmp, err := os.MkdirTemp("", "planmine-e2e-api-")
	if err != nil {
		return r, err
	}
	defer os.RemoveAll(tmp)
	addr, err := freeAddr()
	if err != nil {
		return r, err
	}
	logf, err := os.Create(filepath.Join(tmp, "serve.log"))
	if err != nil {
		return r, err
	}
	defer logf.Close()
	data := filepath.Join(tmp, "data")
	cmd := exec.Command(bin, "serve", "--data", data, "--addr", addr)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		return r, fmt.Errorf("无法启动 planmine serve (cannot start): %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stopped := false
	stop := func() error {
		if stopped {
			return nil
		}
		stopped = true
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-exited:
			return err
		case <-time.After(90 * time.Second):
			cmd.Process.Kill()
			<-exited
			return errors.New("planmine serve 未在 90 秒内退出 (did not exit within 90 s after SIGTERM)")
		}
	}
	defer func() {
		if serr := stop(); err == nil && serr != nil {
			err = serr
		}
		if err != nil {
			logf.Sync()
			b, _ := os.ReadFile(logf.Name())
			err = fmt.Errorf("%w\nserve.log: %s", err, tail(b, 1500))
		}
	}()

	base := "http://" + addr
	client := &http.Client{Timeout: 5 * time.Minute}
	if err := waitReady(ctx, client, base, exited); err != nil {
		return r, err
	}

	start := time.Now()
	var jobs []string
	var sync []apiResult // results of uploads answered at once (small zips)
	for i, z := range m.Zips {
		body, ctype, err := multipartFile(filepath.Join(dir, zipsDir, z))
		if err != nil {
			return r, err
		}
		for {
			acc, status, err := upload(ctx, client, base, body, ctype)
			if err != nil {
				return r, fmt.Errorf("上传 (upload) %s: %w", z, err)
			}
			if status == http.StatusTooManyRequests {
				r.Retries429++
				// Wait for a job to finish before sending more: the
				// queue is the server's backpressure.
				if err := sleep(ctx, 500*time.Millisecond); err != nil {
					return r, err
				}
				continue
			}
			if acc.Job != "" {
				jobs = append(jobs, acc.Job)
			} else {
				sync = append(sync, acc.Results...)
			}
			break
		}
		if (i+1)%10 == 0 || i+1 == len(m.Zips) {
			fmt.Fprintf(log, "  API 已上传 (uploaded) %d/%d 个压缩包 (zips)  %.0f s\n", i+1, len(m.Zips), time.Since(start).Seconds())
		}
	}
	results, err := waitJobs(ctx, client, base, jobs, start, log)
	if err != nil {
		return r, err
	}
	r.WallSec = time.Since(start).Seconds()
	results = append(results, sync...)
	var failures []string
	for _, x := range results {
		switch x.Status {
		case "created":
			r.Docs++
		case "duplicate":
			r.Duplicates++
		default:
			r.Failed++
			if len(failures) < 20 {
				failures = append(failures, x.Source+": "+x.Error)
			}
		}
	}
	r.Files = countSources(results)
	if r.Failed > 0 {
		return r, fmt.Errorf("API 导入有失败 (failed %d): %s", r.Failed, strings.Join(failures, "; "))
	}
	if r.Listed, err = listTotal(client, base); err != nil {
		return r, err
	}
	if r.Listed != r.Docs {
		return r, fmt.Errorf("GET /documents total %d ≠ 新建文档数 (documents created) %d", r.Listed, r.Docs)
	}
	if r.PeakRSSMB, err = vmHWM(cmd.Process.Pid); err != nil {
		return r, err
	}
	if err := stop(); err != nil {
		return r, fmt.Errorf("planmine serve 退出异常 (exited badly): %w", err)
	}
	r.DataMB = dirMB(data)
	r.rates()
	return r, nil
}

// countSources counts the distinct files among created results (a file
// split into several documents yields one result per part).
func countSources(rs []apiResult) int {
	seen := map[string]bool{}
	for _, x := range rs {
		if x.Status == "created" {
			seen[x.Source] = true
		}
	}
	return len(seen)
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}

// waitReady polls /readyz until 200, the server exits, or 3 minutes pass
// (it loads the segmenter dictionary first).
func waitReady(ctx context.Context, c *http.Client, base string, exited <-chan error) error {
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			return fmt.Errorf("planmine serve 提前退出 (exited before ready): %v", err)
		default:
		}
		if resp, err := c.Get(base + "/readyz"); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if err := sleep(ctx, 100*time.Millisecond); err != nil {
			return err
		}
	}
	return errors.New("planmine serve 3 分钟内未就绪 (not ready within 3 minutes)")
}

// multipartFile wraps one file as the "file" field of a multipart body.
func multipartFile(path string) ([]byte, string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, "", err
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	w, err := mw.CreateFormFile("file", filepath.Base(path))
	if err != nil {
		return nil, "", err
	}
	w.Write(data)
	if err := mw.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), mw.FormDataContentType(), nil
}

// upload posts one body; a 429 is returned as a status, not an error.
func upload(ctx context.Context, c *http.Client, base string, body []byte, ctype string) (apiAccepted, int, error) {
	var acc apiAccepted
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/documents", bytes.NewReader(body))
	if err != nil {
		return acc, 0, err
	}
	req.Header.Set("Content-Type", ctype)
	resp, err := c.Do(req)
	if err != nil {
		return acc, 0, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		return acc, resp.StatusCode, nil
	case http.StatusOK, http.StatusCreated, http.StatusAccepted:
		if err := json.Unmarshal(b, &acc); err != nil {
			return acc, resp.StatusCode, fmt.Errorf("无法解析上传回应 (cannot parse upload answer): %w", err)
		}
		return acc, resp.StatusCode, nil
	}
	return acc, resp.StatusCode, fmt.Errorf("HTTP %d: %s", resp.StatusCode, tail(b, 300))
}

// waitJobs polls every unfinished job until all are done and returns the
// results of all of them.
func waitJobs(ctx context.Context, c *http.Client, base string, ids []string, start time.Time, log io.Writer) ([]apiResult, error) {
	pending := append([]string(nil), ids...)
	var all []apiResult
	shown := -1
	for len(pending) > 0 {
		var still []string
		for _, id := range pending {
			var js apiJob
			if err := getJSON(ctx, c, base+"/api/v1/jobs/"+id, &js); err != nil {
				return nil, fmt.Errorf("查询任务 (job) %s: %w", id, err)
			}
			if js.State == "done" {
				all = append(all, js.Results...)
			} else {
				still = append(still, id)
			}
		}
		pending = still
		if n := len(ids) - len(pending); n != shown {
			shown = n
			fmt.Fprintf(log, "  API 任务完成 (jobs done) %d/%d  %.0f s\n", n, len(ids), time.Since(start).Seconds())
		}
		if len(pending) > 0 {
			if err := sleep(ctx, 250*time.Millisecond); err != nil {
				return nil, err
			}
		}
	}
	return all, nil
}

func getJSON(ctx context.Context, c *http.Client, u string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d: %s", resp.StatusCode, tail(b, 300))
	}
	return json.Unmarshal(b, v)
}

// listTotal is GET /api/v1/documents' total: the documents the server
// holds after the run.
func listTotal(c *http.Client, base string) (int, error) {
	var l struct {
		Total int `json:"total"`
	}
	if err := getJSON(context.Background(), c, base+"/api/v1/documents?limit=1", &l); err != nil {
		return 0, fmt.Errorf("GET /documents: %w", err)
	}
	return l.Total, nil
}

// vmHWM reads a process's peak resident set (VmHWM) from /proc, in MB.
func vmHWM(pid int) (float64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			fs := strings.Fields(rest)
			if len(fs) > 0 {
				kb, err := strconv.ParseFloat(fs[0], 64)
				return kb / 1024, err
			}
		}
	}
	return 0, fmt.Errorf("/proc/%d/status 中没有 VmHWM (no VmHWM)", pid)
}
