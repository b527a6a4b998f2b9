// Package segment loads the Chinese word segmenter once per process: gse
// with its combined Simplified+Traditional dictionary (the Simplified one
// alone leaves most Traditional tokens as single characters) plus the
// planmine domain dictionary.
package segment

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/go-ego/gse"
)

// Version identifies the dictionary set. Search indexes record it and are
// rebuilt when it changes, because index-time and query-time tokens must match.
const Version = "gse-v0.80.3+zh+domain-1"

//go:embed domain.txt
var domainDict string

var (
	once sync.Once
	seg  *gse.Segmenter
	err0 error
)

// Default returns the process-wide segmenter, loading it on first use
// (about 2–3 s and 200 MB). gse's Segment and Cut are safe for concurrent use.
func Default() (*gse.Segmenter, error) {
	once.Do(func() { seg, err0 = load() })
	return seg, err0
}

func load() (*gse.Segmenter, error) {
	s := &gse.Segmenter{SkipLog: true}
	// The embedded dictionaries: gse.New()/LoadDict locate files through the
	// module cache and fail in a deployed binary.
	if err := s.LoadDictEmbed("zh"); err != nil {
		return nil, fmt.Errorf("加载分词词典失败 (load gse dictionary): %w", err)
	}
	for _, w := range DomainWords() {
		// AddToken only adds new words; one CalcToken afterwards makes them
		// all take effect (AddTokenForce recomputes per call: seconds).
		if err := s.AddToken(w.Text, w.Freq, w.Pos); err != nil {
			return nil, fmt.Errorf("add %s: %w", w.Text, err)
		}
	}
	s.CalcToken()
	return s, nil
}

// Word is one entry of the domain dictionary.
type Word struct {
	Text string
	Freq float64
	Pos  string
}

// DomainWords parses the embedded domain dictionary.
func DomainWords() []Word {
	var out []Word
	for _, line := range strings.Split(domainDict, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		w := Word{Text: f[0], Freq: 1000, Pos: "n"}
		if len(f) > 1 {
			if v, err := strconv.ParseFloat(f[1], 64); err == nil {
				w.Freq = v
			}
		}
		if len(f) > 2 {
			w.Pos = f[2]
		}
		out = append(out, w)
	}
	return out
}
