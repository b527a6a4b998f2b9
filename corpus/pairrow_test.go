package corpus_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/reuse"
)

func ptr[T any](v T) *T { return &v }

// codecPairs are pairs of the ids "doc-a" < "doc-b" in both orientations,
// with every part of a row the encoding has a branch for.
func codecPairs() []corpus.ReusePair {
	return []corpus.ReusePair{
		{A: "doc-a", B: "doc-b", Score: 0.5},
		{A: "doc-a", B: "doc-b", Score: 0, Row: &corpus.PairRow{}},
		{A: "doc-b", B: "doc-a", Score: 0.25, Row: &corpus.PairRow{Passages: []reuse.Passage{}}},
		{A: "doc-a", B: "doc-b", Score: 0.8125, Row: &corpus.PairRow{ACovered: 0.1 + 0.2, BCovered: 1.0 / 3, Longest: 97,
			Passages: []reuse.Passage{{AStart: 10, AEnd: 107, BStart: 5000, BEnd: 5097, Chars: 97},
				{AStart: 200, AEnd: 260, BStart: 12, BEnd: 70, Chars: 60}},
			Boilerplate: []reuse.Passage{{AStart: 120, AEnd: 140, BStart: 30, BEnd: 50, Chars: 20, Kind: reuse.KindFormula},
				{AStart: 0, AEnd: 8, BStart: 0, BEnd: 8, Chars: 8, Kind: reuse.KindTemplate},
				{AStart: 300, AEnd: 301, BStart: 1, BEnd: 2, Chars: 1, Kind: "口号"}}}},
		{A: "doc-b", B: "doc-a", Score: 1, Row: &corpus.PairRow{Template: true, Longest: 4,
			Passages: []reuse.Passage{{AStart: 0, AEnd: 4, BStart: 8, BEnd: 12, AText: "加快建设", BText: "加快建設", Chars: 4}},
			ASide:    reuse.DocRef{Source: "甲.docx", Part: 2, Title: "甲"},
			BSide:    reuse.DocRef{Source: "乙.pdf", Title: "乙", Org: ptr("某局"), Year: ptr(2024)}}},
		{A: "doc-a", B: "doc-b", Score: 0.5, Row: &corpus.PairRow{Longest: -3,
			Passages: []reuse.Passage{{AStart: -5, AEnd: -9, BStart: 1 << 40, BEnd: -(1 << 40), Chars: -1}}}},
	}
}

// TestPairCodecRoundTrip: every pair reads back as it was put, in its
// orientation, from far fewer bytes than the JSON rows took.
func TestPairCodecRoundTrip(t *testing.T) {
	for i, p := range codecPairs() {
		data := corpus.EncodePairRow(p)
		if (data == nil) != (p.Row == nil) {
			t.Fatalf("pair %d: encoded %v for row %v", i, data, p.Row)
		}
		if len(data) > 0 && data[0] == '{' {
			t.Fatalf("pair %d: encoding starts like JSON", i)
		}
		got, err := corpus.DecodePairRow(min(p.A, p.B), max(p.A, p.B), p.Score, data)
		if err != nil {
			t.Fatalf("pair %d: %v", i, err)
		}
		if !reflect.DeepEqual(got, p) {
			t.Errorf("pair %d read back as\n%+v\nwant\n%+v", i, got, p)
		}
	}
	// A pair of ten passages: the size the rows had as JSON, and now.
	row := &corpus.PairRow{ACovered: 0.43, BCovered: 0.38, Longest: 180}
	for k := range 10 {
		row.Passages = append(row.Passages, reuse.Passage{AStart: 1000 + 300*k, AEnd: 1120 + 300*k,
			BStart: 5000 + 310*k, BEnd: 5120 + 310*k, Chars: 118})
	}
	p := corpus.ReusePair{A: "a", B: "b", Score: 0.4, Row: row}
	js, _ := json.Marshal(row)
	if n := len(corpus.EncodePairRow(p)); n*4 > len(js) {
		t.Errorf("10 passages take %d bytes, the JSON %d", n, len(js))
	}
}

// TestPairCodecReadsJSONRows: rows of earlier versions read as they are,
// in the orientation their ids give; JSON that is not a pair, and
// garbage, read as errors and without a row.
func TestPairCodecReadsJSONRows(t *testing.T) {
	spans := `{"a":{"id":"doc-b"},"b":{"id":"doc-a"},"score":0.5,"a_covered":0.25,"b_covered":0.5,"longest":9,` +
		`"passages":[{"a_start":1,"a_end":10,"b_start":20,"b_end":29,"chars":9}],"template":true}`
	got, err := corpus.DecodePairRow("doc-a", "doc-b", 0.5, []byte(spans))
	want := corpus.ReusePair{A: "doc-b", B: "doc-a", Score: 0.5, Row: &corpus.PairRow{ACovered: 0.25, BCovered: 0.5, Longest: 9,
		Template: true, Passages: []reuse.Passage{{AStart: 1, AEnd: 10, BStart: 20, BEnd: 29, Chars: 9}}}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("spans row: %+v %v", got, err)
	}
	again, err := corpus.DecodePairRow("doc-a", "doc-b", 0.5, corpus.EncodePairRow(got))
	if err != nil || !reflect.DeepEqual(again, want) {
		t.Errorf("spans row stored again: %+v %v", again, err)
	}
	for _, bad := range []string{"", `{"a":`, `{"passages":{}}`, "\x00", "\x01", "\x02\x00", "\x01\x00" + strings.Repeat("\x00", 16) + "\x00\xff\xff\xff\x7f"} {
		p, err := corpus.DecodePairRow("doc-a", "doc-b", 0.5, []byte(bad))
		if err == nil || p.Row != nil || p.A != "doc-a" || p.B != "doc-b" || p.Score != 0.5 {
			t.Errorf("%q read as %+v, %v; want an error and no row", bad, p, err)
		}
	}
	if p, err := corpus.DecodePairRow("doc-a", "doc-b", 0.5, nil); err != nil || p.Row != nil {
		t.Errorf("NULL row: %+v %v", p, err)
	}
}

// FuzzPairCodec: no input panics or allocates beyond its size, and what
// decodes encodes to a row that decodes to the same pair.
func FuzzPairCodec(f *testing.F) {
	for _, p := range codecPairs() {
		f.Add(corpus.EncodePairRow(p))
		if p.Row != nil {
			js, _ := json.Marshal(p.Row)
			f.Add(js)
		}
	}
	f.Add([]byte(`{"a":{"id":"doc-a"},"b":{"id":"doc-b"},"passages":[{"a_start":1,"kind":"x"}]}`))
	f.Add([]byte{1, 0x3f})
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := corpus.DecodePairRow("doc-a", "doc-b", 0.5, data)
		if err != nil || p.Row == nil {
			return
		}
		enc := corpus.EncodePairRow(p)
		q, err := corpus.DecodePairRow("doc-a", "doc-b", 0.5, enc)
		if err != nil || q.A != p.A || q.B != p.B || q.Row == nil || !bytes.Equal(corpus.EncodePairRow(q), enc) {
			t.Fatalf("%q decoded, re-encoded as %q, read back as %+v (%v), want %+v", data, enc, q, err, p)
		}
	})
}

// BenchmarkPairRow: encoding and decoding a pair of ten passages, the
// binary rows against the JSON rows they replace.
func BenchmarkPairRow(b *testing.B) {
	row := &corpus.PairRow{ACovered: 0.43, BCovered: 0.38, Longest: 180}
	for k := range 10 {
		row.Passages = append(row.Passages, reuse.Passage{AStart: 1000 + 300*k, AEnd: 1120 + 300*k,
			BStart: 5000 + 310*k, BEnd: 5120 + 310*k, Chars: 118})
	}
	p := corpus.ReusePair{A: "doc-b", B: "doc-a", Score: 0.4, Row: row}
	bin := corpus.EncodePairRow(p)
	js, _ := json.Marshal(reuse.Pair{A: reuse.DocRef{ID: p.A}, B: reuse.DocRef{ID: p.B}, Score: p.Score,
		ACovered: row.ACovered, BCovered: row.BCovered, Longest: row.Longest, Passages: row.Passages})
	b.Run("encode/binary", func(b *testing.B) {
		for b.Loop() {
			corpus.EncodePairRow(p)
		}
		b.ReportMetric(float64(len(bin)), "bytes/row")
	})
	b.Run("decode/binary", func(b *testing.B) {
		for b.Loop() {
			if _, err := corpus.DecodePairRow("doc-a", "doc-b", 0.4, bin); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode/json", func(b *testing.B) {
		for b.Loop() {
			if _, err := corpus.DecodePairRow("doc-a", "doc-b", 0.4, js); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(js)), "bytes/row")
	})
}
