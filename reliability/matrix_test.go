//go:build reliability

package reliability

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/planmine/planmine/corpus/local"
	"github.com/planmine/planmine/internal/shared"
)

// badInput is one row of the matrix: a file and the answers that count as
// handled. Bad input must get a 4xx with the right code; rows whose bytes
// still hold a readable document (a mislabelled DOCX, a deep but valid
// XML tree) may also be accepted with 201.
type badInput struct {
	name     string
	file     string
	data     func(t *testing.T) []byte
	statuses []int
	codes    []string // accepted error codes when the status is 4xx
	// check, if set, inspects a successful answer (e.g. the stored source
	// name of a hostile file name) and returns a problem or "".
	check func(r uploadResp) string
}

func fixed(b []byte) func(*testing.T) []byte { return func(*testing.T) []byte { return b } }

func text(seed uint64) func(*testing.T) []byte { return fixed([]byte(genDoc(seed))) }

// truncated reads a shared corpus file and keeps its first half.
func truncated(elem ...string) func(*testing.T) []byte {
	return func(t *testing.T) []byte {
		b, err := os.ReadFile(shared.Path(t, elem...))
		if err != nil {
			t.Fatalf("read fixture: %v", err)
		}
		return b[:len(b)/2]
	}
}

func sharedFile(elem ...string) func(*testing.T) []byte {
	return func(t *testing.T) []byte {
		b, err := os.ReadFile(shared.Path(t, elem...))
		if err != nil {
			t.Fatalf("read fixture: %v", err)
		}
		return b
	}
}

// cleanSource checks that a stored source name carries no path or control
// characters.
func cleanSource(want string) func(uploadResp) string {
	return func(r uploadResp) string {
		for _, x := range r.Results {
			if strings.ContainsAny(x.Source, "/\\") || strings.ContainsFunc(x.Source, func(c rune) bool { return c < 0x20 || c == 0x7f }) {
				return fmt.Sprintf("source %q keeps a path or control character", x.Source)
			}
			if want != "" && x.Source != want {
				return fmt.Sprintf("source %q, want %q", x.Source, want)
			}
		}
		return ""
	}
}

var (
	st422  = []int{http.StatusUnprocessableEntity}
	stRead = []string{"unreadable"}
	stOK   = []int{http.StatusCreated}
	stEith = []int{http.StatusCreated, http.StatusUnprocessableEntity}
)

func matrix() []badInput {
	return []badInput{
		{name: "empty file", file: "空文件.txt", data: fixed(nil), statuses: st422, codes: stRead},
		{name: "4 KB random bytes as .txt", file: "噪声.txt", data: fixed(randomBytes(4096, 1)), statuses: st422, codes: stRead},
		{name: "4 KB random bytes as .pdf", file: "噪声.pdf", data: fixed(randomBytes(4096, 2)), statuses: st422, codes: stRead},
		{name: "NUL-filled .txt", file: "零.txt", data: fixed(make([]byte, 8192)), statuses: st422, codes: stRead},
		{name: "DOCX truncated at 50%", file: "截断.docx", data: truncated("corpus", "formats", "000_libreoffice.docx"), statuses: st422, codes: stRead},
		// A reader may recover the pages before the cut; both are clean.
		{name: "PDF truncated at 50%", file: "截断.pdf", data: truncated("corpus", "formats", "000_libreoffice.pdf"), statuses: stEith, codes: stRead},
		{name: "encrypted PDF", file: "加密.pdf", data: fixed(encryptedPDF()), statuses: st422, codes: stRead},
		{name: "image-only PDF", file: "扫描件.pdf", data: fixed(imageOnlyPDF()), statuses: st422, codes: stRead},
		// The time in the detail is the figure to watch: each phantom page
		// costs a page-tree walk.
		{name: "PDF whose /Count claims 1000000 pages (one real)", file: "幻页.pdf", data: fixed(phantomPagesPDF(1000000)), statuses: st422, codes: stRead},
		{name: "zip bomb (1 GiB zeros, honest header)", file: "炸弹.zip", data: func(*testing.T) []byte { return zipBomb(true) },
			statuses: []int{http.StatusRequestEntityTooLarge}, codes: []string{"too_large"}},
		{name: "zip bomb (1 GiB zeros, header claims 4 KB)", file: "炸弹2.zip", data: func(*testing.T) []byte { return zipBomb(false) },
			statuses: []int{http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity}, codes: []string{"too_large", "unreadable"}},
		// Plain repeated tags deflate beyond the server's 200:1 ratio guard,
		// so that row is refused as a bomb; the second one carries random
		// ids so the XML itself reaches the reader.
		{name: "DOCX with 100k nested elements", file: "深层.docx", data: func(*testing.T) []byte { return deepDOCX(100000, false) },
			statuses: []int{http.StatusCreated, http.StatusUnprocessableEntity, http.StatusRequestEntityTooLarge}, codes: []string{"unreadable", "too_large"}},
		{name: "DOCX with 100k nested elements (random ids)", file: "深层2.docx", data: func(*testing.T) []byte { return deepDOCX(100000, true) }, statuses: stEith, codes: stRead},
		{name: "DOCX with billion-laughs DTD", file: "实体.docx", data: func(*testing.T) []byte { return laughsDOCX() }, statuses: stEith, codes: stRead},
		{name: "mixed GBK + UTF-8 text", file: "混合编码.txt", data: func(*testing.T) []byte { return mixedEncoding() }, statuses: stEith, codes: stRead},
		{name: "PDF named .docx", file: "其实是PDF.docx", data: sharedFile("corpus", "formats", "002_libreoffice.pdf"), statuses: stEith, codes: stRead},
		{name: "DOCX named .txt", file: "其实是DOCX.txt", data: sharedFile("corpus", "formats", "002_libreoffice.docx"), statuses: stEith, codes: stRead},
		{name: "unsupported extension .exe", file: "程序.exe", data: text(11), statuses: []int{http.StatusUnsupportedMediaType}, codes: []string{"unsupported_format"}},
		{name: "name ../../etc/passwd.txt", file: "../../etc/passwd.txt", data: text(12), statuses: stOK, check: cleanSource("passwd.txt")},
		{name: `name a/b\c.txt`, file: `a/b\c.txt`, data: text(13), statuses: stOK, check: cleanSource("c.txt")},
		// Raw control characters make the part header malformed (RFC 7230
		// forbids them), so 400; the RFC 2231 form is how they can arrive.
		{name: "control characters in name (raw)", file: "计划\x01\x1b[31m\x7f.txt", data: text(14), statuses: []int{http.StatusBadRequest}, codes: []string{"bad_request"}},
		{name: "control characters in name (RFC 2231)", file: "*计划\x01\x1b[31m\x7f\r\n.txt", data: text(17), statuses: stOK, check: cleanSource("")},
		{name: "RTL override + zero-width in name", file: "工作\u202e\u200b计划txt.exe.txt", data: text(15), statuses: stOK, check: cleanSource("")},
		{name: "RTL override + zero-width in text", file: "零宽.txt",
			data:     fixed([]byte(strings.ReplaceAll(strings.ReplaceAll(genDoc(16), "党", "\u200b党\u200d"), "计划", "\u202e计划\u202c\ufeff"))),
			statuses: stOK},
		{name: "100 MB of one character (limit 50 MB)", file: "重复.txt", data: func(*testing.T) []byte { return bytes.Repeat([]byte("好"), 100<<20/3) },
			statuses: []int{http.StatusRequestEntityTooLarge}, codes: []string{"too_large"}},
	}
}

// TestBadInputMatrix uploads every row to one live server and checks the
// answer, the server's health and the store after each row, then compares
// store and index offline.
func TestBadInputMatrix(t *testing.T) {
	data := t.TempDir()
	s := startServer(t, data)
	created := 0
	for _, in := range matrix() {
		t.Run(in.name, func(t *testing.T) {
			body := in.data(t)
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			start := time.Now()
			st, resp, raw, err := s.upload(ctx, upFile{in.file, body})
			took := time.Since(start).Round(time.Millisecond)
			var problems []string
			code := resp.code()
			if err != nil {
				problems = append(problems, "transport: "+err.Error())
			} else {
				if !slices.Contains(in.statuses, st) {
					problems = append(problems, fmt.Sprintf("status %d not in %v", st, in.statuses))
				}
				if st >= 400 && !slices.Contains(in.codes, code) {
					problems = append(problems, fmt.Sprintf("code %q not in %v", code, in.codes))
				}
				if st >= 400 && len(resp.created()) > 0 {
					problems = append(problems, "a failed upload created documents")
				}
				if st < 400 && in.check != nil {
					if p := in.check(resp); p != "" {
						problems = append(problems, p)
					}
				}
			}
			created += len(resp.created())
			if err := s.healthy(); err != nil {
				problems = append(problems, "unhealthy after row: "+err.Error())
			} else if l, err := s.list(0, 1); err != nil {
				problems = append(problems, err.Error())
			} else if l.Total != created {
				problems = append(problems, fmt.Sprintf("documents total %d, want %d created so far", l.Total, created))
			}
			detail := fmt.Sprintf("%d %s, %d created, %s", st, code, len(resp.created()), took)
			if m := resp.message(); m != "" && len(problems) == 0 {
				detail += ": " + clip(m, 90)
			}
			if len(problems) > 0 {
				b := string(raw)
				if len(b) > 300 {
					b = b[:300] + "…"
				}
				detail += "; " + strings.Join(problems, "; ") + "; body: " + b
				t.Errorf("%s: %s", in.name, detail)
			}
			if src := firstSource(resp); src != "" && in.check != nil {
				detail += fmt.Sprintf(", source %q", src)
			}
			record("matrix", in.name, len(problems) == 0, detail)
		})
		if s.exited() {
			t.Fatalf("服务器已退出 (server died) after %q\n%s", in.name, s.tail())
		}
	}
	for _, in := range []struct {
		name, ctype string
		body        []byte
	}{
		{"not multipart (raw text body)", "text/plain", []byte(genDoc(20))},
		{"multipart without a file field", "", nil},
		{"multipart cut off mid-part", "multipart/form-data; boundary=XYZ", []byte("--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"断.txt\"\r\n\r\n半截")},
	} {
		t.Run(in.name, func(t *testing.T) {
			body, ct := bytes.NewBuffer(in.body), in.ctype
			if ct == "" {
				body, ct = multipartBody()
			}
			st, raw, err := s.do(context.Background(), http.MethodPost, "/api/v1/documents", body, ct)
			ok := err == nil && st == http.StatusBadRequest && bytes.Contains(raw, []byte(`"bad_request"`)) && s.healthy() == nil
			if !ok {
				t.Errorf("%s: %d %v %s", in.name, st, err, raw)
			}
			record("matrix", in.name, ok, fmt.Sprintf("%d", st))
		})
	}
	s.stop()
	checkOffline(t, "matrix", data, created)
}

func firstSource(r uploadResp) string {
	for _, x := range r.Results {
		return x.Source
	}
	return ""
}

// checkOffline opens the stopped server's data dir and compares store,
// index and the expected document count (want < 0: no expectation).
func checkOffline(t *testing.T, suite, data string, want int) (storeN, indexN int) {
	t.Helper()
	ctx := context.Background()
	c, err := local.Open(ctx, data, slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})), nil)
	if err != nil {
		t.Errorf("local.Open: %v", err)
		record(suite, "store == index offline", false, err.Error())
		return 0, 0
	}
	defer c.Close()
	storeN, err1 := c.Store.Count(ctx)
	indexN, err2 := c.Index.Count()
	sids, err3 := c.Store.IDs(ctx)
	iids, err4 := c.Index.IDs(ctx)
	slices.Sort(sids)
	slices.Sort(iids)
	ok := err1 == nil && err2 == nil && err3 == nil && err4 == nil && storeN == indexN && slices.Equal(sids, iids) && (want < 0 || storeN == want)
	detail := fmt.Sprintf("store %d, index %d, ids equal %v", storeN, indexN, slices.Equal(sids, iids))
	if want >= 0 {
		detail += fmt.Sprintf(", want %d", want)
	}
	if !ok {
		t.Errorf("offline check: %s (%v %v %v %v)", detail, err1, err2, err3, err4)
	}
	record(suite, "store == index offline (local.Open)", ok, detail)
	return storeN, indexN
}

// TestHugeRepeatedChar sends 100 MB of one character to a server whose
// per-file limit is raised to 200 MB: it must be stored or refused with a
// 4xx within the time limit, and the server must stay up.
func TestHugeRepeatedChar(t *testing.T) {
	s := startServer(t, t.TempDir(), "--max-file-mb=200")
	limit := 3 * time.Minute
	if full() {
		limit = 10 * time.Minute
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	// Sample the server's RSS while it works on the file.
	var peakKB int64
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for ctx.Err() == nil {
			if kb, err := s.rssKB(); err == nil {
				peakKB = max(peakKB, kb)
			}
			select {
			case <-ctx.Done():
			case <-time.After(time.Second):
			}
		}
	}()
	start := time.Now()
	st, resp, raw, err := s.upload(ctx, upFile{"重复.txt", bytes.Repeat([]byte("好"), 100<<20/3)})
	took := time.Since(start).Round(time.Millisecond)
	cancel()
	<-sampled
	var problems []string
	if err != nil {
		problems = append(problems, "no answer within "+limit.String()+": "+err.Error())
	} else if st != http.StatusCreated && (st < 400 || st >= 500) {
		problems = append(problems, fmt.Sprintf("status %d", st))
	}
	if err := s.healthy(); err != nil {
		problems = append(problems, "unhealthy: "+err.Error())
	}
	detail := fmt.Sprintf("%d %s, %d created, %s, server peak RSS %d MB", st, resp.code(), len(resp.created()), took, peakKB>>10)
	if len(problems) > 0 {
		b := string(raw)
		if len(b) > 300 {
			b = b[:300]
		}
		detail += "; " + strings.Join(problems, "; ") + "; body: " + b
		t.Error(detail)
	}
	record("matrix", "100 MB of one character (--max-file-mb=200)", len(problems) == 0, detail)
}
