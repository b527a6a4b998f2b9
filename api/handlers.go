package api

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/export"
	"github.com/planmine/planmine/corpus/tracker"
	"github.com/planmine/planmine/doc"
)

// Handlers pass c.Request.Context(), never the *gin.Context itself, to
// the corpus: gin recycles its Context after the handler returns, while
// database/sql may still watch the context from another goroutine.

// maxPage caps limit= on list endpoints so one request cannot ask for the
// whole corpus in one page.
const maxPage = 500

// Every list that can be long pages the same way: offset= (rows to skip)
// and limit= (page size, capped at maxPage), and answers with "total" (all
// matching rows) plus the "offset" and "limit" it applied, so a client sees
// a capped page size rather than silently missing rows.

// paging reads offset and limit with defaults and bounds.
func paging(c *gin.Context, def int) (offset, limit int, err error) {
	offset, err = intParam(c, "offset", 0)
	if err != nil {
		return 0, 0, err
	}
	limit, err = intParam(c, "limit", def)
	if err != nil {
		return 0, 0, err
	}
	if offset < 0 || limit < 0 {
		return 0, 0, badRequest("offset 和 limit 不能为负数 (offset and limit must not be negative)")
	}
	if limit == 0 {
		limit = def
	}
	if limit > maxPage {
		limit = maxPage
	}
	return offset, limit, nil
}

func intParam(c *gin.Context, name string, def int) (int, error) {
	v := strings.TrimSpace(c.Query(name))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, badRequest(fmt.Sprintf("参数 %s 应为整数 (parameter %s must be an integer): %q", name, name, v))
	}
	return n, nil
}

func floatParam(c *gin.Context, name string) (*float64, error) {
	v := strings.TrimSpace(c.Query(name))
	if v == "" {
		return nil, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return nil, badRequest(fmt.Sprintf("参数 %s 应为数字 (parameter %s must be a number): %q", name, name, v))
	}
	return &f, nil
}

// minScoreParam is the min_score query parameter of the reuse pair lists,
// 0 when absent.
func minScoreParam(c *gin.Context) (float64, error) {
	f, err := floatParam(c, "min_score")
	if err != nil || f == nil {
		return 0, err
	}
	return *f, nil
}

// sortOrders are the accepted sort= values of GET /documents.
var sortOrders = map[string]string{
	"": corpus.SortCreated, "created": corpus.SortCreated, "reuse": corpus.SortReuse,
	"year": corpus.SortYear, "title": corpus.SortTitle,
}

// handleList is GET /api/v1/documents.
func (s *Server) handleList(c *gin.Context) {
	off, lim, err := paging(c, 50)
	if err != nil {
		s.writeError(c, err)
		return
	}
	year, err := intParam(c, "year", 0)
	if err != nil {
		s.writeError(c, err)
		return
	}
	minReuse, err := floatParam(c, "min_reuse")
	if err != nil {
		s.writeError(c, err)
		return
	}
	sortBy, ok := sortOrders[c.Query("sort")]
	if !ok {
		s.writeError(c, badRequest("sort 只能是 reuse、year、title 或 created (sort must be reuse, year, title or created)"))
		return
	}
	f := corpus.ListFilter{Type: c.Query("type"), Year: year, Org: c.Query("org"), Q: c.Query("q"),
		Offset: off, Limit: lim, Sort: sortBy}
	if minReuse != nil {
		f.MinReuse = *minReuse
	}
	docs, total, err := s.corpus.List(c.Request.Context(), f)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if docs == nil {
		docs = []corpus.DocSummary{}
	}
	c.JSON(http.StatusOK, gin.H{"total": total, "offset": off, "limit": lim, "documents": docs})
}

// handleGet is GET /api/v1/documents/{id}.
func (s *Server) handleGet(c *gin.Context) {
	d, err := s.corpus.Get(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	d.Sections = emptyChildren(d.Sections)
	c.JSON(http.StatusOK, d)
}

// emptyChildren makes leaf sections carry "children": [] as SPEC §2 shows,
// where the outline extractor leaves them nil.
func emptyChildren(ss []doc.Section) []doc.Section {
	if ss == nil {
		return []doc.Section{}
	}
	for i := range ss {
		ss[i].Children = emptyChildren(ss[i].Children)
	}
	return ss
}

// contentTypes are the types the originals are served with; anything else
// is application/octet-stream.
var contentTypes = map[string]string{
	".txt": "text/plain; charset=utf-8", ".pdf": "application/pdf",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".doc":  "application/msword", ".html": "text/html", ".htm": "text/html",
	".zip": "application/zip",
}

// handleOriginal is GET /api/v1/documents/{id}/original: the bytes as
// uploaded, as an attachment (never rendered inline: an uploaded HTML page
// must not run in the UI's origin).
func (s *Server) handleOriginal(c *gin.Context) {
	name, data, err := s.corpus.Original(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	ct, ok := contentTypes[strings.ToLower(path.Ext(name))]
	if !ok {
		ct = "application/octet-stream"
	}
	if strings.HasPrefix(ct, "text/plain") {
		// The original may be GBK or Big5: do not claim UTF-8 for it.
		ct = "text/plain"
	}
	c.Header("Content-Disposition", attachment(name))
	c.Data(http.StatusOK, ct, data)
}

// attachment builds a Content-Disposition with an ASCII fallback and the
// RFC 5987 UTF-8 filename* that browsers use for Chinese names.
func attachment(name string) string {
	return attachmentAs(name, name)
}

// attachmentAs is attachment with its own ASCII fallback name (targets_plan_2025.xlsx
// for 目标台账_计划_2025.xlsx); what is still not printable ASCII in it becomes "_".
func attachmentAs(name, fallback string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' {
			return '_'
		}
		return r
	}, fallback)
	v := mime.FormatMediaType("attachment", map[string]string{"filename": ascii})
	if v == "" {
		v = "attachment"
	}
	return v + "; filename*=UTF-8''" + url.PathEscape(name)
}

// handleDelete is DELETE /api/v1/documents/{id}.
func (s *Server) handleDelete(c *gin.Context) {
	if err := s.corpus.Delete(c.Request.Context(), c.Param("id")); err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"deleted": c.Param("id")})
}

// handleDocReuse is GET /api/v1/documents/{id}/reuse.
func (s *Server) handleDocReuse(c *gin.Context) {
	ps, err := s.corpus.DocumentReuse(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	// The figures are the store's, over the document's countable text, so
	// the total (总复制比) is the listed reuse score and never below the
	// largest single source.
	fig, err := s.corpus.DocumentFigures(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"pairs": nonNil(ps), "figures": fig})
}

// handleSearch is GET /api/v1/search.
func (s *Server) handleSearch(c *gin.Context) {
	off, lim, err := paging(c, 10)
	if err != nil {
		s.writeError(c, err)
		return
	}
	q := strings.TrimSpace(c.Query("q"))
	// Field parameters are the query language's filters, so
	// ?q=党员&year=2026 is q="党员 year:2026".
	for _, k := range []string{"type", "year", "org", "slogan", "unit", "kind", "reuse", "metric", "title", "source", "placeholder", "script"} {
		if v := strings.TrimSpace(c.Query(k)); v != "" {
			if strings.ContainsAny(v, " \t") {
				v = `"` + strings.ReplaceAll(v, `"`, "") + `"`
			}
			q += " " + k + ":" + v
		}
	}
	res, err := s.corpus.Search(c.Request.Context(), corpus.Query{Q: strings.TrimSpace(q), Offset: off, Limit: lim,
		NoFacets: c.Query("facets") == "false"})
	if err != nil {
		s.writeError(c, err)
		return
	}
	if res.Hits == nil {
		res.Hits = []corpus.Hit{}
	}
	if res.Facets == nil {
		res.Facets = map[string][]corpus.FacetCount{}
	}
	c.JSON(http.StatusOK, struct {
		corpus.SearchResult
		Offset int `json:"offset"`
		Limit  int `json:"limit"`
	}{res, off, lim})
}

// targetFilter reads the GET /targets filters. The tracker parses them,
// as it does the CLI's flags, so the users' words work in both:
// kind=计划, year=2025年, cmp=不少于, type=总结, status=未完成, min=1万.
func targetFilter(c *gin.Context) (tracker.Filter, error) {
	return tracker.ParseFilter(c.Query)
}

// handleTargets is GET /api/v1/targets; format=csv|xlsx export every
// matching row, json pages. Plan rows carry their follow-up (the achieved
// figure linked from the same organisation's summary, and a status).
func (s *Server) handleTargets(c *gin.Context) {
	f, err := targetFilter(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	format := strings.ToLower(c.DefaultQuery("format", "json"))
	switch format {
	case "json":
		if f.Offset, f.Limit, err = paging(c, 100); err != nil {
			s.writeError(c, err)
			return
		}
	case "csv", "xlsx":
		f.Limit = -1
	default:
		s.writeError(c, badRequest("format 只能是 json、csv 或 xlsx (format must be json, csv or xlsx)"))
		return
	}
	rows, total, err := tracker.Rows(c.Request.Context(), s.corpus, f)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if rows == nil {
		rows = []corpus.TargetRow{}
	}
	name, ascii := tracker.FileName(f, format, time.Now())
	switch format {
	case "csv":
		c.Header("Content-Disposition", attachmentAs(name, ascii))
		c.Header("Content-Type", "text/csv; charset=utf-8")
		c.Status(http.StatusOK)
		if err := export.CSV(c.Writer, rows); err != nil {
			s.log.Warn("导出 CSV 失败 (csv export failed)", "err", err)
		}
	case "xlsx":
		var buf bytes.Buffer
		if err := export.XLSX(&buf, rows); err != nil {
			s.writeError(c, err)
			return
		}
		c.Header("Content-Disposition", attachmentAs(name, ascii))
		c.Data(http.StatusOK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buf.Bytes())
	default:
		c.Header("Content-Type", "application/json; charset=utf-8")
		c.Status(http.StatusOK)
		if err := export.JSON(c.Writer, total, rows); err != nil {
			s.log.Warn("写出指标失败 (targets write failed)", "err", err)
		}
	}
}

// handlePairs is GET /api/v1/reuse/pairs: one page of the pairs, most
// copied first.
func (s *Server) handlePairs(c *gin.Context) {
	ms, err := minScoreParam(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	off, lim, err := paging(c, 100)
	if err != nil {
		s.writeError(c, err)
		return
	}
	ps, total, err := s.corpus.ReusePairPage(c.Request.Context(), ms, off, lim)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"total": total, "offset": off, "limit": lim, "pairs": nonNil(ps)})
}

// handleClusters is GET /api/v1/reuse/clusters: one page of the clusters,
// largest first, with the list rows of their documents by id.
func (s *Server) handleClusters(c *gin.Context) {
	off, lim, err := paging(c, 50)
	if err != nil {
		s.writeError(c, err)
		return
	}
	cl, err := s.corpus.ReuseClusters(c.Request.Context())
	if err != nil {
		s.writeError(c, err)
		return
	}
	page := pageOf(cl, off, lim)
	var ids []string
	for _, g := range page {
		ids = append(ids, g...)
	}
	docs := map[string]corpus.DocSummary{}
	if len(ids) > 0 {
		if docs, err = s.corpus.Summaries(c.Request.Context(), ids); err != nil {
			s.writeError(c, err)
			return
		}
	}
	c.JSON(http.StatusOK, gin.H{"total": len(cl), "offset": off, "limit": lim, "clusters": page, "documents": docs})
}

// handleSlogans is GET /api/v1/slogans: one page of the slogans, the most
// widely used first.
func (s *Server) handleSlogans(c *gin.Context) {
	off, lim, err := paging(c, 100)
	if err != nil {
		s.writeError(c, err)
		return
	}
	sl, err := s.corpus.Slogans(c.Request.Context())
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"total": len(sl), "offset": off, "limit": lim, "slogans": pageOf(sl, off, lim)})
}

// pageOf cuts one page out of a list computed in full; never nil.
func pageOf[T any](all []T, off, lim int) []T {
	if off >= len(all) {
		return []T{}
	}
	return all[off:min(off+lim, len(all))]
}

// handleHealth is GET /healthz: the process answers.
func (s *Server) handleHealth(c *gin.Context) {
	h := gin.H{"status": "ok"}
	if s.deps.Notice != "" {
		h["notice"] = s.deps.Notice
	}
	c.JSON(http.StatusOK, h)
}

// handleReady is GET /readyz: everything is open (store, index,
// segmenter, demo corpus) and the store and the index answer. While the
// server starts it answers 503 saying what is still being done.
func (s *Server) handleReady(c *gin.Context) {
	s.mu.RLock()
	closing := s.closing
	s.mu.RUnlock()
	if closing {
		s.writeError(c, errClosing)
		return
	}
	if err := s.starting.check(needAll); err != nil {
		s.writeError(c, err)
		return
	}
	if err := s.corpus.Ready(c.Request.Context()); err != nil {
		s.writeError(c, newError(http.StatusServiceUnavailable, CodeUnavailable, "存储或索引不可用 (store or index unavailable): "+err.Error()))
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready", "queue": len(s.queue)})
}

// nonNil makes an empty list [] rather than null in JSON.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
