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

	read := v1.Group("", s.requireRead())
	read.GET("/documents", s.handleList)
	read.GET("/documents/:id", s.handleGet)
	read.GET("/documents/:id/original", s.handleOriginal)
	read.GET("/documents/:id/reuse", s.handleDocReuse)
	read.GET("/documents/:id/report", s.handleReport)
	read.GET("/jobs/:id", s.handleJob)
	read.GET("/search", s.handleSearch)
	read.GET("/targets", s.handleTargets)
	read.GET("/reuse/pairs", s.handlePairsExport)
	read.GET("/reuse/clusters", s.handleClusters)
	read.GET("/slogans", s.handleSlogans)

	write := v1.Group("", s.requireWrite())
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
