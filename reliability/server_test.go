//go:build reliability

package reliability

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/textproto"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// binPath is the planmine binary built once by TestMain (or given by
// $PLANMINE_BIN, so scripts/reliability.sh builds it only once).
var binPath string

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	binPath = os.Getenv("PLANMINE_BIN")
	if binPath == "" {
		dir, err := os.MkdirTemp("", "planmine-rel-bin-")
		if err != nil {
			fmt.Fprintln(os.Stderr, "无法创建临时目录 (cannot create temp dir):", err)
			return 1
		}
		defer os.RemoveAll(dir)
		binPath = filepath.Join(dir, "planmine")
		cmd := exec.Command("go", "build", "-o", binPath, "github.com/planmine/planmine/cmd/planmine")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "构建失败 (go build failed):", err)
			return 1
		}
	}
	code := m.Run()
	printReport(os.Stdout)
	if out := os.Getenv("PLANMINE_RELIABILITY_REPORT"); out != "" {
		f, err := os.Create(out)
		if err == nil {
			printReport(f)
			f.Close()
		}
	}
	return code
}

// full is true for the long form of the suite (PLANMINE_RELIABILITY=full).
func full() bool { return os.Getenv("PLANMINE_RELIABILITY") == "full" }

// server is one running `planmine serve` process.
type server struct {
	t    testing.TB
	cmd  *exec.Cmd
	base string // http://127.0.0.1:port
	data string
	log  string // path of the captured stderr
	done chan error
	hc   *http.Client
}

// freePort asks the kernel for an unused loopback port.
func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// startServer runs the binary on a free loopback port with data dir data
// and waits for /readyz. The process is always killed at test cleanup.
func startServer(t testing.TB, data string, extra ...string) *server {
	t.Helper()
	port := freePort(t)
	logf, err := os.CreateTemp(t.TempDir(), "serve-*.log")
	if err != nil {
		t.Fatal(err)
	}
	args := append([]string{"serve", "--data", data, "--addr", "127.0.0.1:" + strconv.Itoa(port)}, extra...)
	cmd := exec.Command(binPath, args...)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.Env = append(os.Environ(), "PLANMINE_TOKEN=", "PLANMINE_READ_TOKEN=")
	if err := cmd.Start(); err != nil {
		t.Fatalf("start server: %v", err)
	}
	s := &server{t: t, cmd: cmd, base: "http://127.0.0.1:" + strconv.Itoa(port), data: data,
		log: logf.Name(), done: make(chan error, 1),
		hc: &http.Client{}}
	go func() { s.done <- cmd.Wait(); logf.Close() }()
	t.Cleanup(s.kill)
	deadline := time.Now().Add(120 * time.Second)
	for {
		st, _, err := s.get("/readyz")
		if err == nil && st == http.StatusOK {
			return s
		}
		select {
		case werr := <-s.done:
			s.done <- werr
			t.Fatalf("服务器提前退出 (server exited early): %v\n%s", werr, s.tail())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("服务器未就绪 (server not ready in time)\n%s", s.tail())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// exited reports whether the process has ended.
func (s *server) exited() bool {
	select {
	case err := <-s.done:
		s.done <- err
		return true
	default:
		return false
	}
}

// kill sends SIGKILL and waits for the process; safe to call twice.
func (s *server) kill() {
	if s.exited() {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	err := <-s.done
	s.done <- err
}

// stop asks for a graceful shutdown (SIGTERM) and kills after a minute.
func (s *server) stop() {
	if s.exited() {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		s.done <- err
	case <-time.After(60 * time.Second):
		s.t.Errorf("服务器未在 60 秒内退出 (server did not stop within 60 s); killing")
		s.kill()
	}
}

// tail returns the last lines of the server log for failure messages.
func (s *server) tail() string {
	b, _ := os.ReadFile(s.log)
	if len(b) > 3000 {
		b = b[len(b)-3000:]
	}
	return string(b)
}

// rssKB reads VmRSS of the server process from /proc.
func (s *server) rssKB() (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			f := strings.Fields(line)
			if len(f) >= 2 {
				return strconv.ParseInt(f[1], 10, 64)
			}
		}
	}
	return 0, errors.New("no VmRSS")
}

func (s *server) get(path string) (int, []byte, error) {
	return s.do(context.Background(), http.MethodGet, path, nil, "")
}

// do sends one request; without a deadline on ctx it gets two minutes, so
// no request can hang a test.
func (s *server) do(ctx context.Context, method, path string, body io.Reader, ctype string) (int, []byte, error) {
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, 2*time.Minute)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, method, s.base+path, body)
	if err != nil {
		return 0, nil, err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := s.hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// upFile is one file of a multipart upload.
type upFile struct {
	name string
	data []byte
}

// multipartBody builds the upload body by hand so that file names reach
// the server byte for byte (control characters, backslashes, RTL marks),
// as a hostile client would send them.
func multipartBody(files ...upFile) (*bytes.Buffer, string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, f := range files {
		h := textproto.MIMEHeader{}
		if rest, ok := strings.CutPrefix(f.name, "*"); ok {
			// RFC 2231 extended parameter: percent-encoded UTF-8.
			h.Set("Content-Disposition", `form-data; name="file"; filename*=UTF-8''`+pctEncode(rest))
		} else {
			name := strings.NewReplacer(`"`, `\"`, `\`, `\\`).Replace(f.name)
			h.Set("Content-Disposition", `form-data; name="file"; filename="`+name+`"`)
		}
		h.Set("Content-Type", "application/octet-stream")
		pw, _ := w.CreatePart(h)
		_, _ = pw.Write(f.data)
	}
	_ = w.Close()
	return &buf, w.FormDataContentType()
}

// pctEncode percent-encodes every byte outside [A-Za-z0-9.-_].
func pctEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// uploadResult is one entry of the upload response.
type uploadResult struct {
	Source string `json:"source"`
	Part   int    `json:"part"`
	ID     string `json:"id"`
	Status string `json:"status"`
	Error  string `json:"error"`
	Code   string `json:"code"`
}

// uploadResp is the union of the upload answer and the error shape.
type uploadResp struct {
	Results []uploadResult `json:"results"`
	Job     string         `json:"job"`
	Error   *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// code returns the error code of a failed upload: from the error shape, or
// the first failed result.
func (r uploadResp) code() string {
	if r.Error != nil {
		return r.Error.Code
	}
	for _, x := range r.Results {
		if x.Status == "failed" {
			return x.Code
		}
	}
	return ""
}

// message is the error message of a failed upload.
func (r uploadResp) message() string {
	if r.Error != nil {
		return r.Error.Message
	}
	for _, x := range r.Results {
		if x.Status == "failed" {
			return x.Error
		}
	}
	return ""
}

func (r uploadResp) created() []uploadResult {
	var out []uploadResult
	for _, x := range r.Results {
		if x.Status == "created" {
			out = append(out, x)
		}
	}
	return out
}

// upload posts files and decodes the answer.
func (s *server) upload(ctx context.Context, files ...upFile) (int, uploadResp, []byte, error) {
	body, ct := multipartBody(files...)
	st, b, err := s.do(ctx, http.MethodPost, "/api/v1/documents", body, ct)
	var r uploadResp
	if err == nil {
		_ = json.Unmarshal(b, &r)
	}
	return st, r, b, err
}

// listResp is GET /api/v1/documents.
type listResp struct {
	Total     int `json:"total"`
	Documents []struct {
		ID     string `json:"id"`
		Source string `json:"source"`
		Part   int    `json:"part"`
	} `json:"documents"`
}

func (s *server) list(offset, limit int) (listResp, error) {
	st, b, err := s.get(fmt.Sprintf("/api/v1/documents?offset=%d&limit=%d", offset, limit))
	var l listResp
	if err != nil {
		return l, err
	}
	if st != http.StatusOK {
		return l, fmt.Errorf("GET /api/v1/documents: %d %s", st, b)
	}
	return l, json.Unmarshal(b, &l)
}

// listAll pages through every document.
func (s *server) listAll() (listResp, error) {
	var all listResp
	for off := 0; ; off += 500 {
		l, err := s.list(off, 500)
		if err != nil {
			return all, err
		}
		all.Total = l.Total
		all.Documents = append(all.Documents, l.Documents...)
		if len(l.Documents) < 500 || len(all.Documents) >= l.Total {
			return all, nil
		}
	}
}

// healthy reports whether /healthz and /readyz both answer 200.
func (s *server) healthy() error {
	for _, p := range []string{"/healthz", "/readyz"} {
		st, b, err := s.get(p)
		if err != nil {
			return fmt.Errorf("%s: %v", p, err)
		}
		if st != http.StatusOK {
			return fmt.Errorf("%s: %d %s", p, st, b)
		}
	}
	return nil
}
