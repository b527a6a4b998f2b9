package api

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// logRequests logs one line per request with slog and feeds the request
// metrics. The route label is the template (/api/v1/documents/:id), never
// the raw path, so the series stay bounded.
func (s *Server) logRequests() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		status := c.Writer.Status()
		d := time.Since(start)
		code := strconv.Itoa(status)
		s.metrics.requests.WithLabelValues(route, c.Request.Method, code).Inc()
		s.metrics.latency.WithLabelValues(route, c.Request.Method, code).Observe(d.Seconds())
		level := s.log.Info
		if status >= 500 {
			level = s.log.Error
		} else if route == "/healthz" || route == "/readyz" || route == "/metrics" {
			level = s.log.Debug
		}
		level("http", "method", c.Request.Method, "path", c.Request.URL.Path, "route", route,
			"status", status, "bytes", c.Writer.Size(), "ms", d.Milliseconds(), "remote", c.ClientIP())
	}
}

// recoverJSON turns a panic in a handler into the JSON error shape with
// 500, and logs it: a bug must not drop the connection.
func (s *Server) recoverJSON() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				s.writeError(c, fmt.Errorf("panic: %v", r))
			}
		}()
		c.Next()
	}
}

// requireToken guards writes when Deps.Token is set.
func (s *Server) requireWrite() gin.HandlerFunc {
	return func(c *gin.Context) {
		if s.deps.Token == "" || tokenMatches(c, s.deps.Token) {
			c.Next()
			return
		}
		s.unauthorized(c)
	}
}

// requireRead guards reads under /api when Deps.ReadToken is set; the
// write token also opens them.
func (s *Server) requireRead() gin.HandlerFunc {
	return func(c *gin.Context) {
		if s.deps.ReadToken == "" || tokenMatches(c, s.deps.ReadToken) ||
			(s.deps.Token != "" && tokenMatches(c, s.deps.Token)) {
			c.Next()
			return
		}
		s.unauthorized(c)
	}
}

func (s *Server) unauthorized(c *gin.Context) {
	c.Header("WWW-Authenticate", `Bearer realm="planmine"`)
	s.writeError(c, newError(http.StatusUnauthorized, CodeUnauthorized,
		"需要有效的访问令牌 (a valid bearer token is required)"))
}

// tokenMatches compares the bearer token in constant time.
func tokenMatches(c *gin.Context, want string) bool {
	h := c.GetHeader("Authorization")
	const prefix = "Bearer "
	if len(h) < len(prefix) || !strings.EqualFold(h[:len(prefix)], prefix) {
		return false
	}
	got := strings.TrimSpace(h[len(prefix):])
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// limitBody caps every request body; handlers that read uploads see an
// *http.MaxBytesError past the cap, which classify maps to 413.
func (s *Server) limitBody() gin.HandlerFunc {
	return func(c *gin.Context) {
		if c.Request.Body != nil {
			c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.deps.MaxUploadSize)
		}
		c.Next()
	}
}

// securityHeaders keeps the UI from being framed or sniffed and from
// loading anything off the machine it came from.
func securityHeaders() gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'")
		c.Next()
	}
}
