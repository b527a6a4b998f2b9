package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
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
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/planmine/planmine/api"
	"github.com/planmine/planmine/internal/pgtest"
	"github.com/planmine/planmine/internal/shared"
)

// replica is one `planmine serve --db` process.
type replica struct {
	t    *testing.T
	name string
	dir  string
	cmd  *exec.Cmd
	url  string
	mu   sync.Mutex
	log  bytes.Buffer
}

var urlLine = regexp.MustCompile(`url=(http://\S+)`)

// startReplica starts a serve process and waits until it is ready.
func startReplica(t *testing.T, bin, dsn, name, dir string) (*replica, time.Duration) {
	t.Helper()
	r := &replica{t: t, name: name, dir: dir}
	r.cmd = exec.Command(bin, "serve", "--db", dsn, "--data", dir, "--addr", "127.0.0.1:0")
	stderr, err := r.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.cmd.Process.Kill(); r.cmd.Wait() })
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			r.mu.Lock()
			r.log.WriteString(line + "\n")
			r.mu.Unlock()
			if m := urlLine.FindStringSubmatch(line); m != nil {
				select {
				case urls <- m[1]:
				default:
				}
			}
		}
	}()
	select {
	case r.url = <-urls:
	case <-time.After(60 * time.Second):
		t.Fatalf("%s did not listen:\n%s", name, r.logs())
	}
	for {
		resp, err := http.Get(r.url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return r, time.Since(start)
			}
		}
		if time.Since(start) > 120*time.Second {
			t.Fatalf("%s not ready:\n%s", name, r.logs())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (r *replica) logs() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.log.String()
}

// upload posts files (name → bytes) in one synchronous upload.
func (r *replica) upload(name string, data []byte) ([]api.Result, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	w, _ := mw.CreateFormFile("file", name)
	w.Write(data)
	mw.Close()
	resp, err := http.Post(r.url+"/api/v1/documents", mw.FormDataContentType(), &body)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: upload %s: %s: %s", r.name, name, resp.Status, b)
	}
	var out struct{ Results []api.Result }
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, err
	}
	return out.Results, nil
}

// search returns the ids a query finds on r and the total.
func (r *replica) search(q string) (map[string]bool, int) {
	r.t.Helper()
	resp, err := http.Get(r.url + "/api/v1/search?limit=1000&facets=false&q=" + q)
	if err != nil {
		r.t.Fatalf("%s: search: %v", r.name, err)
	}
	defer resp.Body.Close()
	var res struct {
		Total int
		Hits  []struct{ ID string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&res); err != nil {
		r.t.Fatalf("%s: search: %v", r.name, err)
	}
	ids := map[string]bool{}
	for _, h := range res.Hits {
		ids[h.ID] = true
	}
	return ids, res.Total
}

// genText mixes paragraphs of the seeds, so that generated files share
// passages with the seeds and with each other.
func genText(seeds [][]string, n, blocks int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "测试单位%d号2026年工作计划\n\n", n)
	for k := 0; k < blocks; k++ {
		s := seeds[(n+k)%len(seeds)]
		from := (n*7 + k*13) % max(1, len(s)-12)
		fmt.Fprintf(&b, "第%d部分（编号%d-%d）\n", k+1, n, k)
		for _, p := range s[from:min(len(s), from+12)] {
			b.WriteString(p + "\n")
		}
		fmt.Fprintf(&b, "本单位第%d号补充说明：全年计划完成第%d项重点任务，覆盖%d个村组。\n\n", n, k+n, 10+k*n)
	}
	return []byte(b.String())
}

// TestReplicaProcesses runs three `planmine serve --db` processes on one
// PostgreSQL database: uploads to each are searchable on the others within
// 2 s, the same file uploaded to two replicas at once is stored once, the
// pairs equal one embedded ingest of the same files, a replica killed
// during an upload loses nothing (the upload is retried elsewhere), and
// restarted on its old data directory it catches up from the change log.
func TestReplicaProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and starts three servers")
	}
	dsn := pgtest.DSN(t)
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "planmine")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	// The files: the seeds, the DOCX of the formats corpus, generated mixes.
	type file struct {
		name string
		data []byte
	}
	var seeds []file
	var paras [][]string
	sdir := shared.Path(t, "corpus", "seeds")
	ents, _ := os.ReadDir(sdir)
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(sdir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, file{e.Name(), b})
		var ps []string
		for _, l := range strings.Split(string(b), "\n") {
			if len([]rune(strings.TrimSpace(l))) > 20 {
				ps = append(ps, strings.TrimSpace(l))
			}
		}
		paras = append(paras, ps)
	}
	var docx []file
	for i := 0; i < 5; i++ {
		name := fmt.Sprintf("00%d_libreoffice.docx", i)
		b, err := os.ReadFile(shared.Path(t, "corpus", "formats", name))
		if err != nil {
			t.Fatal(err)
		}
		docx = append(docx, file{name, b})
	}
	gen := func(n, blocks int) file { return file{fmt.Sprintf("gen%02d.txt", n), genText(paras, n, blocks)} }
	plan := [][]file{
		{seeds[0], seeds[1], docx[0], gen(0, 6)},
		{seeds[2], seeds[3], docx[1], docx[2], gen(1, 6)},
		{seeds[4], docx[3], docx[4], gen(2, 6)},
	}

	rs := make([]*replica, 3)
	for i := range rs {
		var took time.Duration
		rs[i], took = startReplica(t, bin, dsn, fmt.Sprintf("r%d", i), filepath.Join(tmp, fmt.Sprintf("r%d", i)))
		t.Logf("%s ready in %v at %s", rs[i].name, took.Round(time.Millisecond), rs[i].url)
	}

	// Each replica takes its own files, all three at once; after each
	// upload the other two are polled until they find its documents.
	var order []file // the order the uploads finished in (the reference ingest's order)
	var omu sync.Mutex
	var lags, probes []time.Duration
	var wg sync.WaitGroup
	for i := range rs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for _, f := range plan[i] {
				res, err := rs[i].upload(f.name, f.data)
				done := time.Now()
				if err != nil {
					t.Error(err)
					return
				}
				omu.Lock()
				order = append(order, f)
				omu.Unlock()
				for j := range rs {
					if j == i {
						continue
					}
					for {
						t0 := time.Now()
						found, _ := rs[j].search("source:" + f.name)
						omu.Lock()
						probes = append(probes, time.Since(t0))
						omu.Unlock()
						all := len(found) > 0
						for _, r := range res {
							all = all && found[r.ID]
						}
						if all {
							break
						}
						if time.Since(done) > 10*time.Second {
							t.Errorf("%s's upload %s not found on %s after 10 s", rs[i].name, f.name, rs[j].name)
							break
						}
						time.Sleep(10 * time.Millisecond)
					}
					omu.Lock()
					lags = append(lags, time.Since(done))
					omu.Unlock()
				}
			}
		}(i)
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	sort.Slice(lags, func(i, j int) bool { return lags[i] < lags[j] })
	t.Logf("write → visible on another replica: %d samples, median %v, max %v",
		len(lags), lags[len(lags)/2].Round(time.Millisecond), lags[len(lags)-1].Round(time.Millisecond))
	sort.Slice(probes, func(i, j int) bool { return probes[i] < probes[j] })
	t.Logf("lags: %v; one search request meanwhile: median %v, p90 %v, max %v", lags,
		probes[len(probes)/2].Round(time.Millisecond), probes[len(probes)*9/10].Round(time.Millisecond), probes[len(probes)-1].Round(time.Millisecond))
	// The goal is 2 s; the bound leaves room for a loaded machine, where
	// three servers analysing uploads share the cores.
	if lags[len(lags)/2] > 2*time.Second || lags[len(lags)-1] > 10*time.Second {
		t.Errorf("writes took median %v, max %v to reach another replica (goal 2 s)", lags[len(lags)/2], lags[len(lags)-1])
	}

	// The same file on two replicas at once: one stored, one duplicate.
	same := gen(3, 6)
	var sres [2][]api.Result
	wg.Add(2)
	for k := 0; k < 2; k++ {
		go func(k int) {
			defer wg.Done()
			var err error
			if sres[k], err = rs[k].upload(same.name, same.data); err != nil {
				t.Error(err)
			}
		}(k)
	}
	wg.Wait()
	created, dups := 0, 0
	for _, rr := range sres {
		for _, r := range rr {
			switch r.Status {
			case api.StatusCreated:
				created++
			case api.StatusDuplicate:
				dups++
			}
		}
	}
	if created == 0 || created != dups {
		t.Errorf("same file on two replicas: %d created, %d duplicates: %+v", created, dups, sres)
	}
	order = append(order, same)

	// A replica killed while it handles an upload; the client retries on
	// another one.
	bigA, bigB := gen(4, 400), gen(5, 400)
	t0 := time.Now()
	if _, err := rs[0].upload(bigA.name, bigA.data); err != nil {
		t.Fatal(err)
	}
	d := time.Since(t0)
	order = append(order, bigA)
	errc := make(chan error, 1)
	go func() { _, err := rs[2].upload(bigB.name, bigB.data); errc <- err }()
	time.Sleep(d * 85 / 100)
	rs[2].cmd.Process.Kill()
	rs[2].cmd.Wait()
	killErr := <-errc
	time.Sleep(2 * time.Second) // r0 follows what r2 wrote
	before, _ := rs[0].search("source:" + bigB.name)
	t.Logf("big upload takes %v; r2 killed at %v: client error %v; documents stored before the retry: %d",
		d.Round(time.Millisecond), (d * 85 / 100).Round(time.Millisecond), killErr != nil, len(before))
	res, err := rs[1].upload(bigB.name, bigB.data)
	if err != nil {
		t.Fatal(err)
	}
	order = append(order, bigB)
	t.Logf("retry on r1: %d results, first %s", len(res), res[0].Status)

	// A reference: the same files ingested on the embedded store one at a
	// time (an upload is one batch), in the order the replicas stored them
	// (the change log's).
	byName := map[string]file{}
	for _, f := range order {
		byName[f.name] = f
	}
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := conn.Query(context.Background(), `SELECT d.source FROM changes c JOIN documents d ON d.id = c.doc_id
		WHERE c.op = 'put' GROUP BY d.source ORDER BY min(c.seq)`)
	stored, err := pgx.CollectRows(rows, pgx.RowTo[string])
	conn.Close(context.Background())
	if err != nil || len(stored) != len(order) {
		t.Fatalf("files in the change log: %v, %v; uploaded %d", stored, err, len(order))
	}
	ref := filepath.Join(tmp, "ref")
	for i, name := range stored {
		path := filepath.Join(tmp, "in", fmt.Sprint(i), name)
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, byName[name].data, 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(bin, "ingest", "--data", ref, path).CombinedOutput(); err != nil {
			t.Fatalf("reference ingest: %v\n%s", err, out)
		}
	}
	// The pairs by document ids and figures (sources name other paths).
	pairs := func(args ...string) string {
		out, err := exec.Command(bin, append([]string{"pairs", "--format", "csv"}, args...)...).Output()
		if err != nil {
			t.Fatalf("pairs %v: %v", args, err)
		}
		rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
		if err != nil || len(rows) == 0 {
			t.Fatalf("pairs %v: %v", args, err)
		}
		var lines []string
		for _, r := range rows[1:] {
			lines = append(lines, strings.Join(r[7:], ","))
		}
		sort.Strings(lines)
		return strings.Join(lines, "\n")
	}
	pg, emb := pairs("--db", dsn), pairs("--data", ref)
	t.Logf("pairs: %d on PostgreSQL, %d on the embedded reference", strings.Count(pg, "\n")+1, strings.Count(emb, "\n")+1)
	if pg != emb || strings.Count(emb, "\n") < 5 {
		t.Errorf("pairs on PostgreSQL differ from one embedded ingest (%d and %d pairs):\n%s",
			strings.Count(pg, "\n")+1, strings.Count(emb, "\n")+1, lineDiff(pg, emb, 10))
	}

	// Counts equal on the live replicas and the reference, no duplicates.
	refSearch := func(q string) int {
		out, err := exec.Command(bin, "search", "--json", "--limit", "1", "--data", ref, q).Output()
		if err != nil {
			t.Fatalf("reference search: %v", err)
		}
		var r struct{ Total int }
		json.Unmarshal(out, &r)
		return r.Total
	}
	for _, q := range []string{"工作", "计划", "测试单位"} {
		want := refSearch(q)
		for _, r := range rs[:2] {
			if _, n := r.search(q); n != want {
				t.Errorf("%s: %q finds %d, the reference %d", r.name, q, n, want)
			}
		}
	}

	// The killed replica restarts on its old data directory and catches up.
	r2, took := startReplica(t, bin, dsn, "r2", rs[2].dir)
	r2.name = "restarted r2"
	t.Logf("r2 restarted and ready (caught up) in %v", took.Round(time.Millisecond))
	for _, l := range strings.Split(r2.logs(), "\n") {
		if strings.Contains(l, "caught up") || strings.Contains(l, "repair") || strings.Contains(l, "ready") {
			t.Log("r2: " + l)
		}
	}
	// A new replica with an empty data directory builds its index from
	// the database.
	r3, took := startReplica(t, bin, dsn, "r3", filepath.Join(tmp, "r3"))
	t.Logf("r3 (empty data directory) ready in %v", took.Round(time.Millisecond))
	for _, q := range []string{"工作", "计划", "测试单位"} {
		want := refSearch(q)
		for _, r := range []*replica{r2, r3} {
			if _, n := r.search(q); n != want {
				t.Errorf("%s: %q finds %d, the reference %d", r.name, q, n, want)
			}
		}
	}

	// An upload that runs as a job (a zip of more than 20 files) is queued
	// in the database: its progress and results can be read from another
	// replica, and its documents are found on every replica.
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	for i := range 24 {
		w, _ := zw.Create(fmt.Sprintf("作业/%02d.txt", i))
		w.Write(genText(paras, 1000+i, 6))
	}
	zw.Close()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "作业.zip")
	fw.Write(zbuf.Bytes())
	mw.Close()
	resp, err := http.Post(r3.url+"/api/v1/documents", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("zip upload: %s: %s (want 202, a job)", resp.Status, b)
	}
	var queued struct {
		ID string `json:"job"`
	}
	if err := json.Unmarshal(b, &queued); err != nil || queued.ID == "" {
		t.Fatalf("job answer %s: %v", b, err)
	}
	start := time.Now()
	var st api.JobStatus
	for {
		resp, err := http.Get(r2.url + "/api/v1/jobs/" + queued.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("job %s on the other replica: %s: %s", queued.ID, resp.Status, b)
		}
		if err := json.Unmarshal(b, &st); err != nil {
			t.Fatal(err)
		}
		if st.State == "done" || st.State == "failed" || time.Since(start) > 3*time.Minute {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	jobCreated := 0 // results are per document: a file may hold several
	for _, r := range st.Results {
		if r.Status == api.StatusCreated {
			jobCreated++
		}
	}
	if st.State != "done" || st.Done != 24 || st.Total != 24 || jobCreated < 24 || jobCreated != len(st.Results) {
		t.Fatalf("job read from r2: state %s, %d/%d files done, %d of %d results created, want done 24/24, all created",
			st.State, st.Done, st.Total, jobCreated, len(st.Results))
	}
	t.Logf("a job queued on r3 was done after %v, read from r2", time.Since(start).Round(time.Millisecond))
	for _, r := range []*replica{r2, r3} {
		deadline := time.Now().Add(10 * time.Second)
		for {
			if _, n := r.search("作业"); n >= 24 || time.Now().After(deadline) {
				if n < 24 {
					t.Errorf("%s: the job's documents: %q finds %d, want ≥ 24", r.name, "作业", n)
				}
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

// lineDiff lists up to n lines only in a (-) and only in b (+).
func lineDiff(a, b string, n int) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	ma, mb := in(a), in(b)
	var out []string
	for _, l := range strings.Split(a, "\n") {
		if !mb[l] && len(out) < n {
			out = append(out, "- "+l)
		}
	}
	k := len(out)
	for _, l := range strings.Split(b, "\n") {
		if !ma[l] && len(out) < k+n {
			out = append(out, "+ "+l)
		}
	}
	return strings.Join(out, "\n")
}
