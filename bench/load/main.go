// Command load is the reviewer service's load test: it starts the API
// in-process on 127.0.0.1 over a fresh corpus, fills the corpus with
// generated documents through the upload endpoint, then runs N concurrent
// clients mixing searches, document views, list pages and uploads for a
// fixed time, and prints per-endpoint latency percentiles and errors.
//
//	go run ./bench/load -docs 1000 -duration 15s -clients 32
//	go run ./bench/load -docs 10000 -duration 60s -clients 32   # the full issue run
//
// Traffic goes only to the loopback server it starts; the loops are bounded
// by -duration and stop by themselves.
package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"github.com/planmine/planmine/ingest"
	"github.com/planmine/planmine/nlp"
	"io"
	"log/slog"
	"math/rand/v2"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime/pprof"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/planmine/planmine/api"
	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/search"
	"github.com/planmine/planmine/corpus/sqlite"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	docs := fs.Int("docs", 1000, "documents to load before the run")
	dur := fs.Duration("duration", 15*time.Second, "length of the mixed run")
	clients := fs.Int("clients", 32, "concurrent clients")
	dataDir := fs.String("data", "", "data dir (default: a temp dir, removed afterwards)")
	uploadShare := fs.Float64("uploads", 0.05, "share of requests that upload a new document")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	direct := fs.Bool("direct", false, "fill the corpus in process (read, analyse, corpus.AddBatch) instead of through upload jobs; the mixed run still goes through HTTP")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	dir := *dataDir
	if dir == "" {
		d, err := os.MkdirTemp("", "planmine-load-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	c, err := corpus.Open(ctx, dir, corpus.Options{OpenStore: sqlite.OpenStore, OpenIndex: search.OpenIndex})
	if err != nil {
		return err
	}
	defer c.Close()
	srv := api.NewServer(api.Deps{Corpus: c, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), QueueSize: 64})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := srv.HTTPServer(ln.Addr().String())
	go hs.Serve(ln)
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		hs.Shutdown(sctx)
		srv.Shutdown(sctx)
	}()
	base := "http://" + ln.Addr().String()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *clients * 2}, Timeout: 2 * time.Minute}

	// Fill through the API, 250 files per zip job, or directly.
	start := time.Now()
	var ids []string
	if *direct {
		ids, err = fillDirect(ctx, c, *docs)
	} else {
		ids, err = fill(client, base, *docs)
	}
	if err != nil {
		return err
	}
	fill := time.Since(start)
	fmt.Fprintf(out, "loaded %d documents in %v (%.1f docs/s)\n", len(ids), fill.Round(time.Millisecond), float64(len(ids))/fill.Seconds())

	// The mixed run.
	queries := []string{"党员", "黨員", "三会一课", "志愿服务", "满意度", "医德医风 type:plan", "year:2024", "培训 org:医院", "廉政", "发展党员 year:>=2020"}
	var (
		mu    sync.Mutex
		stats = map[string][]time.Duration{}
		errs  = map[string]int{}
		seq   atomic.Int64
		first = map[string]string{}
	)
	record := func(ep string, d time.Duration, err error) {
		mu.Lock()
		defer mu.Unlock()
		stats[ep] = append(stats[ep], d)
		if err != nil {
			errs[ep]++
			if first[ep] == "" {
				first[ep] = err.Error()
			}
		}
	}
	deadline := time.Now().Add(*dur)
	var wg sync.WaitGroup
	for w := range *clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 42))
			for time.Now().Before(deadline) {
				r := rng.Float64()
				var ep, path string
				var body []byte
				var ctype string
				switch {
				case r < *uploadShare:
					ep = "POST /documents"
					n := int(seq.Add(1))
					name, text := genDoc(1_000_000+n, rng)
					b, ct := multipartFiles(map[string][]byte{name: []byte(text)})
					body, ctype, path = b, ct, "/api/v1/documents"
				case r < 0.50:
					ep = "GET /search"
					path = "/api/v1/search?q=" + url.QueryEscape(queries[rng.IntN(len(queries))])
				case r < 0.85:
					ep = "GET /documents/{id}"
					path = "/api/v1/documents/" + ids[rng.IntN(len(ids))]
				default:
					ep = "GET /documents"
					path = fmt.Sprintf("/api/v1/documents?sort=reuse&offset=%d&limit=50", rng.IntN(max(1, len(ids)-50)))
				}
				t0 := time.Now()
				err := call(client, base+path, body, ctype)
				record(ep, time.Since(t0), err)
			}
		}()
	}
	wg.Wait()
	total := 0
	eps := make([]string, 0, len(stats))
	for ep, ds := range stats {
		eps = append(eps, ep)
		total += len(ds)
	}
	sort.Strings(eps)
	fmt.Fprintf(out, "\n%d clients, %v, %d requests (%.0f req/s)\n", *clients, *dur, total, float64(total)/dur.Seconds())
	fmt.Fprintf(out, "%-22s %7s %6s %9s %9s %9s %9s\n", "endpoint", "count", "errors", "p50", "p95", "p99", "max")
	allErr := 0
	for _, ep := range eps {
		ds := stats[ep]
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		q := func(p float64) time.Duration { return ds[min(len(ds)-1, int(p*float64(len(ds))))] }
		fmt.Fprintf(out, "%-22s %7d %6d %9s %9s %9s %9s\n", ep, len(ds), errs[ep],
			ms(q(.50)), ms(q(.95)), ms(q(.99)), ms(ds[len(ds)-1]))
		allErr += errs[ep]
		if first[ep] != "" {
			fmt.Fprintf(out, "  first error: %s\n", first[ep])
		}
	}
	if allErr > 0 {
		return fmt.Errorf("%d errors", allErr)
	}
	return nil
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }

// call sends one request; any status >= 400 is an error.
func call(c *http.Client, u string, body []byte, ctype string) error {
	var resp *http.Response
	var err error
	if body != nil {
		resp, err = c.Post(u, ctype, bytes.NewReader(body))
	} else {
		resp, err = c.Get(u)
	}
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 400 {
		return fmt.Errorf("%d %s", resp.StatusCode, strings.TrimSpace(string(b[:min(len(b), 200)])))
	}
	return nil
}

// fill uploads n generated documents in zip jobs and returns their ids.
// fillDirect reads, analyses and stores n generated documents in process,
// 200 files per corpus.AddBatch: the same pipeline as an upload, without
// the HTTP round trips, to prepare a large corpus for the serving run.
func fillDirect(ctx context.Context, c *corpus.Corpus, n int) ([]string, error) {
	rng := rand.New(rand.NewPCG(7, 7))
	var ids []string
	var batch []corpus.File
	flush := func() error {
		res, errs, err := c.AddBatch(ctx, batch)
		if err != nil {
			return err
		}
		for i := range res {
			if errs[i] != nil {
				return errs[i]
			}
			ids = append(ids, res[i].IDs...)
		}
		batch = batch[:0]
		return nil
	}
	for i := range n {
		name, text := genDoc(i, rng)
		docs, err := ingest.Read(ctx, name, strings.NewReader(text), ingest.Options{})
		if err != nil {
			return nil, err
		}
		for k := range docs {
			if err := nlp.Analyze(ctx, &docs[k]); err != nil {
				return nil, err
			}
		}
		batch = append(batch, corpus.File{Name: name, Original: []byte(text), Docs: docs})
		if len(batch) == 200 {
			if err := flush(); err != nil {
				return nil, err
			}
		}
	}
	if len(batch) > 0 {
		if err := flush(); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

func fill(c *http.Client, base string, n int) ([]string, error) {
	rng := rand.New(rand.NewPCG(7, 7))
	var ids []string
	for done := 0; done < n; {
		batch := min(250, n-done)
		var zb bytes.Buffer
		zw := zip.NewWriter(&zb)
		for i := range batch {
			name, text := genDoc(done+i, rng)
			w, _ := zw.Create(name)
			w.Write([]byte(text))
		}
		zw.Close()
		body, ct := multipartFiles(map[string][]byte{fmt.Sprintf("batch%05d.zip", done): zb.Bytes()})
		resp, err := c.Post(base+"/api/v1/documents", ct, bytes.NewReader(body))
		if err != nil {
			return nil, err
		}
		var acc struct {
			Job     string       `json:"job"`
			Results []api.Result `json:"results"`
		}
		err = json.NewDecoder(resp.Body).Decode(&acc)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		results := acc.Results
		if acc.Job != "" {
			for {
				time.Sleep(200 * time.Millisecond)
				r, err := c.Get(base + "/api/v1/jobs/" + acc.Job)
				if err != nil {
					return nil, err
				}
				var js api.JobStatus
				err = json.NewDecoder(r.Body).Decode(&js)
				r.Body.Close()
				if err != nil {
					return nil, err
				}
				if js.State == api.JobDone {
					results = js.Results
					break
				}
			}
		}
		for _, r := range results {
			if r.ID != "" {
				ids = append(ids, r.ID)
			}
		}
		done += batch
	}
	if len(ids) == 0 {
		return nil, errors.New("no document loaded")
	}
	return ids, nil
}

func multipartFiles(files map[string][]byte) ([]byte, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for name, data := range files {
		w, _ := mw.CreateFormFile("file", name)
		w.Write(data)
	}
	mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

// Generator tables: bodies, topics and target sentences of the genre.
var (
	orgs = []string{"市第一人民医院", "县中医院", "区妇幼保健院", "市疾病预防控制中心", "省肿瘤医院", "县人民医院",
		"市口腔医院", "区社区卫生服务中心", "市精神卫生中心", "县卫生健康局", "市中心血站", "镇卫生院"}
	bodies = []string{"党委", "党总支", "第一党支部", "纪委", "团委", "工会"}
	topics = []struct{ t, kind string }{{"党建工作计划", "plan"}, {"党风廉政建设工作要点", "plan"}, {"志愿服务活动实施方案", "scheme"},
		{"理论学习中心组学习计划", "plan"}, {"党建工作总结", "summary"}, {"医德医风专项整治实施方案", "scheme"},
		{"年度工作总结", "summary"}, {"青年文明号创建方案", "scheme"}}
	heads   = []string{"指导思想", "工作目标", "主要任务", "保障措施", "组织领导", "工作要求", "进度安排", "考核评价"}
	targets = []string{"全年发展党员不少于%d名。", "每季度召开专题会议%d次。", "组织志愿服务%d次以上。", "开展业务培训%d场，培训覆盖率达到95%%以上。",
		"患者满意度提高到9%d%%以上。", "每月开展主题党日活动不少于%d次。", "年底前完成%d项整改任务。", "选派%d名骨干下沉基层。"}
	fills = []string{"坚持以人民健康为中心，把党的建设贯穿医院改革发展全过程。", "深入落实党委领导下的院长负责制，健全议事决策制度。",
		"认真执行“三会一课”制度，推动支部标准化规范化建设。", "加强医德医风教育，严肃查处收受红包回扣等违规行为。",
		"发挥党支部战斗堡垒作用和党员先锋模范作用，服务临床一线。", "完善考核评价机制，把党建工作成效与科室绩效考核挂钩。",
		"聚焦群众看病就医的急难愁盼，持续改善医疗服务。", "推进清廉医院建设，织密权力运行监督网。", "加强青年人才培养，建立导师带教制度。",
		"开展“我为群众办实事”实践活动，优化门诊流程。", "落实意识形态工作责任制，加强阵地管理。", "深化党建与业务融合，打造特色党建品牌。"}
	nums = []string{"一", "二", "三", "四", "五", "六", "七", "八"}
)

// genDoc writes the i-th document; rng varies the sentence choices so a
// large corpus is not one text repeated.
func genDoc(i int, rng *rand.Rand) (name, text string) {
	org := orgs[i%len(orgs)] + bodies[(i/len(orgs))%len(bodies)]
	tp := topics[rng.IntN(len(topics))]
	year := 2015 + i%12
	var b strings.Builder
	fmt.Fprintf(&b, "%s%d年%s\n\n", org, year, tp.t)
	for h := range 3 + rng.IntN(5) {
		fmt.Fprintf(&b, "%s、%s\n", nums[h], heads[rng.IntN(len(heads))])
		for range 1 + rng.IntN(3) {
			b.WriteString(fills[rng.IntN(len(fills))])
		}
		fmt.Fprintf(&b, targets[rng.IntN(len(targets))]+"（%d-%d）\n\n", 1+rng.IntN(12), i, h)
	}
	fmt.Fprintf(&b, "%s\n%d年%d月%d日\n", org, year, 1+rng.IntN(12), 1+rng.IntN(28))
	return fmt.Sprintf("load_%06d_%s.txt", i, tp.kind), b.String()
}
