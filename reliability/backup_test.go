//go:build reliability

package reliability

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/planmine/planmine/corpus/sqlite"
)

// sentDoc is a document the test uploaded: its bytes and the seed whose
// marker (第<seed>号) only its text holds.
type sentDoc struct {
	data []byte
	seed uint64
}

// readBack checks every document the server lists against what was sent:
// GET answers, the original is byte-identical, a search for its marker
// finds it, and it has targets. It returns the documents listed and the
// problems found.
func readBack(s *server, sent map[string]sentDoc) (int, []string) {
	l, err := s.listAll()
	if err != nil {
		return 0, []string{err.Error()}
	}
	var bad []string
	if l.Total != len(l.Documents) {
		bad = append(bad, fmt.Sprintf("list total %d, %d listed", l.Total, len(l.Documents)))
	}
	for _, d := range l.Documents {
		want, ok := sent[d.Source]
		if !ok {
			bad = append(bad, fmt.Sprintf("%s: listed but never sent", d.Source))
			continue
		}
		if st, b, err := s.get("/api/v1/documents/" + d.ID); err != nil || st != http.StatusOK {
			bad = append(bad, fmt.Sprintf("%s: GET %d %v %.80s", d.ID, st, err, b))
		}
		if st, b, err := s.get("/api/v1/documents/" + d.ID + "/original"); err != nil || st != http.StatusOK || string(b) != string(want.data) {
			bad = append(bad, fmt.Sprintf("%s: original %d %v, %d bytes, sent %d", d.ID, st, err, len(b), len(want.data)))
		}
		st, b, err := s.get("/api/v1/search?limit=5&q=" + url.QueryEscape(fmt.Sprintf("第%d号", want.seed)))
		var res struct {
			Hits []struct{ ID string } `json:"hits"`
		}
		if err != nil || st != http.StatusOK || json.Unmarshal(b, &res) != nil || len(res.Hits) != 1 || res.Hits[0].ID != d.ID {
			bad = append(bad, fmt.Sprintf("%s: search for its marker: %d %v %.120s", d.ID, st, err, b))
		}
		st, b, err = s.get("/api/v1/targets?doc=" + url.QueryEscape(d.ID))
		var tg struct{ Total int }
		if err != nil || st != http.StatusOK || json.Unmarshal(b, &tg) != nil || tg.Total == 0 {
			bad = append(bad, fmt.Sprintf("%s: targets %d %v %.80s", d.ID, st, err, b))
		}
	}
	return len(l.Documents), bad
}

func short(bad []string) string {
	if len(bad) > 5 {
		bad = append(bad[:5], fmt.Sprintf("… %d more", len(bad)-5))
	}
	return strings.Join(bad, "; ")
}

// TestBackupWhileServing runs `planmine backup` against the data directory
// of a running `planmine serve` while four clients keep uploading and one
// deletes, then `planmine restore`s it into a fresh directory and serves
// that: the restored count equals the manifest's, and every restored
// document reads, searches, has its targets and gives back its original
// byte for byte.
func TestBackupWhileServing(t *testing.T) {
	data := t.TempDir()
	s := startServer(t, data)
	var mu sync.Mutex
	sent := map[string]sentDoc{}
	var ids []string
	send := func(ctx context.Context, seed uint64) (int, error) {
		src := fmt.Sprintf("备份测试-%d.txt", seed)
		d := sentDoc{[]byte(genDoc(seed)), seed}
		mu.Lock()
		sent[src] = d
		mu.Unlock()
		st, resp, _, err := s.upload(ctx, upFile{src, d.data})
		if err == nil && st == http.StatusCreated {
			mu.Lock()
			for _, r := range resp.created() {
				ids = append(ids, r.ID)
			}
			mu.Unlock()
		}
		return st, err
	}
	const preload = 120
	for i := range preload {
		if st, err := send(context.Background(), uint64(300000+i)); err != nil || st != http.StatusCreated {
			t.Fatalf("preload %d: %d %v\n%s", i, st, err, s.tail())
		}
	}
	// Writers: four uploaders and a deleter, until the backup has finished.
	ctx, cancel := context.WithCancel(context.Background())
	var during, deleted atomic.Int64
	var backingUp atomic.Bool
	var wg sync.WaitGroup
	var next atomic.Uint64
	next.Store(400000)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				st, err := send(ctx, next.Add(1))
				if err == nil && st == http.StatusCreated && backingUp.Load() {
					during.Add(1)
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ctx.Err() == nil && i < preload/2; i++ {
			mu.Lock()
			id := ids[2*i]
			mu.Unlock()
			if st, _, err := s.do(ctx, http.MethodDelete, "/api/v1/documents/"+id, nil, ""); err == nil && st < 300 && backingUp.Load() {
				deleted.Add(1)
			}
			time.Sleep(150 * time.Millisecond)
		}
	}()
	time.Sleep(500 * time.Millisecond) // the writers are under way
	// Uploads queue behind the ingest workers, so an acknowledgement can take
	// longer than a backup of this size: back up again (into a new folder)
	// until one ran while a write was acknowledged, at most five times.
	var out string
	var b []byte
	var err error
	var took time.Duration
	attempts := 0
	for attempts < 5 && err == nil && during.Load() == 0 {
		attempts++
		out = filepath.Join(t.TempDir(), "backup")
		backingUp.Store(true)
		start := time.Now()
		b, err = exec.Command(binPath, "backup", "--data", data, out).CombinedOutput()
		took = time.Since(start)
		backingUp.Store(false)
	}
	time.Sleep(300 * time.Millisecond) // writes go on after the snapshot too
	cancel()
	wg.Wait()
	m, merr := sqlite.ReadManifest(out)
	ok := err == nil && merr == nil && during.Load() > 0
	detail := fmt.Sprintf("%d preloaded; %d backup run(s), the last took %s while %d uploads and %d deletes were acknowledged; manifest %d documents, %d files, %d dropped",
		preload, attempts, took.Round(time.Millisecond), during.Load(), deleted.Load(), manifestInt(m, "docs"), manifestInt(m, "files"), manifestInt(m, "dropped"))
	if !ok {
		t.Errorf("backup: %v %v, %d uploads during it\n%s", err, merr, during.Load(), b)
		detail += fmt.Sprintf("; %v %v %s", err, merr, clip(string(b), 300))
	}
	record("backup", "planmine backup while 4 clients upload and 1 deletes", ok, detail)
	if merr != nil {
		return
	}
	s.stop()

	// Restore into a fresh directory and serve it.
	dest := filepath.Join(t.TempDir(), "restored")
	b, err = exec.Command(binPath, "restore", out, "--data", dest).CombinedOutput()
	restored := strings.Contains(string(b), fmt.Sprintf("已恢复 (restored) %d 篇文档", m.Documents))
	if err != nil || !restored {
		t.Errorf("restore: %v\n%s", err, b)
	}
	r := startServer(t, dest)
	mu.Lock()
	snapshot := make(map[string]sentDoc, len(sent))
	for k, v := range sent {
		snapshot[k] = v
	}
	mu.Unlock()
	n, bad := readBack(r, snapshot)
	if n != m.Documents {
		bad = append(bad, fmt.Sprintf("restored server lists %d, manifest %d", n, m.Documents))
	}
	if err != nil || !restored {
		bad = append(bad, fmt.Sprintf("restore: %v %s", err, clip(string(b), 300)))
	}
	detail = fmt.Sprintf("restored %d documents = manifest %d; each read, searched by its marker, has targets, original byte-identical", n, m.Documents)
	if len(bad) > 0 {
		t.Errorf("restored data: %s", short(bad))
		detail += "; " + short(bad)
	}
	record("backup", "planmine restore into a fresh dir: every document reads back", len(bad) == 0, detail)
	r.stop()
	checkOffline(t, "backup", dest, m.Documents)

	// A damaged backup is refused and changes nothing.
	blobs, _ := filepath.Glob(filepath.Join(out, "blobs", "*", "*"))
	if len(blobs) == 0 {
		t.Fatal("backup holds no originals")
	}
	raw, _ := os.ReadFile(blobs[0])
	raw[len(raw)/2] ^= 0x20
	os.WriteFile(blobs[0], raw, 0o644)
	dest2 := filepath.Join(t.TempDir(), "restored2")
	b, err = exec.Command(binPath, "restore", out, "--data", dest2).CombinedOutput()
	code := -1
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	_, serr := os.Stat(filepath.Join(dest2, sqlite.DBName))
	ok = code == 2 && strings.Contains(string(b), "原文件已损坏 (an original is damaged)") && os.IsNotExist(serr)
	if !ok {
		t.Errorf("damaged backup: exit %d, db stat %v\n%s", code, serr, b)
	}
	record("backup", "restore of a backup with one flipped byte is refused", ok, fmt.Sprintf("exit %d: %s", code, clip(strings.TrimSpace(string(b)), 160)))
}

func manifestInt(m *sqlite.Manifest, what string) int {
	if m == nil {
		return -1
	}
	switch what {
	case "docs":
		return m.Documents
	case "files":
		return m.Files
	}
	return len(m.Dropped)
}
