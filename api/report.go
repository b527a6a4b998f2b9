package api

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"
	"unicode"

	"github.com/gin-gonic/gin"

	"github.com/planmine/planmine/corpus/report"
)

// Content types of the report and export formats.
const (
	ctHTML = "text/html; charset=utf-8"
	ctPDF  = "application/pdf"
	ctXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	ctCSV  = "text/csv; charset=utf-8"
)

// handleReport is GET /api/v1/documents/{id}/report?format=html|pdf|xlsx:
// the document's copy-check report (查重报告). HTML is served inline, for
// reading and printing; PDF and XLSX as attachments. The download name
// holds the document's title and the report date.
func (s *Server) handleReport(c *gin.Context) {
	format := strings.ToLower(strings.TrimSpace(c.DefaultQuery("format", "html")))
	switch format {
	case "html", "pdf", "xlsx":
	default:
		s.writeError(c, badRequest("format 只能是 html、pdf 或 xlsx (format must be html, pdf or xlsx)"))
		return
	}
	r, err := report.Build(c.Request.Context(), s.corpus, c.Param("id"), report.Options{})
	if err != nil {
		s.writeError(c, err)
		return
	}
	var buf bytes.Buffer
	ct := ctHTML
	switch format {
	case "html":
		err = report.WriteHTML(&buf, r)
	case "pdf":
		ct = ctPDF
		err = report.WritePDF(&buf, r)
	case "xlsx":
		ct = ctXLSX
		err = report.WriteXLSX(&buf, r)
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	name := r.FileName(format)
	ascii := fmt.Sprintf("planmine-report-%s-%s.%s", asciiName(r.Doc.ID), r.Generated.Format("2006-01-02"), format)
	if format == "html" {
		// The page needs its inline styles, and nothing else may run.
		c.Header("Content-Security-Policy", report.HTMLContentSecurityPolicy)
		c.Header("Content-Disposition", disposition("inline", ascii, name))
	} else {
		c.Header("Content-Disposition", disposition("attachment", ascii, name))
	}
	c.Data(http.StatusOK, ct, buf.Bytes())
}

// handlePairsExport is GET /api/v1/reuse/pairs: format=csv|xlsx exports
// every stored pair (min_score still applies, limit does not); json or no
// format is the paged JSON of handlePairs.
func (s *Server) handlePairsExport(c *gin.Context) {
	format := strings.ToLower(strings.TrimSpace(c.Query("format")))
	switch format {
	case "", "json":
		s.handlePairs(c)
		return
	case "csv", "xlsx":
	default:
		s.writeError(c, badRequest("format 只能是 json、csv 或 xlsx (format must be json, csv or xlsx)"))
		return
	}
	ms, err := minScoreParam(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	pairs, err := s.corpus.ReusePairs(c.Request.Context(), ms, 0)
	if err != nil {
		s.writeError(c, err)
		return
	}
	var buf bytes.Buffer
	ct := ctCSV
	if format == "csv" {
		err = report.WritePairsCSV(&buf, pairs)
	} else {
		ct = ctXLSX
		err = report.WritePairsXLSX(&buf, pairs)
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	now := time.Now()
	c.Header("Content-Disposition", disposition("attachment", "planmine-pairs-"+now.Format("2006-01-02")+"."+format, report.PairsFileName(now, format)))
	c.Data(http.StatusOK, ct, buf.Bytes())
}

// asciiName keeps the ASCII letters, digits, '-' and '_' of s.
func asciiName(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_') {
			return r
		}
		return -1
	}, s)
}

// disposition builds a Content-Disposition with an ASCII filename for old
// clients and the UTF-8 filename* of RFC 5987 (RFC 6266) that browsers use.
func disposition(kind, ascii, name string) string {
	v := mime.FormatMediaType(kind, map[string]string{"filename": ascii})
	if v == "" {
		v = kind
	}
	return v + "; filename*=UTF-8''" + rfc5987(name)
}

// rfc5987 percent-encodes s as an RFC 5987 value: every byte that is not
// an attr-char.
func rfc5987(s string) string {
	const attr = "!#$&+-.^_`|~"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(attr, c) >= 0) {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}
