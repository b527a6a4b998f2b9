package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"sync"
	"time"

	"github.com/planmine/planmine/corpus/reuse"
)

//go:embed report.html.tmpl
var htmlTmpl string

// kindLabel names the boilerplate layers, Chinese first.
var kindLabel = map[string]string{
	reuse.KindCopy:     "复制 copy",
	reuse.KindCommon:   "常见表述 common",
	reuse.KindFormula:  "官方提法 formula",
	reuse.KindTemplate: "模板 template",
}

func kindName(k string) string {
	if l, ok := kindLabel[k]; ok {
		return l
	}
	return k
}

// pageTmpl is parsed on first use: only the report commands render it.
var pageTmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Funcs(template.FuncMap{
		"pct":      Percent,
		"date":     func(t time.Time) string { return t.Format("2006-01-02") },
		"datetime": func(t time.Time) string { return t.Format("2006-01-02 15:04") },
		"kind":     kindName,
		// bar is a share drawn as a filled box; the width is computed here
		// from a float, so it is safe as markup.
		"bar": func(f float64) template.HTML {
			return template.HTML(fmt.Sprintf(`<span class="bar"><i style="width:%.1f%%"></i></span>`, 100*min(max(f, 0), 1)))
		},
		"peers": func(ss []Source) int {
			n := 0
			for _, s := range ss {
				if !s.Template {
					n++
				}
			}
			return n
		},
		"boilers": func(s Source) int { return len(s.Passages) - s.Copies() },
	}).Parse(htmlTmpl))
})

// HTMLContentSecurityPolicy is the policy to serve the HTML report with:
// it needs its inline styles and nothing else (no scripts, no fetches).
const HTMLContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

// WriteHTML writes r as one self-contained HTML page, styled for reading
// on screen and for printing on A4 (page header with the document title,
// date and planmine version; each source on a new page).
func WriteHTML(w io.Writer, r *Report) error {
	if err := pageTmpl().Execute(w, r); err != nil {
		return fmt.Errorf("生成 HTML 报告失败 (render html report): %w", err)
	}
	return nil
}
