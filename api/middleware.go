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
		probe := route == "/healthz" || route == "/readyz" || route == "/metrics"
		switch {
		case status == http.StatusServiceUnavailable:
			// Starting up or shutting down: the server says so itself,
			// once; a 503 per request is not an error.
			if probe {
				level = s.log.Debug
			}
		case status >= 500:
			level = s.log.Error
		case probe:
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
		s.unauthorized(c, TokenWrite)
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
		s.unauthorized(c, TokenRead)
	}
}

// The token a 401 asks for, in the error body's "token" field and the
// WWW-Authenticate scope, so a client (the UI) can ask for the right one.
const (
	TokenRead  = "read"
	TokenWrite = "write"
)

// unauthorized answers 401 saying which token the route needs, whether
// the request sent none, a malformed header or a wrong token, and how to
// send it.
func (s *Server) unauthorized(c *gin.Context, need string) {
	h := strings.TrimSpace(c.GetHeader("Authorization"))
	_, hasBearer := bearer(c)
	how := "Authorization: Bearer <读取令牌 read token>"
	if need == TokenWrite {
		how = "Authorization: Bearer <写入令牌 write token>"
	}
	var msg string
	challenge := `Bearer realm="planmine", scope="` + need + `"`
	switch {
	case h == "" && need == TokenRead:
		msg = "需要读取令牌 (read token required)：本服务设置了读取令牌（--read-token / PLANMINE_READ_TOKEN），浏览和查询请在请求头中发送 " + how +
			"；写入令牌也可读取。 (This server has a read token: send it to browse and search; the write token also works.)"
	case h == "":
		msg = "需要写入令牌 (write token required)：上传和删除需要写入令牌（--token / PLANMINE_TOKEN），请在请求头中发送 " + how +
			"。 (Uploads and deletes need the write token.)"
	case !hasBearer:
		msg = "Authorization 请求头格式不对 (malformed Authorization header)：应为 " + how + "。 (Send the token as a Bearer token.)"
		challenge += `, error="invalid_request"`
	case need == TokenRead:
		msg = "读取令牌不正确 (wrong read token)：所发送的令牌既不是读取令牌也不是写入令牌，请检查后重新发送 " + how + "。 (The token sent is neither the read token nor the write token.)"
		challenge += `, error="invalid_token"`
	case s.deps.ReadToken != "" && tokenMatches(c, s.deps.ReadToken):
		msg = "读取令牌不能上传或删除 (the read token cannot upload or delete)：上传和删除需要写入令牌（--token / PLANMINE_TOKEN），请发送 " + how +
			"。 (Uploads and deletes need the write token, not the read token.)"
		challenge += `, error="insufficient_scope"`
	default:
		msg = "写入令牌不正确 (wrong write token)：所发送的令牌不是写入令牌（--token / PLANMINE_TOKEN），请检查后重新发送 " + how + "。 (The token sent is not the write token.)"
		challenge += `, error="invalid_token"`
	}
	c.Header("WWW-Authenticate", challenge)
	e := newError(http.StatusUnauthorized, CodeUnauthorized, msg)
	e.Token = need
	s.writeError(c, e)
}

// bearer returns the token of an "Authorization: Bearer …" header.
func bearer(c *gin.Context) (string, bool) {
	h := c.GetHeader("Authorization")
	const prefix = "Bearer "
	if len(h) < len(prefix) || !strings.EqualFold(h[:len(prefix)], prefix) {
		return "", false
	}
	got := strings.TrimSpace(h[len(prefix):])
	return got, got != ""
}

// tokenMatches compares the bearer token in constant time.
func tokenMatches(c *gin.Context, want string) bool {
	got, ok := bearer(c)
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
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
