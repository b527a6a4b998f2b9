package reuse

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

// stdJSON is what `planmine reuse --json` wrote with encoding/json.
func stdJSON(t *testing.T, r Report) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func sameJSON(t *testing.T, name string, r Report) {
	t.Helper()
	var got bytes.Buffer
	if err := WriteJSON(&got, r); err != nil {
		t.Fatal(err)
	}
	want := stdJSON(t, r)
	if !bytes.Equal(got.Bytes(), want) {
		i := 0
		for i < min(got.Len(), len(want)) && got.Bytes()[i] == want[i] {
			i++
		}
		t.Fatalf("%s: output differs at byte %d: got %q, want %q", name, i,
			got.Bytes()[max(0, i-40):min(got.Len(), i+40)], want[max(0, i-40):min(len(want), i+40)])
	}
}

// TestWriteJSONMatchesEncoding compares WriteJSON with encoding/json on real
// reports (seeds, externals with templates) and on odd values: nil and
// empty slices, pointers, tiny and zero floats, control characters,
// invalid UTF-8, U+2028/9, quotes, backslashes and HTML characters.
func TestWriteJSONMatchesEncoding(t *testing.T) {
	docs := append(seed003Docs(t), seed000Parts(t)...)
	docs = append(docs, bulkReports(t)[40:48]...)
	r := Analyze(docs, Options{})
	if len(r.Pairs) < 5 || len(r.Clusters) == 0 {
		t.Fatalf("want a report with pairs and clusters, got %d, %d", len(r.Pairs), len(r.Clusters))
	}
	sameJSON(t, "seeds", r)
	sameJSON(t, "templates", externalIndex(t, "gwr_cn_2016_u8.txt", "cpc_congress_19_u8.txt"))
	sameJSON(t, "empty", Report{})
	sameJSON(t, "empty slices", Report{Pairs: []Pair{}, Clusters: [][]string{{}, nil}, Documents: []DocStats{}})

	rng := rand.New(rand.NewPCG(4, 2))
	parts := []string{"党建", "a", "\"", "\\", "\n", "\r", "\t", "\b", "\f", "\x00", "\x1f", "\x7f", "<", ">", "&",
		"\u2028", "\u2029", "\xff", "\xe4\xb8", "𠀀", "\u00e9", " ", "/",
		"\u2027", "\u202a", "\u2000", "\ue000", "\uffff", "\ufffd", "\u0800", "\ud7ff",
		"\xed\xa0\x80", "\xe0\x80\xaf", "\xef\xbf", "\xe2\x80", "\xe2\x80\xa8\xa9"}
	str := func() string {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		return b.String()
	}
	floats := []float64{0, 1, 0.5, 1.0 / 3, 1e-7, 2.5e-9, 1e-6, 123456789, 1e21, 0.30000000000000004, -0.0}
	org, year := "某某局", 2024
	// More pairs than one round of WriteJSON's parallel chunks.
	var odd Report
	for i := range 600 {
		ref := DocRef{ID: str(), Source: str(), Part: rng.IntN(5), Title: str()}
		if i%2 == 0 {
			ref.Org, ref.Year = &org, &year
		}
		p := Pair{A: ref, B: DocRef{ID: str()}, Score: floats[rng.IntN(len(floats))],
			ACovered: floats[rng.IntN(len(floats))], BCovered: floats[i%len(floats)], Longest: i, Template: i%3 == 0}
		if i%4 != 1 {
			p.Passages = []Passage{}
		}
		for range rng.IntN(3) {
			p.Passages = append(p.Passages, Passage{AStart: i, AEnd: -i, AText: str(), BText: str(), Chars: 7, Kind: []string{"", KindFormula}[rng.IntN(2)]})
		}
		if i%5 == 0 {
			p.Boilerplate = []Passage{{AText: str(), Kind: KindTemplate}}
		} else if i%5 == 1 {
			p.Boilerplate = []Passage{}
		}
		odd.Pairs = append(odd.Pairs, p)
		st := DocStats{DocRef: ref, Chars: i, Copied: floats[i%len(floats)], MaxSourceID: []string{"", str()}[i%2]}
		if i%3 == 0 {
			st.Sections = []SectionStats{{Level: 1, Number: str(), Title: str(), Copied: 1e-8}}
		} else if i%3 == 1 {
			st.Sections = []SectionStats{}
		}
		odd.Documents = append(odd.Documents, st)
		odd.Clusters = append(odd.Clusters, []string{str(), str()})
	}
	sameJSON(t, "odd", odd)
}
