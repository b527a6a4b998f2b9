// Package csvcell writes CSV that a spreadsheet opens as data, never as
// formulas (OWASP "CSV injection"): every CSV planmine writes goes through
// Writer, so a document title such as =HYPERLINK("http://x","y") reaches
// Excel, LibreOffice or WPS as text.
package csvcell

import (
	"encoding/csv"
	"io"
)

// Escape returns s as it is safe to put in a CSV cell. A cell that starts
// with = + - @, a tab or a carriage return gets a leading single quote
// (OWASP's advice), which the spreadsheet shows and reads as text. Plain
// numbers keep their sign and stay numbers (-5, -0.5, +3, -1.2e3): a sign
// in front of digits alone is no formula, and sums over exported figures
// must keep working.
func Escape(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if s[0] != '=' && s[0] != '@' && isNumber(s) {
			return s
		}
		return "'" + s
	}
	return s
}

// isNumber reports whether s is a plain decimal number: an optional sign,
// digits with at most one point, and an optional exponent (no spaces, no
// Inf/NaN, no hex).
func isNumber(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i, digits = i+1, digits+1
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i, exp = i+1, exp+1
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

// Writer is a csv.Writer that escapes every cell with Escape.
type Writer struct {
	cw  *csv.Writer
	rec []string
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer { return &Writer{cw: csv.NewWriter(w)} }

// Write writes one record, each cell escaped; record itself is not changed.
func (w *Writer) Write(record []string) error {
	w.rec = w.rec[:0]
	for _, s := range record {
		w.rec = append(w.rec, Escape(s))
	}
	return w.cw.Write(w.rec)
}

// Flush writes any buffered data and returns the first error of a write or
// of the flush.
func (w *Writer) Flush() error {
	w.cw.Flush()
	return w.cw.Error()
}
