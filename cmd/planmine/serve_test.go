package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// buildBinary builds cmd/planmine into dir, as the reliability suite does,
// so that serve runs as a real process with its own start and exit code.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "planmine")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// serveProc is one `planmine serve` process on a loopback port the kernel
// chose; its log is read line by line as it comes.
type serveProc struct {
	t     *testing.T
	cmd   *exec.Cmd
	url   string
	mu    sync.Mutex
	log   strings.Builder
	urlc  chan string
	exitc chan error
}

func startServe(t *testing.T, bin string, args ...string) *serveProc {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), "PLANMINE_TOKEN=", "PLANMINE_READ_TOKEN=", "PLANMINE_DATA=")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &serveProc{t: t, cmd: cmd, urlc: make(chan string, 1), exitc: make(chan error, 1)}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start serve: %v", err)
	}
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		sent := false
		for sc.Scan() {
			line := sc.Text()
			p.mu.Lock()
			p.log.WriteString(line + "\n")
			p.mu.Unlock()
			if m := urlLog.FindStringSubmatch(line); m != nil && !sent {
				p.urlc <- m[1]
				sent = true
			}
		}
		p.exitc <- cmd.Wait()
	}()
	// Killing a process that has exited is a no-op.
	t.Cleanup(func() { cmd.Process.Kill() })
	return p
}

func (p *serveProc) logText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.log.String()
}

// waitURL returns the URL serve logs once it listens.
func (p *serveProc) waitURL() string {
	p.t.Helper()
	select {
	case u := <-p.urlc:
		p.url = u
		return u
	case err := <-p.exitc:
		p.exitc <- err
		select {
		case u := <-p.urlc: // it listened, then exited
			p.url = u
			return u
		default:
		}
		p.t.Fatalf("serve exited before listening: %v\n%s", err, p.logText())
	case <-time.After(time.Minute):
		p.t.Fatalf("serve did not listen within a minute:\n%s", p.logText())
	}
	return ""
}

// get returns the status, headers and body of GET path.
func (p *serveProc) get(path string) (int, http.Header, []byte) {
	p.t.Helper()
	resp, err := http.Get(p.url + path)
	if err != nil {
		p.t.Fatalf("GET %s: %v\n%s", path, err, p.logText())
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

// stop sends SIGTERM and returns the exit error.
func (p *serveProc) stop() error {
	p.t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.exitc:
		return err
	case <-time.After(2 * time.Minute):
		p.t.Fatalf("serve did not stop on SIGTERM:\n%s", p.logText())
	}
	return nil
}

// startBody is the part of a 503 body the tests read.
type startBody struct {
	Error struct {
		Message string `json:"message"`
		Startup *struct {
			Store, Index, Segmenter string
			Done, Total             int
		} `json:"startup"`
	} `json:"error"`
}

// genPlans writes n small generated work plans into dir.
func genPlans(t *testing.T, dir string, n int) []string {
	t.Helper()
	orgs := []string{"青山镇卫生院党支部", "东湖区人民医院党委", "南岭县疾控中心党支部", "西河街道社区卫生服务中心党支部", "北山市妇幼保健院党委"}
	heads := []string{"指导思想", "工作目标", "主要任务", "保障措施", "工作要求"}
	fills := []string{
		"坚持以人民健康为中心，把党的建设贯穿改革发展全过程。",
		"认真执行“三会一课”制度，推动支部标准化规范化建设。",
		"加强医德医风教育，严肃查处收受红包回扣等违规行为。",
		"深入开展主题党日活动，引导党员在医疗服务中当先锋、作表率。",
		"健全议事决策制度，落实党委领导下的院长负责制。",
		"做好发展党员工作，注重在业务骨干中发展党员。",
	}
	var paths []string
	for i := range n {
		org := orgs[i%len(orgs)]
		year := 2019 + i%7
		var b strings.Builder
		fmt.Fprintf(&b, "%s%d年党建工作计划\n\n", org, year)
		for h := range 3 + i%3 {
			fmt.Fprintf(&b, "%s、%s\n%s%s\n全年开展专题培训不少于%d次。（编号%04d-%d）\n\n",
				[]string{"一", "二", "三", "四", "五"}[h], heads[(h+i)%len(heads)], fills[(h+i)%len(fills)], fills[(h+2*i+1)%len(fills)], 2+(i*7+h)%11, i, h)
		}
		fmt.Fprintf(&b, "%s\n%d年%d月%d日\n", org, year, 1+i%12, 1+i%28)
		p := filepath.Join(dir, fmt.Sprintf("plan_%04d.txt", i))
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// biggestSegment is the largest segment file of the search index in data.
func biggestSegment(t *testing.T, data string) string {
	t.Helper()
	segs, _ := filepath.Glob(filepath.Join(data, "index", "bleve", "store", "*.zap"))
	var best string
	var size int64 = -1
	for _, s := range segs {
		if fi, err := os.Stat(s); err == nil && fi.Size() > size {
			best, size = s, fi.Size()
		}
	}
	if best == "" {
		t.Fatalf("no index segment in %s", data)
	}
	return best
}

// TestServeStartsBeforeRebuild: with a segment of its search index deleted,
// a real `planmine serve` process listens and answers /healthz before it
// has rebuilt the index; while the rebuild runs /readyz answers 503 saying
// so with its progress, the document list answers 200 and search answers
// 503 with Retry-After; then /readyz turns 200 and search finds what the
// store holds. A store that is not a database ends serve with exit status
// 2 and a message naming it.
func TestServeStartsBeforeRebuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and loads the segmenter dictionary")
	}
	bin := buildBinary(t)
	data := filepath.Join(t.TempDir(), "data")
	const n = 400
	files := genPlans(t, t.TempDir(), n)
	if _, stderr, code := runCLI(t, append([]string{"ingest", "--data", data}, files...)...); code != 0 {
		t.Fatalf("ingest: exit %d\n%s", code, stderr)
	}
	if err := os.Remove(biggestSegment(t, data)); err != nil {
		t.Fatal(err)
	}

	t.Run("rebuild", func(t *testing.T) {
		p := startServe(t, bin, "--data", data)
		p.waitURL()
		// Accepting connections and /healthz come first.
		conn, err := net.DialTimeout("tcp", strings.TrimPrefix(p.url, "http://"), 5*time.Second)
		if err != nil {
			t.Fatalf("no TCP connection once serve logged its URL: %v", err)
		}
		conn.Close()
		if st, _, b := p.get("/healthz"); st != http.StatusOK {
			t.Fatalf("healthz: %d %s", st, b)
		}
		if st, _, _ := p.get("/readyz"); st == http.StatusOK {
			t.Fatalf("ready at once: the rebuild of %d documents did not happen after listening\n%s", n, p.logText())
		}
		var sawRebuild, sawList, sawSearch503 bool
		q := url.QueryEscape("三会一课")
		deadline := time.Now().Add(5 * time.Minute)
		for {
			if time.Now().After(deadline) {
				t.Fatalf("not ready within 5 minutes\n%s", p.logText())
			}
			st, _, b := p.get("/readyz")
			if st == http.StatusOK {
				break
			}
			var rb startBody
			if st != http.StatusServiceUnavailable || json.Unmarshal(b, &rb) != nil || rb.Error.Startup == nil {
				t.Fatalf("readyz while starting: %d %s", st, b)
			}
			s := rb.Error.Startup
			if s.Store != "ready" {
				continue
			}
			rebuilding := s.Index == "rebuilding" || s.Index == "repairing"
			// Without its biggest segment the index either cannot be opened
			// (a rebuild of all n documents) or opens at an older snapshot
			// the merger left (a repair of the documents it lacks): which
			// depends on where merges fell. Either way the progress counts
			// the documents to index.
			if rebuilding && s.Total > 0 && s.Total <= n && strings.Contains(rb.Error.Message, "搜索索引") &&
				strings.Contains(rb.Error.Message, fmt.Sprintf("/%d", s.Total)) {
				sawRebuild = true
			}
			// The store is open: documents list whatever the index does.
			st, _, b = p.get("/api/v1/documents?limit=1")
			if st != http.StatusOK || !strings.Contains(string(b), fmt.Sprintf(`"total":%d`, n)) {
				t.Fatalf("documents while the index opens: %d %s", st, b)
			}
			if rebuilding {
				sawList = true
			}
			st, hdr, b := p.get("/api/v1/search?q=" + q)
			switch {
			case st == http.StatusServiceUnavailable && hdr.Get("Retry-After") != "" && strings.Contains(string(b), "暂不可用"):
				if rebuilding {
					sawSearch503 = true
				}
			case st == http.StatusOK:
				// The index became ready between the two requests.
			default:
				t.Fatalf("search while starting: %d Retry-After=%q %s", st, hdr.Get("Retry-After"), b)
			}
			time.Sleep(20 * time.Millisecond)
		}
		if !sawRebuild || !sawList || !sawSearch503 {
			t.Errorf("while rebuilding: readyz with progress %v, document list %v, search 503 %v\n%s",
				sawRebuild, sawList, sawSearch503, p.logText())
		}
		log := p.logText()
		if !strings.Contains(log, "搜索索引：期间可以浏览文档") || !strings.Contains(log, "搜索索引已就绪") {
			t.Errorf("log does not say that it rebuilds and when it is done:\n%s", log)
		}
		// Ready: search finds exactly what the store holds.
		for _, term := range []string{"三会一课", "发展党员", "青山镇"} {
			_, _, sb := p.get("/api/v1/search?limit=1&q=" + url.QueryEscape(term))
			_, _, lb := p.get("/api/v1/documents?limit=1&q=" + url.QueryEscape(term))
			var sr, lr struct{ Total int }
			json.Unmarshal(sb, &sr)
			json.Unmarshal(lb, &lr)
			if sr.Total == 0 || sr.Total != lr.Total {
				t.Errorf("%s: search finds %d, the store holds %d", term, sr.Total, lr.Total)
			}
		}
		_, _, sb := p.get("/api/v1/search?limit=1&q=" + url.QueryEscape("year:2019..2025"))
		var sr struct{ Total int }
		json.Unmarshal(sb, &sr)
		if sr.Total != n {
			t.Errorf("year filter finds %d of %d documents after the rebuild", sr.Total, n)
		}
		if err := p.stop(); err != nil {
			t.Errorf("serve after SIGTERM: %v\n%s", err, p.logText())
		}
	})

	t.Run("corrupt store", func(t *testing.T) {
		bad := t.TempDir()
		if err := os.WriteFile(filepath.Join(bad, "planmine.db"), []byte(strings.Repeat("不是数据库 not a database\n", 400)), 0o644); err != nil {
			t.Fatal(err)
		}
		p := startServe(t, bin, "--data", bad)
		p.waitURL()
		var err error
		select {
		case err = <-p.exitc:
		case <-time.After(2 * time.Minute):
			t.Fatalf("serve kept running on a store that is not a database:\n%s", p.logText())
		}
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.ExitCode() != exitInputError {
			t.Errorf("exit %v, want status %d", err, exitInputError)
		}
		log := p.logText()
		if !strings.Contains(log, "启动失败") || !strings.Contains(log, "打开数据目录失败 (open data dir) "+bad) {
			t.Errorf("log does not say why serve ended:\n%s", log)
		}
	})
}
