package reuse

import (
	"fmt"
	"io"
	"strings"
)

// kindLabel names the boilerplate layers in the text report.
var kindLabel = map[string]string{
	KindCopy:     "复制 (copy)",
	KindCommon:   "常见表述 (common)",
	KindFormula:  "官方提法 (formula)",
	KindTemplate: "模板 (template)",
}

// abbrevRunes is how much of a passage the text report shows per side.
const abbrevRunes = 40

// WriteText renders r for a terminal with Chinese-first labels: the pairs
// with their passages side by side (abbreviated), the clusters, and each
// document's figures.
func WriteText(w io.Writer, r Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "相似文档对 (pairs): %d\n", len(r.Pairs))
	for i, p := range r.Pairs {
		fmt.Fprintf(&b, "\n[%d] %s  ⇄  %s\n", i+1, name(p.A), name(p.B))
		if p.Template {
			fmt.Fprintf(&b, "    模板来源 (template source): %d 段 (passages)\n", len(p.Boilerplate))
		} else {
			fmt.Fprintf(&b, "    复制比 score %.2f   A 覆盖 (a_covered) %.2f   B 覆盖 (b_covered) %.2f   最长段 (longest) %d 字\n",
				p.Score, p.ACovered, p.BCovered, p.Longest)
		}
		for _, ps := range p.Passages {
			writePassage(&b, ps)
		}
		if n := len(p.Boilerplate); n > 0 {
			fmt.Fprintf(&b, "    套话/模板 (boilerplate, not counted): %d 段\n", n)
			for j, ps := range p.Boilerplate {
				if j == 3 {
					fmt.Fprintf(&b, "      … 另 %d 段 (more)\n", n-3)
					break
				}
				writePassage(&b, ps)
			}
		}
	}
	fmt.Fprintf(&b, "\n文档簇 (clusters): %d\n", len(r.Clusters))
	for _, c := range r.Clusters {
		fmt.Fprintf(&b, "  - %s\n", strings.Join(c, ", "))
	}
	fmt.Fprintf(&b, "\n文档 (documents): %d\n", len(r.Documents))
	for _, d := range r.Documents {
		fmt.Fprintf(&b, "  %s  总复制比 (copied) %.2f  单篇最大 (max source) %.2f  套话比 (boilerplate) %.2f  来源 (sources) %d\n",
			name(d.DocRef), d.Copied, d.MaxSource, d.Boilerplate, d.Sources)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writePassage(b *strings.Builder, ps Passage) {
	fmt.Fprintf(b, "    · %s %d 字  A[%d,%d) %s\n", kindLabel[ps.Kind], ps.Chars, ps.AStart, ps.AEnd, abbrev(ps.AText))
	fmt.Fprintf(b, "      %*s B[%d,%d) %s\n", 0, "", ps.BStart, ps.BEnd, abbrev(ps.BText))
}

func name(d DocRef) string {
	s := d.Title
	if s == "" {
		s = d.Source
	}
	if d.Part > 0 {
		s = fmt.Sprintf("%s #%d", s, d.Part)
	}
	return fmt.Sprintf("%s (%s)", abbrev(s), d.ID)
}

// abbrev shortens s to its first and last runes, one line.
func abbrev(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	rs := []rune(s)
	if len(rs) <= abbrevRunes {
		return s
	}
	h := abbrevRunes / 2
	return string(rs[:h]) + "…" + string(rs[len(rs)-h:])
}
