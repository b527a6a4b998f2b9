package main

import (
	"fmt"
	"math/rand"
	"strings"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/internal/searchbench"
)

// The documents and queries are those of the embedded search benchmark
// (BenchmarkSearch in corpus/search), from internal/searchbench.

// halfCopy is a new document that keeps every second line of src and
// fills the others with seed paragraphs (benchquery's query documents:
// a plan that reuses about half of an indexed one). It carries no
// analysis of its own, only src's type, year and organisation.
func halfCopy(g *searchbench.Generator, i int, src doc.Document, r *rand.Rand) doc.Document {
	var out []string
	for k, line := range strings.Split(src.Text, "\n") {
		if k%2 == 0 {
			out = append(out, line)
		} else {
			out = append(out, g.Paras[r.Intn(len(g.Paras))])
		}
	}
	out = append(out, fmt.Sprintf("查询Q%06d号", i))
	name := fmt.Sprintf("query-%06d.txt", i)
	return doc.Document{Source: name, Part: 1, Title: out[0], DocType: src.DocType, Year: src.Year,
		Org: src.Org, Script: src.Script, Text: strings.Join(out, "\n")}
}
