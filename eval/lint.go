package eval

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"
)

// Lint checks a gold file against the raw text of the files it labels,
// before any extractor runs: every string a label quotes (document cue,
// title, target cue, not-target, chrome, placeholder, person, outline title)
// must occur in the file in matching form, so a typo in the labels cannot
// pass as an extractor miss. It reads UTF-8 text files only (the form
// labelled pages are kept in) and returns one line per problem.
func Lint(goldPath, corpusDir string) ([]string, error) {
	g, err := LoadGold(goldPath)
	if err != nil {
		return nil, err
	}
	if corpusDir == "" {
		corpusDir = filepath.Join(filepath.Dir(goldPath), "..", "corpus", "seeds")
	}
	names := make([]string, 0, len(g.Files))
	for n := range g.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	var bad []string
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join(corpusDir, name))
		if err != nil {
			bad = append(bad, fmt.Sprintf("%s: %v", name, err))
			continue
		}
		if !utf8.Valid(b) {
			bad = append(bad, name+": not UTF-8 text")
			continue
		}
		text := norm(string(b))
		gf := g.Files[name]
		need := func(what, s string) {
			if strings.TrimSpace(s) == "" {
				bad = append(bad, fmt.Sprintf("%s: empty %s", name, what))
				return
			}
			if !strings.Contains(text, norm(s)) {
				bad = append(bad, fmt.Sprintf("%s: %s %q not in the text", name, what, s))
			}
		}
		for _, s := range gf.Chrome {
			need("chrome", s)
		}
		for _, s := range gf.Placeholders {
			need("placeholder", s)
		}
		for _, gd := range gf.Docs {
			need("cue", gd.Cue)
			if gd.Title != "" {
				need("title", gd.Title)
			}
			for _, t := range gd.Targets {
				need("target cue", t.Cue)
				if t.Cmp == "range" && t.ValueMax == nil {
					bad = append(bad, fmt.Sprintf("%s: range %q without value_max", name, t.Cue))
				}
				if t.Kind != "plan" && t.Kind != "achieved" {
					bad = append(bad, fmt.Sprintf("%s: target %q kind %q", name, t.Cue, t.Kind))
				}
			}
			for _, s := range gd.NotTargets {
				need("not-target", s)
			}
			for _, p := range gd.People {
				need("person", p[1])
			}
			for _, o := range gd.Outline {
				_, _, title := outlineEntry(o)
				need("outline title", title)
			}
		}
	}
	return bad, nil
}
