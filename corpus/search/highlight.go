package search

import (
	"html"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/nlp/segment"
)

// maxSpans bounds the matches collected per document: only the first few
// snippets are shown, and a term like 党 can occur hundreds of times.
const maxSpans = 64

// pattern is one run of folded runes a highlight looks for.
type pattern struct {
	runes []rune
	term  int  // index into the query's terms
	word  bool // one gse word of a term, used when the term has no run
}

// patterns prepares the query's terms for pageHighlights once per search:
// each term, and its gse words when it has several.
func patterns(terms []string) []pattern {
	var pats []pattern
	for ti, t := range terms {
		t = asciiLower(t)
		pats = append(pats, pattern{runes: []rune(t), term: ti})
		if ws := termWords(t); len(ws) > 1 {
			for _, w := range ws {
				pats = append(pats, pattern{runes: []rune(w), term: ti, word: true})
			}
		}
	}
	return pats
}

// pageHighlights returns up to n snippets of orig marking what a search matched
// (pats from patterns of the parsed, already folded terms): each term where it occurs as a
// contiguous run, script, width and ASCII case folded as the analyzers do;
// a term that does not occur contiguously matched through its gse words in
// any order, so those words are marked instead.
//
// It folds rune by rune while scanning and stops once the first n snippets
// are settled, so a long document with an early match costs little; folding
// the whole text per hit was a fifth of the query time.
func pageHighlights(orig string, pats []pattern, n int) []string {
	nterms := 0
	for _, p := range pats {
		nterms = max(nterms, p.term+1)
	}
	src := []rune(orig)
	folded := make([]rune, len(src))
	done := 0 // folded[:done] is filled
	foldTo := func(k int) {
		for ; done < k; done++ {
			folded[done] = lowerFold(src[done])
		}
	}
	type match struct {
		span [2]int
		term int
		word bool
	}
	var found []match
	hasRun := make([]bool, nterms)
	clusters, clusterEnd := 0, -1
	for i := 0; i < len(src) && len(found) < maxSpans; i++ {
		// A new snippet starts past the previous one's context; once n+1
		// have started the first n can no longer change.
		if clusters > n && i > clusterEnd+snippetContext {
			break
		}
		for _, p := range pats {
			if i+len(p.runes) > len(src) || len(p.runes) == 0 {
				continue
			}
			foldTo(i + len(p.runes))
			if !runesEqual(folded[i:i+len(p.runes)], p.runes) {
				continue
			}
			found = append(found, match{[2]int{i, i + len(p.runes)}, p.term, p.word})
			if !p.word {
				hasRun[p.term] = true
				if i > clusterEnd+2*snippetContext {
					clusters++
				}
				clusterEnd = max(clusterEnd, i+len(p.runes))
			}
		}
	}
	var spans [][2]int
	for _, m := range found {
		if m.word && hasRun[m.term] {
			continue
		}
		spans = append(spans, m.span)
	}
	if len(spans) == 0 {
		return nil
	}
	return snippets(src, spans, n)
}

// lowerFold folds one rune the way the index folds text (script, width)
// and lower-cases ASCII, as the analyzers do.
func lowerFold(r rune) rune {
	if r >= 0x80 {
		r = fold.Rune(r)
	}
	if 'A' <= r && r <= 'Z' {
		r += 'a' - 'A'
	}
	return r
}

func runesEqual(a, b []rune) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// termWords splits a query term the way the word field's tokenizer does:
// gse words, without punctuation and space.
func termWords(term string) []string {
	seg, err := segment.Default()
	if err != nil {
		return strings.Fields(term)
	}
	var out []string
	for _, sg := range seg.Segment([]byte(term)) {
		start, end := sg.Start, sg.End
		if start < 0 || end > len(term) || start >= end {
			continue
		}
		w := term[start:end]
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			continue
		}
		out = append(out, w)
	}
	return out
}

// asciiLower lower-cases ASCII letters only, so byte offsets stay valid.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// snippetContext is how many runes of context a snippet keeps on each side.
const snippetContext = 30

// highlights cuts up to n snippets of orig around spans, given as byte
// offsets into fold.Text(orig). Byte offsets become rune offsets in the
// folded text, which are rune offsets in orig because folding keeps the rune
// count. Overlapping spans (words and bigrams) merge into one <mark>.
func highlights(orig string, spans [][2]int, n int) []string {
	folded := fold.Text(orig)
	// byte offset in folded → rune index
	runeAt := make([]int, len(folded)+1)
	ri := 0
	for bi := range folded {
		runeAt[bi] = ri
		ri++
	}
	runeAt[len(folded)] = ri
	for bi := 1; bi < len(runeAt); bi++ { // offsets inside a rune round down
		if runeAt[bi] == 0 && bi > 0 {
			runeAt[bi] = runeAt[bi-1]
		}
	}
	src := []rune(orig)
	if len(src) != ri {
		return nil // fold contract broken; better no highlight than a wrong one
	}
	rs := make([][2]int, 0, len(spans))
	for _, s := range spans {
		if s[0] < 0 || s[1] > len(folded) || s[0] >= s[1] || !utf8.RuneStart(folded[s[0]]) {
			continue
		}
		end := ri
		if s[1] < len(folded) {
			end = runeAt[s[1]]
		}
		rs = append(rs, [2]int{runeAt[s[0]], end})
	}
	return snippets(src, rs, n)
}

// snippets cuts up to n snippets of src around rune spans, merging spans
// that overlap or touch into one <mark>.
func snippets(src []rune, rs [][2]int, n int) []string {
	sort.Slice(rs, func(i, j int) bool { return rs[i][0] < rs[j][0] })
	var merged [][2]int
	for _, s := range rs {
		if k := len(merged) - 1; k >= 0 && s[0] <= merged[k][1] {
			merged[k][1] = max(merged[k][1], s[1])
			continue
		}
		merged = append(merged, s)
	}
	var out []string
	for i := 0; i < len(merged) && len(out) < n; {
		from := max(merged[i][0]-snippetContext, 0)
		to := min(merged[i][1]+snippetContext, len(src))
		var b strings.Builder
		if from > 0 {
			b.WriteString("…")
		}
		cur := from
		for ; i < len(merged) && merged[i][0] < to; i++ {
			s := merged[i]
			to = max(to, min(s[1]+snippetContext/2, len(src)))
			b.WriteString(html.EscapeString(string(src[cur:s[0]])))
			b.WriteString("<mark>")
			b.WriteString(html.EscapeString(string(src[s[0]:s[1]])))
			b.WriteString("</mark>")
			cur = s[1]
		}
		b.WriteString(html.EscapeString(string(src[cur:to])))
		if to < len(src) {
			b.WriteString("…")
		}
		out = append(out, strings.ReplaceAll(b.String(), "\n", " "))
	}
	return out
}
