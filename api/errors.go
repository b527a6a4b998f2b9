package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/query"
	"github.com/planmine/planmine/corpus/tracker"
	"github.com/planmine/planmine/ingest"
)

// Error codes of the JSON error shape {"error":{"code","message"}}.
const (
	CodeBadRequest   = "bad_request"
	CodeUnauthorized = "unauthorized"
	CodeNotFound     = "not_found"
	CodeTooLarge     = "too_large"
	CodeUnsupported  = "unsupported_format"
	CodeUnreadable   = "unreadable"
	CodeQueueFull    = "queue_full"
	CodeUnavailable  = "unavailable"
	CodeNoSpace      = "insufficient_storage"
	CodeInternal     = "internal"
)

// apiError is an error that already knows its status and code.
type apiError struct {
	Status  int
	Code    string
	Message string
	// Token is set on 401: which token is needed (TokenRead or TokenWrite).
	Token string
	// Startup is set on the 503s of a server still starting: what it is
	// doing. RetryAfter, when > 0, is sent as the Retry-After header.
	Startup    *startupStatus
	RetryAfter int
}

func (e *apiError) Error() string { return e.Message }

func newError(status int, code, msg string) *apiError {
	return &apiError{Status: status, Code: code, Message: msg}
}

// errorBody is the SPEC §5 error shape.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Token names the token a 401 needs: "read" or "write".
	Token string `json:"token,omitempty"`
	// Startup says what a starting server is still doing (503 only).
	Startup *startupStatus `json:"startup,omitempty"`
}

// classify is the ONE place where errors from the lower layers become
// HTTP statuses and codes: ingest's sentinels, corpus.ErrNotFound, search
// syntax errors, body limits, a full disk (507) and cancellation. Anything
// unknown is a bug and maps to 500.
func classify(err error) (int, string) {
	var ae *apiError
	var mbe *http.MaxBytesError
	switch {
	case err == nil:
		return http.StatusOK, ""
	case errors.As(err, &ae):
		return ae.Status, ae.Code
	case errors.As(err, &mbe), errors.Is(err, ingest.ErrTooLarge):
		return http.StatusRequestEntityTooLarge, CodeTooLarge
	case errors.Is(err, ingest.ErrUnsupported):
		return http.StatusUnsupportedMediaType, CodeUnsupported
	case errors.Is(err, ingest.ErrCorrupt), errors.Is(err, ingest.ErrNoText), errors.Is(err, corpus.ErrInvalid):
		return http.StatusUnprocessableEntity, CodeUnreadable
	case errors.Is(err, corpus.ErrNotFound):
		return http.StatusNotFound, CodeNotFound
	case corpus.IsNoSpace(err):
		return http.StatusInsufficientStorage, CodeNoSpace
	case errors.Is(err, query.ErrSyntax), errors.Is(err, tracker.ErrFilter):
		return http.StatusBadRequest, CodeBadRequest
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled), errors.Is(err, corpus.ErrIndexNotOpen):
		return http.StatusServiceUnavailable, CodeUnavailable
	}
	return http.StatusInternalServerError, CodeInternal
}

// writeError sends the JSON error shape for err. Internal errors are
// logged with their detail but answered with a generic message, so a bug
// never leaks paths or SQL to a client.
func (s *Server) writeError(c *gin.Context, err error) {
	status, code := classify(err)
	msg := err.Error()
	if status == http.StatusInternalServerError {
		s.log.Error("内部错误 (internal error)", "path", c.Request.URL.Path, "err", err)
		msg = "服务器内部错误 (internal server error)"
	}
	detail := errorDetail{Code: code, Message: msg}
	var ae *apiError
	if errors.As(err, &ae) {
		detail.Token, detail.Startup = ae.Token, ae.Startup
		retryAfter(c, ae)
	}
	c.AbortWithStatusJSON(status, errorBody{Error: detail})
}

func badRequest(msg string) error { return newError(http.StatusBadRequest, CodeBadRequest, msg) }
