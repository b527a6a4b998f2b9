package api

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

//go:embed web
var webFS embed.FS

//go:embed openapi.json
var openAPI []byte

// routes registers every route of the server: this is the whole surface.
func (s *Server) routes() {
	r := s.engine
	r.Use(s.recoverJSON(), s.logRequests(), securityHeaders(), s.limitBody())

	r.GET("/healthz", s.handleHealth)
	r.GET("/readyz", s.handleReady)
	r.GET("/metrics", gin.WrapH(promhttp.HandlerFor(s.deps.Gatherer, promhttp.HandlerOpts{})))

	web, _ := fs.Sub(webFS, "web")
	r.GET("/", func(c *gin.Context) { c.FileFromFS("/", http.FS(web)) })
	r.StaticFS("/assets", http.FS(mustSub(web, "assets")))

	v1 := r.Group("/api/v1")
	v1.GET("/openapi.json", func(c *gin.Context) { c.Data(http.StatusOK, "application/json", openAPI) })

	// Store reads answer as soon as the store is open; search, uploads
	// and deletes wait for the index and the segmenter (see startup.go).
	read := v1.Group("", s.requireRead())
	read.GET("/jobs/:id", s.handleJob)
	stored := read.Group("", s.need(needStore))
	stored.GET("/documents", s.handleList)
	stored.GET("/documents/:id", s.handleGet)
	stored.GET("/documents/:id/original", s.handleOriginal)
	stored.GET("/documents/:id/reuse", s.handleDocReuse)
	stored.GET("/documents/:id/report", s.handleReport)
	stored.GET("/targets", s.handleTargets)
	stored.GET("/reuse/pairs", s.handlePairsExport)
	stored.GET("/reuse/clusters", s.handleClusters)
	stored.GET("/slogans", s.handleSlogans)
	read.GET("/search", s.need(needIndex), s.handleSearch)

	write := v1.Group("", s.requireWrite(), s.need(needIndex))
	write.POST("/documents", s.handleUpload)
	write.DELETE("/documents/:id", s.handleDelete)

	r.NoRoute(func(c *gin.Context) {
		s.writeError(c, newError(http.StatusNotFound, CodeNotFound, "没有这个地址 (no such route): "+c.Request.URL.Path))
	})
	r.NoMethod(func(c *gin.Context) {
		s.writeError(c, newError(http.StatusMethodNotAllowed, CodeBadRequest, "不支持的请求方法 (method not allowed)"))
	})
	r.HandleMethodNotAllowed = true
}

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		// Only reachable if the embedded tree is malformed at build time.
		panic(err)
	}
	return sub
}
