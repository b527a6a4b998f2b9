//go:build reliability

package reliability

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/internal/fulldisk"
)

// TestDiskFull serves a data directory on a 64 MB tmpfs, uploads, then
// fills the disk: uploads answer 507 insufficient_storage with a
// Chinese-first message and store nothing of themselves (a batch of three
// files included); everything acknowledged before still lists, reads,
// searches and gives back its original, also with the disk filled to the
// last byte; once the filler is deleted, uploads are stored again and the
// old data is intact, and offline the store equals the index.
func TestDiskFull(t *testing.T) {
	t.Cleanup(func() {
		if t.Skipped() {
			note("diskfull: skipped — mounting a tmpfs needs root or CAP_SYS_ADMIN")
		}
	})
	disk := fulldisk.Mount(t, 64<<20)
	data := filepath.Join(disk, "data")
	s := startServer(t, data)
	sent := map[string]sentDoc{}
	acked := 0
	seed := uint64(500000)
	upload := func(n int) (int, uploadResp, error) {
		var files []upFile
		for range n {
			seed++
			src := fmt.Sprintf("满盘测试-%d.txt", seed)
			d := sentDoc{[]byte(genDoc(seed)), seed}
			sent[src] = d
			files = append(files, upFile{src, d.data})
		}
		st, resp, _, err := s.upload(context.Background(), files...)
		acked += len(resp.created())
		return st, resp, err
	}
	for i := range 20 {
		if st, _, err := upload(1); err != nil || st != http.StatusCreated {
			t.Fatalf("upload %d with room: %d %v\n%s", i, st, err, s.tail())
		}
	}
	// Fill to just above the reserve, then upload until the disk is full.
	filler := fulldisk.Fill(t, disk, corpus.MinFree+256<<10)
	var before507, refused int
	var msg, code string
	for i := 0; i < 300 && refused == 0; i++ {
		st, resp, err := upload(1)
		switch {
		case err != nil:
			t.Fatalf("upload while filling: %v", err)
		case st == http.StatusCreated:
			before507++
		case st == http.StatusInsufficientStorage:
			refused++
			msg, code = resp.message(), resp.code()
		default:
			t.Fatalf("upload while filling: %d %+v", st, resp)
		}
	}
	held507 := refused == 1 && code == "insufficient_storage" && strings.Contains(msg, "磁盘空间不足") &&
		strings.Index(msg, "磁盘空间不足") < strings.Index(msg, "(")
	record("diskfull", "upload as the disk fills: 507 insufficient_storage, Chinese first", held507,
		fmt.Sprintf("%d more uploads stored after filling to %d MB free, then 507 %s: %s", before507, (corpus.MinFree+256<<10)>>20, code, clip(msg, 140)))
	if !held507 {
		t.Errorf("no 507 as the disk filled: %d refused, code %q, message %q", refused, code, msg)
	}

	// Truly full: not a byte left. Single and batch uploads are refused
	// whole; the server keeps reading and searching.
	fulldisk.Fill(t, disk, 0)
	var bad []string
	for _, n := range []int{1, 3} {
		st, resp, err := upload(n)
		if err != nil || st != http.StatusInsufficientStorage || len(resp.created()) != 0 || resp.code() != "insufficient_storage" {
			bad = append(bad, fmt.Sprintf("batch of %d on a full disk: %d %v, %d created", n, st, err, len(resp.created())))
		}
	}
	free := fulldisk.Free(t, disk)
	n, rb := readBack(s, sent)
	bad = append(bad, rb...)
	if n != acked {
		bad = append(bad, fmt.Sprintf("listed %d, acknowledged %d", n, acked))
	}
	if err := s.healthy(); err != nil {
		bad = append(bad, err.Error())
	}
	detail := fmt.Sprintf("%d bytes free; 1- and 3-file uploads refused whole; %d acknowledged = %d listed, each read, searched, original identical", free, acked, n)
	if len(bad) > 0 {
		t.Errorf("full disk: %s", short(bad))
		detail += "; " + short(bad)
	}
	record("diskfull", "disk filled to the last byte: nothing half stored, all reads", len(bad) == 0, detail)

	// Space returns.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	bad = nil
	for i := range 5 {
		if st, _, err := upload(1); err != nil || st != http.StatusCreated {
			bad = append(bad, fmt.Sprintf("upload %d after freeing space: %d %v", i, st, err))
		}
	}
	n, rb = readBack(s, sent)
	bad = append(bad, rb...)
	if n != acked {
		bad = append(bad, fmt.Sprintf("listed %d, acknowledged %d", n, acked))
	}
	detail = fmt.Sprintf("5 new uploads stored; %d documents listed = acknowledged, old and new read and search", n)
	if len(bad) > 0 {
		t.Errorf("after freeing space: %s", short(bad))
		detail += "; " + short(bad)
	}
	record("diskfull", "space freed: uploads stored again, old data intact", len(bad) == 0, detail)
	s.stop()
	checkOffline(t, "diskfull", data, acked)
}
