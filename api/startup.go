package api

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/planmine/planmine/corpus"
)

// A server made without a corpus listens at once and opens its data in
// the background (Start): first the store, then the search index (with its
// repair or rebuild), beside them the word segmenter, last the demo corpus.
// Each route waits only for what it needs: store reads answer as soon as
// the store is open; search, uploads and deletes when the index and the
// segmenter are too. Until then they answer 503 with the reason and a
// Retry-After header, and /readyz says what is still being done.

// Starter says how Start opens what the server serves; cmd wires the
// backends in.
type Starter struct {
	// OpenStore opens the corpus with its store only (local.OpenStore);
	// Start then opens its index. Required.
	OpenStore func(ctx context.Context) (*corpus.Corpus, error)
	// LoadSegmenter loads the word segmenter (segment.Default); it runs
	// beside the store and the index. nil leaves it to its first use.
	LoadSegmenter func() error
	// Demo, if set, loads the sample corpus once everything is open
	// (serve --demo).
	Demo func(ctx context.Context, c *corpus.Corpus) error
}

// need is what a route needs before it can answer.
type need int

const (
	needStore need = iota + 1 // store reads
	needIndex                 // the search index and the segmenter: search, uploads, deletes
	needAll                   // everything, the demo corpus included: /readyz
)

// progressLogEvery is how often a repair or rebuild logs its progress.
const progressLogEvery = 5 * time.Second

// startup is what a starting server has opened so far.
type startup struct {
	log   *slog.Logger
	mu    sync.Mutex
	began time.Time

	storeOpen, indexOpen, segLoaded, demoDone bool
	hasDemo                                   bool
	failed                                    error
	// index is the last progress report of OpenIndex (nil before it
	// starts), received at indexAt. The pace for the ETA is measured from
	// the step's first report with documents done (paceAt, paceDone): the
	// start of a rebuild may wait for the segmenter.
	index    *corpus.IndexProgress
	indexAt  time.Time
	paceAt   time.Time
	paceDone int
	lastLog  time.Time
}

// newStartup returns the state of a server that is ready at once (its
// corpus was given open) or that waits for Start.
func newStartup(log *slog.Logger, ready bool) *startup {
	return &startup{log: log, began: time.Now(),
		storeOpen: ready, indexOpen: ready, segLoaded: ready, demoDone: ready}
}

// Start opens the data of a server made without a corpus, while it
// already serves: the store first (store reads answer from then on), then
// the search index, repaired or rebuilt from the store when it needs to be,
// with the segmenter loading alongside; then the demo corpus. It returns
// the corpus as far as it was opened (the caller closes it after shutting
// the HTTP server down) and the first error, which the server also
// reports from then on: a failed start is fatal.
func (s *Server) Start(ctx context.Context, st Starter) (*corpus.Corpus, error) {
	s.starting.mu.Lock()
	s.starting.began = time.Now()
	s.starting.hasDemo = st.Demo != nil
	s.starting.mu.Unlock()
	seg := make(chan error, 1)
	if st.LoadSegmenter == nil {
		s.starting.set(func(u *startup) { u.segLoaded = true })
		seg <- nil
	} else {
		go func() {
			t := time.Now()
			err := st.LoadSegmenter()
			if err == nil {
				s.starting.set(func(u *startup) { u.segLoaded = true })
				s.log.Info("分词词典已加载 (dictionary loaded)", "took", time.Since(t).Round(time.Millisecond))
			}
			seg <- err
		}()
	}
	t := time.Now()
	c, err := st.OpenStore(ctx)
	if err != nil {
		return nil, s.starting.fail(fmt.Errorf("打开存储失败 (open store): %w", err))
	}
	s.metrics.observeBatches(c)
	s.starting.mu.Lock()
	s.corpus = readyBackend{c}
	s.starting.storeOpen = true
	s.starting.mu.Unlock()
	s.log.Info("存储已打开，可以浏览文档 (store open: documents can be browsed)", "took", time.Since(t).Round(time.Millisecond))
	t = time.Now()
	if err := c.OpenIndex(ctx, s.starting.progress); err != nil {
		return c, s.starting.fail(fmt.Errorf("打开搜索索引失败 (open search index): %w", err))
	}
	s.starting.set(func(u *startup) { u.indexOpen = true })
	s.log.Info("搜索索引已就绪 (search index ready)", "took", time.Since(t).Round(time.Millisecond))
	select {
	case err := <-seg:
		if err != nil {
			return c, s.starting.fail(err)
		}
	case <-ctx.Done():
		return c, s.starting.fail(ctx.Err())
	}
	if st.Demo != nil {
		if err := st.Demo(ctx, c); err != nil {
			return c, s.starting.fail(err)
		}
	}
	s.starting.set(func(u *startup) { u.demoDone = true })
	s.log.Info("planmine 已就绪 (ready)", "took", time.Since(s.starting.began).Round(time.Millisecond))
	return c, nil
}

func (u *startup) set(f func(*startup)) {
	u.mu.Lock()
	defer u.mu.Unlock()
	f(u)
}

func (u *startup) fail(err error) error {
	u.set(func(u *startup) {
		if u.failed == nil {
			u.failed = err
		}
	})
	return err
}

// progress receives OpenIndex's reports and logs a repair or rebuild: when
// it starts, every progressLogEvery, and the merge at its end.
func (u *startup) progress(p corpus.IndexProgress) { u.progressAt(p, time.Now()) }

func (u *startup) progressAt(p corpus.IndexProgress, now time.Time) {
	u.mu.Lock()
	prev := u.index
	newStep := prev == nil || prev.Step != p.Step || p.Done < prev.Done
	if newStep {
		u.paceAt = time.Time{}
	}
	if u.paceAt.IsZero() && p.Done > 0 {
		u.paceAt, u.paceDone = now, p.Done
	}
	u.index, u.indexAt = &p, now
	eta := u.eta(now)
	merging := p.Step == corpus.IndexRebuilding && p.Total > 0 && p.Done == p.Total
	logIt := p.Step != corpus.IndexOpening && p.Total > 0 && (newStep || now.Sub(u.lastLog) >= progressLogEvery ||
		merging && prev != nil && prev.Done < p.Total)
	if logIt {
		u.lastLog = now
	}
	u.mu.Unlock()
	if !logIt {
		return
	}
	switch {
	case newStep && p.Step == corpus.IndexRebuilding:
		u.log.Warn("正在从存储重建搜索索引：期间可以浏览文档，搜索和导入暂不可用 (rebuilding the search index from the store: documents can be browsed meanwhile, search and uploads wait)",
			"total", p.Total)
	case newStep && p.Step == corpus.IndexRepairing:
		u.log.Warn("正在修复搜索索引：期间可以浏览文档，搜索和导入暂不可用 (repairing the search index: documents can be browsed meanwhile, search and uploads wait)",
			"missing", p.Total)
	case merging:
		u.log.Info("重建搜索索引：合并索引段 (rebuilding the search index: merging segments)", "done", p.Done, "total", p.Total)
	default:
		args := []any{"done", p.Done, "total", p.Total}
		if eta >= 0 {
			args = append(args, "eta", (time.Duration(eta) * time.Second).String())
		}
		u.log.Info(stepLabel(p.Step), args...)
	}
}

// eta is the seconds the current repair or rebuild still needs, from its
// pace so far; -1 while unknown. The caller holds u.mu.
func (u *startup) eta(now time.Time) int {
	p := u.index
	if p == nil || p.Step == corpus.IndexOpening || u.paceAt.IsZero() || p.Done <= u.paceDone || p.Total <= p.Done {
		return -1
	}
	perDoc := u.indexAt.Sub(u.paceAt).Seconds() / float64(p.Done-u.paceDone)
	left := perDoc*float64(p.Total-p.Done) - now.Sub(u.indexAt).Seconds()
	return max(int(left+0.5), 0)
}

func stepLabel(s corpus.IndexStep) string {
	switch s {
	case corpus.IndexRepairing:
		return "修复搜索索引 (repairing the search index)"
	case corpus.IndexRebuilding:
		return "重建搜索索引 (rebuilding the search index)"
	case corpus.IndexCatchingUp:
		return "应用变更记录 (catching up with the change log)"
	}
	return "打开搜索索引 (opening the search index)"
}

// startupStatus is what /readyz, and every 503 of a route still waiting,
// say about the start: each part's state, and the documents done of a
// repair or rebuild with its estimated seconds left.
type startupStatus struct {
	Store          string  `json:"store"`     // opening|ready
	Index          string  `json:"index"`     // waiting|opening|repairing|rebuilding|catching_up|ready
	Segmenter      string  `json:"segmenter"` // loading|ready
	Demo           string  `json:"demo,omitempty"`
	Done           int     `json:"done,omitempty"`
	Total          int     `json:"total,omitempty"`
	ETASeconds     *int    `json:"eta_seconds,omitempty"`
	ElapsedSeconds float64 `json:"elapsed_seconds"`
	Error          string  `json:"error,omitempty"`
}

// state returns the status and the reason in words; the caller holds u.mu.
func (u *startup) state(now time.Time) (startupStatus, string) {
	st := startupStatus{Store: "opening", Index: "waiting", Segmenter: "loading",
		ElapsedSeconds: now.Sub(u.began).Round(100 * time.Millisecond).Seconds()}
	var parts []string
	if u.storeOpen {
		st.Store = "ready"
	} else {
		parts = append(parts, "正在打开存储 (opening the store)")
	}
	switch {
	case u.indexOpen:
		st.Index = "ready"
	case u.index != nil:
		p := *u.index
		st.Index = [...]string{"opening", "repairing", "rebuilding", "catching_up"}[p.Step]
		if p.Step == corpus.IndexOpening {
			parts = append(parts, "正在打开搜索索引 (opening the search index)")
			break
		}
		st.Done, st.Total = p.Done, p.Total
		if p.Step == corpus.IndexCatchingUp {
			// Done and Total count changes of the shared store's log.
			parts = append(parts, fmt.Sprintf("正在应用其他副本的变更 %d/%d (catching up with the change log: %d/%d changes applied)",
				p.Done, p.Total, p.Done, p.Total))
			break
		}
		zh, en := "修复", "repairing"
		if p.Step == corpus.IndexRebuilding {
			zh, en = "重建", "rebuilding"
		}
		switch eta := u.eta(now); {
		case p.Step == corpus.IndexRebuilding && p.Total > 0 && p.Done >= p.Total:
			parts = append(parts, "正在重建搜索索引：合并索引段 (rebuilding the search index: merging segments)")
		case eta >= 0:
			st.ETASeconds = &eta
			parts = append(parts, fmt.Sprintf("正在%s搜索索引 %d/%d，约剩 %d 秒 (%s the search index %d/%d, about %d s left)",
				zh, p.Done, p.Total, eta, en, p.Done, p.Total, eta))
		default:
			parts = append(parts, fmt.Sprintf("正在%s搜索索引 %d/%d (%s the search index %d/%d)", zh, p.Done, p.Total, en, p.Done, p.Total))
		}
	}
	if u.segLoaded {
		st.Segmenter = "ready"
	} else {
		parts = append(parts, "正在加载分词词典 (loading the word segmenter)")
	}
	if u.hasDemo {
		switch {
		case u.demoDone:
			st.Demo = "ready"
		case u.storeOpen && u.indexOpen && u.segLoaded:
			st.Demo = "loading"
			parts = append(parts, "正在载入示例文档 (loading the demo corpus)")
		default:
			st.Demo = "waiting"
		}
	}
	if u.failed != nil {
		st.Error = u.failed.Error()
		return st, "启动失败 (start-up failed)：" + u.failed.Error()
	}
	return st, strings.Join(parts, "；")
}

// check returns nil when what n needs is open, else the 503 to answer.
func (u *startup) check(n need) *apiError {
	u.mu.Lock()
	defer u.mu.Unlock()
	ok := u.storeOpen
	if n >= needIndex {
		ok = ok && u.indexOpen && u.segLoaded
	}
	if n >= needAll {
		ok = ok && u.demoDone
	}
	if ok && u.failed == nil {
		return nil
	}
	now := time.Now()
	st, reason := u.state(now)
	var msg string
	switch {
	case u.failed != nil:
		msg = reason
	case n == needAll:
		msg = "服务正在启动 (starting up)：" + reason
	case n == needIndex && u.storeOpen:
		msg = "检索、导入和删除暂不可用，请稍后重试 (search, uploads and deletes are not available yet, retry later)：" + reason
	default:
		msg = "服务正在启动，请稍后重试 (starting up, retry later)：" + reason
	}
	e := newError(http.StatusServiceUnavailable, CodeUnavailable, msg)
	e.Startup = &st
	e.RetryAfter = 5
	if st.ETASeconds != nil {
		e.RetryAfter = min(max(*st.ETASeconds, 1), 30)
	}
	return e
}

// need answers 503 until what the route needs is open.
func (s *Server) need(n need) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := s.starting.check(n); err != nil {
			s.writeError(c, err)
			return
		}
		c.Next()
	}
}

// retryAfter sets the Retry-After header of a 503 that knows when to retry.
func retryAfter(c *gin.Context, e *apiError) {
	if e.RetryAfter > 0 {
		c.Header("Retry-After", strconv.Itoa(e.RetryAfter))
	}
}
