package report

import (
	"strings"
	"time"
	"unicode"
)

// FileName is the report's download name: "查重报告_<title>_<date>.<ext>",
// with white space made '_', the characters file systems refuse taken out
// of the title, and the title cut to 60 characters.
func (r *Report) FileName(ext string) string {
	t := strings.Map(func(c rune) rune {
		switch {
		case unicode.IsSpace(c):
			return '_'
		case strings.ContainsRune(`/\:*?"<>|`, c), unicode.IsControl(c):
			return -1
		}
		return c
	}, r.Doc.Name())
	if rs := []rune(t); len(rs) > 60 {
		t = string(rs[:60])
	}
	if t == "" {
		t = "document"
	}
	return "查重报告_" + t + "_" + r.Generated.Format("2006-01-02") + "." + ext
}

// PairsFileName is the pairs export's download name: "复用配对_<date>.<ext>".
func PairsFileName(day time.Time, ext string) string {
	return "复用配对_" + day.Format("2006-01-02") + "." + ext
}
