// Command benchreplicas measures how ingest scales with replicas on one
// PostgreSQL: the same files are split round-robin (in a shuffled order)
// over N `planmine ingest --db postgres://…` processes started together,
// each in its own cgroup v1 CPU quota (equal small machines on one host; PostgreSQL runs outside the
// quotas), and timed from the first start to the last exit. Each run gets a
// fresh database. After each run the corpus is checked: the document count
// of one embedded ingest of the same files, no document twice, none left
// without reuse results, and the pairs (ids and figures) equal to the
// embedded ingest's. Every ingest runs with --learn-chrome=false: chrome
// learnt from each replica's share of the files would change the texts.
//
// With -mode serve the replicas are `planmine serve --db` processes (the
// deployment): each is started and waited for (not timed), then sent its
// share of the files through POST /api/v1/documents, -batch files a
// synchronous request from -clients concurrent clients, and the run is
// timed from the first upload until every replica's search counts every
// document (each follows the others' writes through the change log). An
// upload reads its files without learning chrome, as --learn-chrome=false.
// Uploads arrive in another order than the reference's, so the pairs may
// differ there (documents over MaxCandidates), even with one replica.
//
//	benchreplicas -bin new=planmine[,old=planmine-old] -files DIR [-mode ingest|serve] [-replicas 1,3] [-runs 3] [-quota 50000] [-out DIR]
//
// Binaries and replica counts take turns run by run, so that they meet the
// same machine load. Prints one line per run and, per binary, the median
// docs/s per replica count and the median of the paired N/1 ratios.
package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/planmine/planmine/bench/internal/measure"
	"github.com/planmine/planmine/corpus/sqlite"
	"github.com/planmine/planmine/internal/pgtest"
	"github.com/planmine/planmine/internal/syncbuf"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchreplicas:", err)
		os.Exit(1)
	}
}

const cgroupRoot = "/sys/fs/cgroup/cpu"

type binary struct{ name, path string }

type result struct {
	bin      string
	replicas int
	wall     float64 // seconds, first start to last exit (serve: first upload to every document searchable everywhere)
	uploads  float64 // serve: seconds from the first upload to the last upload's answer
	cpu      float64 // seconds, user+sys of the planmine processes
	throttle float64 // seconds the quotas held the processes back
	docs     int
	docsPerS float64
	pairDiff string // "" when the pairs equal the reference's
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("benchreplicas", flag.ContinueOnError)
	bins := fs.String("bin", "", "planmine binaries, name=path, comma-separated")
	files := fs.String("files", "", "folder of input files (its top-level files are split over the replicas)")
	reps := fs.String("replicas", "1,3", "replica counts, comma-separated")
	runs := fs.Int("runs", 3, "runs per binary and replica count")
	quota := fs.Int("quota", 50000, "cgroup cpu.cfs_quota_us of each replica (period 100000: 50000 = half a core); 0 = no quota")
	shares := fs.Int("shares", 10240, "cgroup cpu.shares of each replica: above a plain process's 1024, so that on a busy host each replica still gets its quota")
	gomax := fs.Int("gomaxprocs", 1, "GOMAXPROCS of each replica (a small machine has few cores)")
	pgbin := fs.String("pgbin", "/usr/lib/postgresql/15/bin", "PostgreSQL binaries")
	outDir := fs.String("out", "", "work folder (default: a temporary one, removed at the end)")
	profile := fs.String("profile", "", "folder for a CPU profile of every replica (BIN-MODE-xN-runK-rI.prof)")
	mode := fs.String("mode", "ingest", "ingest: `planmine ingest --db` workers, each given its share of the files; "+
		"serve: `planmine serve --db` replicas, each sent its share through POST /api/v1/documents, timed until every replica's search finds every document")
	batch := fs.Int("batch", 10, "serve mode: files per upload request")
	clients := fs.Int("clients", 2, "serve mode: concurrent upload requests per replica")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *mode != "ingest" && *mode != "serve" {
		return fmt.Errorf("-mode: %q (ingest or serve)", *mode)
	}
	if *profile != "" {
		if err := os.MkdirAll(*profile, 0o755); err != nil {
			return err
		}
	}
	var bs []binary
	for _, b := range strings.Split(*bins, ",") {
		name, path, ok := strings.Cut(b, "=")
		if !ok {
			name, path = "planmine", b
		}
		if path == "" {
			continue
		}
		abs, err := filepath.Abs(path)
		if err != nil {
			return err
		}
		bs = append(bs, binary{name, abs})
	}
	if len(bs) == 0 || *files == "" {
		return errors.New("-bin and -files are required")
	}
	var counts []int
	for _, s := range strings.Split(*reps, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("-replicas: %q", s)
		}
		counts = append(counts, n)
	}
	inputs, err := listFiles(*files)
	if err != nil {
		return err
	}
	work := *outDir
	if work == "" {
		if work, err = os.MkdirTemp("", "benchreplicas-"); err != nil {
			return err
		}
		defer os.RemoveAll(work)
	} else if err := os.MkdirAll(work, 0o755); err != nil {
		return err
	}
	if *quota > 0 {
		if err := probeCgroups(); err != nil {
			fmt.Fprintf(out, "警告：无法使用 cgroup v1 CPU 配额 (warning: cgroup v1 cpu quotas not writable: %v); "+
				"replicas run without quotas, so the ratio measures this machine's cores, not equal small machines\n", err)
			*quota = 0
		}
	}
	o := options{mode: *mode, quota: *quota, shares: *shares, gomax: *gomax, profile: *profile, batch: *batch, clients: *clients}
	fmt.Fprintf(out, "mode %s; files: %d in %s; replicas %v; quota %d/100000 µs and cpu.shares %d per replica, GOMAXPROCS=%d; load average at start: %s\n",
		*mode, len(inputs), *files, counts, o.quota, *shares, *gomax, loadavg())

	srv, err := pgtest.Start(*pgbin)
	if err != nil {
		return fmt.Errorf("start PostgreSQL: %w", err)
	}
	defer srv.Stop()

	// The reference: one embedded ingest of every file, no quota.
	ref := filepath.Join(work, "ref")
	os.RemoveAll(ref)
	t0 := time.Now()
	refIn := filepath.Join(work, "ref-in")
	os.RemoveAll(refIn)
	if err := os.MkdirAll(refIn, 0o755); err != nil {
		return err
	}
	for _, f := range inputs {
		if err := linkOrCopy(f, filepath.Join(refIn, filepath.Base(f))); err != nil {
			return err
		}
	}
	if b, err := exec.Command(bs[0].path, "ingest", "--learn-chrome=false", "--data", ref, refIn).CombinedOutput(); err != nil {
		return fmt.Errorf("reference ingest: %v\n%s", err, tail(b))
	}
	refPairs, err := pairs(bs[0].path, "--data", ref)
	if err != nil {
		return err
	}
	refDocs, err := countDocs(ref)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "reference (embedded, one process, no quota): %d documents, %d pairs, %.1f s\n",
		refDocs, len(refPairs), time.Since(t0).Seconds())

	var all []result
	k := 0
	for r := 0; r < *runs; r++ {
		for _, b := range bs {
			for _, n := range counts {
				k++
				res, err := oneRun(srv.DSN, b, n, inputs, filepath.Join(work, fmt.Sprintf("run%d", k)), k, refDocs, refPairs, o)
				if err != nil {
					return fmt.Errorf("%s ×%d run %d: %w", b.name, n, r+1, err)
				}
				all = append(all, res)
				check := "corpus checked, pairs equal"
				if res.pairDiff != "" {
					check = "corpus checked; " + res.pairDiff
				}
				extra := ""
				if *mode == "serve" {
					extra = fmt.Sprintf("  uploads done %6.1f s, all visible %4.1f s later", res.uploads, res.wall-res.uploads)
				}
				fmt.Fprintf(out, "run %d %-8s replicas=%d wall %6.1f s  %5.1f docs/s  cpu %6.1f s  throttled %5.1f s%s  load %s  (%s)\n",
					r+1, b.name, n, res.wall, res.docsPerS, res.cpu, res.throttle, extra, loadavg(), check)
			}
		}
	}
	for _, b := range bs {
		base := map[int][]float64{}
		for _, r := range all {
			if r.bin == b.name {
				base[r.replicas] = append(base[r.replicas], r.docsPerS)
			}
		}
		var parts []string
		for _, n := range counts {
			parts = append(parts, fmt.Sprintf("%d: %.1f docs/s", n, measure.Median(base[n])))
		}
		line := fmt.Sprintf("%s medians: %s", b.name, strings.Join(parts, ", "))
		for _, n := range counts[1:] {
			var ratios []float64
			for i := range base[n] {
				if i < len(base[counts[0]]) {
					ratios = append(ratios, base[n][i]/base[counts[0]][i])
				}
			}
			sort.Float64s(ratios)
			line += fmt.Sprintf("; %d/%d ratio median %.2f× (runs %s)", n, counts[0], measure.Median(ratios), fmtList(ratios))
		}
		fmt.Fprintln(out, line)
	}
	fmt.Fprintf(out, "load average at end: %s\n", loadavg())
	return nil
}

// oneRun ingests the files with n replicas on a fresh database and checks
// the corpus.
func oneRun(adminDSN string, b binary, n int, inputs []string, dir string, k int,
	refDocs int, refPairs []string, o options) (result, error) {
	ctx := context.Background()
	os.RemoveAll(dir)
	db := fmt.Sprintf("bench%d", k)
	if err := exec1(ctx, adminDSN, "CREATE DATABASE "+db); err != nil {
		return result{}, err
	}
	dsn := withDB(adminDSN, db)
	// Round-robin split over the files in a fixed shuffled order (by a
	// hash of their names): in name order a folder whose types alternate
	// (benche2e: TXT, DOCX, PDF…) would give one replica every PDF, and
	// the slowest replica sets the wall time. Hard links, else copies:
	// ingest skips symbolic links in folders.
	for i, f := range shuffled(inputs) {
		d := filepath.Join(dir, fmt.Sprintf("in%d", i%n))
		if err := os.MkdirAll(d, 0o755); err != nil {
			return result{}, err
		}
		if err := linkOrCopy(f, filepath.Join(d, filepath.Base(f))); err != nil {
			return result{}, err
		}
	}
	var groups []string
	defer func() {
		for _, g := range groups {
			os.Remove(g)
		}
	}()
	cmds := make([]*exec.Cmd, n)
	logs := make([]*syncbuf.Buffer, n)
	for i := range n {
		shell := `exec "$@"`
		if o.quota > 0 {
			g := filepath.Join(cgroupRoot, fmt.Sprintf("planmine-bench-%d-%d-%d", os.Getpid(), k, i))
			if err := os.Mkdir(g, 0o755); err != nil {
				return result{}, err
			}
			groups = append(groups, g)
			if err := write(g, "cpu.cfs_period_us", "100000"); err != nil {
				return result{}, err
			}
			if err := write(g, "cpu.cfs_quota_us", strconv.Itoa(o.quota)); err != nil {
				return result{}, err
			}
			if err := write(g, "cpu.shares", strconv.Itoa(o.shares)); err != nil {
				return result{}, err
			}
			// The process joins its group before it execs planmine.
			shell = `echo $$ > "` + g + `/cgroup.procs" && exec "$@"`
		}
		index := filepath.Join(dir, fmt.Sprintf("index%d", i))
		args := []string{"sh", "-c", shell, "sh", b.path, "ingest", "--learn-chrome=false", "--db", dsn,
			"--data", index, filepath.Join(dir, fmt.Sprintf("in%d", i))}
		if o.mode == "serve" {
			args = []string{"sh", "-c", shell, "sh", b.path, "serve", "--db", dsn, "--data", index, "--addr", "127.0.0.1:0"}
		}
		c := exec.Command(args[0], args[1:]...)
		c.Env = append(os.Environ(), "GOMAXPROCS="+strconv.Itoa(o.gomax))
		if o.profile != "" {
			c.Env = append(c.Env, "PLANMINE_CPUPROFILE="+filepath.Join(o.profile, fmt.Sprintf("%s-%s-x%d-run%d-r%d.prof", b.name, o.mode, n, k, i)))
		}
		logs[i] = &syncbuf.Buffer{}
		c.Stdout, c.Stderr = logs[i], logs[i]
		cmds[i] = c
	}
	res := result{bin: b.name, replicas: n}
	var failed error
	if o.mode == "serve" {
		failed = serveRun(cmds, logs, dir, n, refDocs, o, &res)
	} else {
		start := time.Now()
		for i, c := range cmds {
			if err := c.Start(); err != nil {
				for _, c := range cmds[:i] {
					c.Process.Kill()
					c.Wait()
				}
				return result{}, err
			}
		}
		for i, c := range cmds {
			if err := c.Wait(); err != nil && failed == nil {
				failed = fmt.Errorf("replica %d: %v\n%s", i, err, tail(logs[i].Bytes()))
			}
		}
		res.wall = time.Since(start).Seconds()
	}
	for _, c := range cmds {
		if c.ProcessState == nil {
			continue
		}
		if ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage); ok {
			res.cpu += tv(ru.Utime) + tv(ru.Stime)
		}
	}
	for _, g := range groups {
		res.throttle += throttled(g)
	}
	if failed != nil {
		return res, failed
	}
	diff, err := checkCorpus(ctx, b.path, dsn, refDocs, refPairs)
	if err != nil {
		return res, err
	}
	res.pairDiff = diff
	if n == 1 && res.pairDiff != "" && o.mode != "serve" {
		// One replica ingests in the reference's order: no excuse. (A
		// serving replica takes its uploads from several clients at once,
		// in another order.)
		return res, errors.New(res.pairDiff)
	}
	res.docs = refDocs
	res.docsPerS = float64(refDocs) / res.wall
	return res, nil
}

// checkCorpus compares the database's corpus with the embedded reference:
// an error for a wrong count, a duplicate or a document without reuse
// results; a difference of the pairs is described in diff. Pairs are
// independent of arrival order except for documents with more than
// MaxCandidates candidates, aligned with the best of those present when
// they arrive: several replicas interleave the files in another order
// than the reference, so their pairs may differ there (one replica's may
// not).
func checkCorpus(ctx context.Context, bin, dsn string, refDocs int, refPairs []string) (diff string, err error) {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	var docs, ids, parts, unaligned int
	if err := conn.QueryRow(ctx, `SELECT count(*), count(DISTINCT id), count(DISTINCT (file_sha, part)),
		count(*) FILTER (WHERE reuse_cover IS NULL) FROM documents`).Scan(&docs, &ids, &parts, &unaligned); err != nil {
		return "", err
	}
	if refDocs == 0 || docs != refDocs || ids != docs || parts != docs {
		return "", fmt.Errorf("corpus: %d documents (%d ids, %d file parts), want %d as the embedded ingest", docs, ids, parts, refDocs)
	}
	if unaligned != 0 {
		return "", fmt.Errorf("corpus: %d documents without reuse results", unaligned)
	}
	got, err := pairs(bin, "--db", dsn)
	if err != nil {
		return "", err
	}
	if strings.Join(got, "\n") != strings.Join(refPairs, "\n") {
		missing, extra := diffLines(refPairs, got)
		return fmt.Sprintf("pairs differ from the embedded ingest: %d and %d; %d missing, %d extra (e.g. %q / %q)",
			len(got), len(refPairs), len(missing), len(extra), first(missing), first(extra)), nil
	}
	return "", nil
}

// pairs lists every pair by document ids and figures, sorted (the CSV's
// columns from the ids on; the sources before them name local paths).
func pairs(bin string, args ...string) ([]string, error) {
	out, err := exec.Command(bin, append([]string{"pairs", "--format", "csv"}, args...)...).Output()
	if err != nil {
		return nil, fmt.Errorf("pairs %v: %w", args, err)
	}
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil || len(rows) == 0 {
		return nil, fmt.Errorf("pairs %v: %v", args, err)
	}
	var lines []string
	for _, r := range rows[1:] {
		lines = append(lines, strings.Join(r[7:], ","))
	}
	sort.Strings(lines)
	return lines, nil
}

func countDocs(data string) (int, error) {
	st, err := sqlite.OpenStore(context.Background(), data)
	if err != nil {
		return 0, err
	}
	defer st.Close()
	return st.Count(context.Background())
}

func listFiles(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		p := filepath.Join(abs, e.Name())
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	if len(out) == 0 {
		return nil, fmt.Errorf("no files in %s", dir)
	}
	return out, nil
}

// shuffled orders files by an FNV-1a hash of their base names: the same
// order in every run, unrelated to the names' order.
func shuffled(files []string) []string {
	out := slices.Clone(files)
	key := func(f string) uint64 {
		h := fnv.New64a()
		h.Write([]byte(filepath.Base(f)))
		return h.Sum64()
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Compare(key(a), key(b)) })
	return out
}

func linkOrCopy(src, dst string) error {
	if real, err := filepath.EvalSymlinks(src); err == nil {
		src = real
	}
	if os.Link(src, dst) == nil {
		return nil
	}
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}

func probeCgroups() error {
	g := filepath.Join(cgroupRoot, fmt.Sprintf("planmine-bench-probe-%d", os.Getpid()))
	if err := os.Mkdir(g, 0o755); err != nil {
		return err
	}
	defer os.Remove(g)
	return write(g, "cpu.cfs_quota_us", "50000")
}

func write(dir, name, v string) error {
	return os.WriteFile(filepath.Join(dir, name), []byte(v), 0o644)
}

// throttled is the time the group's quota held it back, in seconds.
func throttled(g string) float64 {
	b, err := os.ReadFile(filepath.Join(g, "cpu.stat"))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "throttled_time "); ok {
			ns, _ := strconv.ParseFloat(v, 64)
			return ns / 1e9
		}
	}
	return 0
}

func exec1(ctx context.Context, dsn, sql string) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}

// withDB replaces the database of a postgres:// URL.
func withDB(dsn, db string) string {
	base, query, _ := strings.Cut(dsn, "?")
	i := strings.LastIndex(base, "/")
	out := base[:i+1] + db
	if query != "" {
		out += "?" + query
	}
	return out
}

func tv(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func tail(b []byte) string {
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

func diffLines(want, got []string) (missing, extra []string) {
	w := map[string]int{}
	for _, s := range want {
		w[s]++
	}
	for _, s := range got {
		if w[s] > 0 {
			w[s]--
		} else {
			extra = append(extra, s)
		}
	}
	for s, n := range w {
		for range n {
			missing = append(missing, s)
		}
	}
	return missing, extra
}

func first(xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	return xs[0]
}

func fmtList(xs []float64) string {
	var s []string
	for _, x := range xs {
		s = append(s, fmt.Sprintf("%.2f", x))
	}
	return strings.Join(s, " ")
}
