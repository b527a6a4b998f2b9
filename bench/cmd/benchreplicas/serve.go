package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"sync"
	"syscall"
	"time"

	"github.com/planmine/planmine/internal/syncbuf"
)

// options are the settings every run shares.
type options struct {
	mode                 string
	quota, shares, gomax int
	profile              string
	batch, clients       int
}

var urlLine = regexp.MustCompile(`url=(http://\S+)`)

// serveRun starts the replicas, waits until each is ready (not timed),
// sends each its folder's files through the upload API from o.clients
// concurrent clients, o.batch files a request, and polls every replica's
// search until it counts refDocs documents. The replicas are stopped with
// SIGTERM (their CPU profiles are written on the way out).
func serveRun(cmds []*exec.Cmd, logs []*syncbuf.Buffer, dir string, n, refDocs int, o options, res *result) (err error) {
	for i, c := range cmds {
		if err := c.Start(); err != nil {
			for _, c := range cmds[:i] {
				c.Process.Kill()
				c.Wait()
			}
			return err
		}
	}
	defer func() {
		for i, c := range cmds {
			c.Process.Signal(syscall.SIGTERM)
			done := make(chan error, 1)
			go func() { done <- c.Wait() }()
			select {
			case werr := <-done:
				if werr != nil && err == nil {
					err = fmt.Errorf("replica %d: %v\n%s", i, werr, tail(logs[i].Bytes()))
				}
			case <-time.After(60 * time.Second):
				c.Process.Kill()
				<-done
				if err == nil {
					err = fmt.Errorf("replica %d did not stop in 60 s\n%s", i, tail(logs[i].Bytes()))
				}
			}
		}
	}()
	urls := make([]string, n)
	deadline := time.Now().Add(5 * time.Minute)
	for i := range n {
		for urls[i] == "" {
			if m := urlLine.FindSubmatch(logs[i].Bytes()); m != nil {
				urls[i] = string(m[1])
				break
			}
			if time.Now().After(deadline) || cmds[i].ProcessState != nil {
				return fmt.Errorf("replica %d did not listen\n%s", i, tail(logs[i].Bytes()))
			}
			time.Sleep(20 * time.Millisecond)
		}
		for {
			resp, err := http.Get(urls[i] + "/readyz")
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					break
				}
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("replica %d not ready\n%s", i, tail(logs[i].Bytes()))
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	start := time.Now()
	errc := make(chan error, n*o.clients)
	var wg sync.WaitGroup
	for i := range n {
		files, err := listFiles(filepath.Join(dir, fmt.Sprintf("in%d", i)))
		if err != nil {
			return err
		}
		files = shuffled(files)
		var reqs [][]string
		for len(files) > 0 {
			k := min(o.batch, len(files))
			reqs = append(reqs, files[:k])
			files = files[k:]
		}
		next := make(chan []string, len(reqs))
		for _, r := range reqs {
			next <- r
		}
		close(next)
		for range o.clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for r := range next {
					if err := upload(urls[i], r); err != nil {
						errc <- fmt.Errorf("replica %d: %w", i, err)
						return
					}
				}
			}()
		}
	}
	wg.Wait()
	res.uploads = time.Since(start).Seconds()
	close(errc)
	if err := <-errc; err != nil {
		return err
	}
	// Every replica's search finds every document.
	seen := make([]bool, n)
	for left := n; left > 0; {
		for i := range n {
			if seen[i] {
				continue
			}
			total, err := searchTotal(urls[i])
			if err != nil {
				return fmt.Errorf("replica %d: %w", i, err)
			}
			if total > refDocs {
				return fmt.Errorf("replica %d: search counts %d documents, want %d", i, total, refDocs)
			}
			if total == refDocs {
				seen[i] = true
				left--
			}
		}
		if time.Since(start) > 30*time.Minute {
			return fmt.Errorf("not every replica's search finds every document after %v", time.Since(start).Round(time.Second))
		}
		if left > 0 {
			time.Sleep(20 * time.Millisecond)
		}
	}
	res.wall = time.Since(start).Seconds()
	return nil
}

// upload posts files in one synchronous upload request, again after a
// pause when the replica's queue is full.
func upload(url string, files []string) error {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		w, err := mw.CreateFormFile("file", filepath.Base(f))
		if err != nil {
			return err
		}
		w.Write(b)
	}
	mw.Close()
	for try := 0; ; try++ {
		resp, err := http.Post(url+"/api/v1/documents", mw.FormDataContentType(), bytes.NewReader(body.Bytes()))
		if err != nil {
			return err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch {
		case resp.StatusCode == http.StatusServiceUnavailable && try < 600:
			time.Sleep(500 * time.Millisecond)
			continue
		case resp.StatusCode == http.StatusCreated || resp.StatusCode == http.StatusOK:
			var out struct {
				Results []struct{ Status, Source, Error string }
			}
			if err := json.Unmarshal(b, &out); err != nil {
				return err
			}
			var failed []string
			for _, r := range out.Results {
				if r.Status == "failed" {
					failed = append(failed, r.Source+": "+r.Error)
				}
			}
			sort.Strings(failed)
			if len(failed) > 0 {
				return fmt.Errorf("upload: %d failed: %v", len(failed), failed)
			}
			return nil
		case resp.StatusCode == http.StatusAccepted:
			return fmt.Errorf("upload of %d files ran as a job: lower -batch", len(files))
		}
		return fmt.Errorf("upload: %s: %s", resp.Status, tail(b))
	}
}

// searchTotal is how many documents a replica's search finds for the
// empty query (every document its index holds).
func searchTotal(url string) (int, error) {
	resp, err := http.Get(url + "/api/v1/search?limit=1&facets=false&q=")
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("search: %s: %s", resp.Status, tail(b))
	}
	var out struct{ Total int }
	if err := json.Unmarshal(b, &out); err != nil {
		return 0, err
	}
	return out.Total, nil
}
