package slogans

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"
)

//go:embed formulas.txt
var formulasTxt string

// LexiconVersion identifies the embedded formula lexicon; bump it with
// formulas.txt so stored analyses can tell which list produced them.
const LexiconVersion = "formulas-1"

// Formula is one entry of the curated formula lexicon.
type Formula struct {
	// Text is the spelling searched for (Simplified).
	Text string
	// Canonical is the form reported; equal to Text unless Text is a variant.
	Canonical string
	// QuotedOnly marks entries that are ordinary dates or numbers unless
	// quoted (七一, 五四, 三八).
	QuotedOnly bool
	// Expansion lists what the formula stands for, if known.
	Expansion []string
}

// lexicon is parsed on first use: most commands never look for slogans.
var lexicon = sync.OnceValue(func() *lex { return mustParseLexicon(formulasTxt) })

// Lexicon returns a copy of the embedded formula lexicon.
func Lexicon() []Formula {
	out := make([]Formula, len(lexicon().list))
	copy(out, lexicon().list)
	return out
}

// Expansion returns what a canonical formula stands for (三会一课 →
// 支部党员大会、支部委员会、党小组会、党课), or nil.
func Expansion(canonical string) []string {
	for _, f := range lexicon().list {
		if f.Canonical == canonical && f.Text == canonical {
			return append([]string(nil), f.Expansion...)
		}
	}
	return nil
}

type lex struct {
	list []Formula
	// byFirst indexes entries by their first rune, longest first, so the
	// scan tries only the few entries that can start at a position.
	byFirst map[rune][]int
	// canon maps every spelling (variants included) to its entry.
	byText map[string]int
}

func parseLexicon(src string) (*lex, error) {
	l := &lex{byFirst: map[rune][]int{}, byText: map[string]int{}}
	for n, line := range strings.Split(src, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 || f[0] == "" {
			return nil, fmt.Errorf("formulas.txt 第%d行格式错误 (bad line %d): %q", n+1, n+1, line)
		}
		e := Formula{Text: f[0], Canonical: f[0]}
		switch flag := f[1]; {
		case flag == "-":
		case flag == "quoted":
			e.QuotedOnly = true
		case strings.HasPrefix(flag, "="):
			e.Canonical = flag[1:]
		default:
			return nil, fmt.Errorf("formulas.txt 第%d行未知标记 (unknown flag on line %d): %q", n+1, n+1, flag)
		}
		if len(f) > 2 && f[2] != "" {
			e.Expansion = strings.Split(f[2], "、")
		}
		if _, dup := l.byText[e.Text]; dup {
			return nil, fmt.Errorf("formulas.txt 重复条目 (duplicate entry): %s", e.Text)
		}
		l.byText[e.Text] = len(l.list)
		l.list = append(l.list, e)
	}
	for i, e := range l.list {
		r := []rune(e.Text)[0]
		idx := l.byFirst[r]
		// Keep longest first: 中央八项规定 must win over a shorter entry.
		pos := len(idx)
		for j, k := range idx {
			if len(l.list[k].Text) < len(e.Text) {
				pos = j
				break
			}
		}
		idx = append(idx, 0)
		copy(idx[pos+1:], idx[pos:])
		idx[pos] = i
		l.byFirst[r] = idx
	}
	return l, nil
}

func mustParseLexicon(src string) *lex {
	l, err := parseLexicon(src)
	if err != nil {
		// The file is embedded at build time; a broken one is caught by the
		// package tests, and an empty lexicon keeps Extract working.
		return &lex{byFirst: map[rune][]int{}, byText: map[string]int{}}
	}
	return l
}
