// Package gsedict compiles planmine's segmentation dictionary: gse's
// embedded combined Simplified+Traditional dictionary plus the planmine
// domain words, loaded exactly as gse loads them, then written as one
// compact file (see nlp/segment's format comment) that the segmenter maps
// instead of rebuilding gse's trie at every start.
package gsedict

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"sort"

	"github.com/blevesearch/vellum"
	"github.com/go-ego/gse"

	"github.com/planmine/planmine/nlp/segment"
)

// Reference loads gse the way planmine did before the dictionary was
// compiled (about 3 s and 200 MB): the embedded "zh" dictionary, then the
// domain words, then CalcToken. Tests compare the compiled segmenter with it.
func Reference() (*gse.Segmenter, error) {
	s := &gse.Segmenter{SkipLog: true}
	// The embedded dictionaries: gse.New()/LoadDict locate files through the
	// module cache and fail in a deployed binary.
	if err := s.LoadDictEmbed("zh"); err != nil {
		return nil, fmt.Errorf("load gse dictionary: %w", err)
	}
	for _, w := range segment.DomainWords() {
		// AddToken only adds new words; one CalcToken afterwards makes them
		// all take effect (AddTokenForce recomputes per call: seconds).
		if err := s.AddToken(w.Text, w.Freq, w.Pos); err != nil {
			return nil, fmt.Errorf("add %s: %w", w.Text, err)
		}
	}
	s.CalcToken()
	return s, nil
}

// Build returns the compiled dictionary file for seg (normally Reference()).
func Build(seg *gse.Segmenter) ([]byte, error) {
	d := seg.Dict
	type entry struct {
		key  string
		dist float32
		pos  string
	}
	// gse's CalcToken: distance = log2(total) − log2(freq), in float32.
	logTotal := float32(math.Log2(d.TotalFreq()))
	entries := make([]entry, 0, len(d.Tokens))
	for i := range d.Tokens {
		t := &d.Tokens[i]
		entries = append(entries, entry{t.Text(), logTotal - float32(math.Log2(t.Freq())), t.Pos()})
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].key < entries[j].key })

	posIndex := map[string]int{}
	var posNames []string
	for _, e := range entries {
		if _, ok := posIndex[e.pos]; !ok {
			posIndex[e.pos] = len(posNames)
			posNames = append(posNames, e.pos)
		}
	}
	if len(posNames) > 255 {
		return nil, fmt.Errorf("%d part-of-speech tags: more than a byte holds", len(posNames))
	}

	var fst bytes.Buffer
	b, err := vellum.New(&fst, nil)
	if err != nil {
		return nil, err
	}
	for i, e := range entries {
		if i > 0 && e.key == entries[i-1].key {
			return nil, fmt.Errorf("duplicate dictionary key %q", e.key)
		}
		if err := b.Insert([]byte(e.key), uint64(i)); err != nil {
			return nil, err
		}
	}
	if err := b.Close(); err != nil {
		return nil, err
	}

	var out bytes.Buffer
	out.WriteString(segment.Magic)
	u32 := func(v int) { binary.Write(&out, binary.LittleEndian, uint32(v)) }
	u32(d.MaxTokenLen())
	u32(len(entries))
	u32(len(posNames))
	for _, p := range posNames {
		out.WriteByte(byte(len(p)))
		out.WriteString(p)
	}
	for _, e := range entries {
		binary.Write(&out, binary.LittleEndian, math.Float32bits(e.dist))
	}
	for _, e := range entries {
		out.WriteByte(byte(posIndex[e.pos]))
	}
	u32(fst.Len())
	out.Write(fst.Bytes())
	return out.Bytes(), nil
}
