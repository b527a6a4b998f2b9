// Package clean strips site chrome and debris from paragraphs and splits
// files that hold several documents into parts.
package clean

import (
	"path/filepath"
	"strings"

	"github.com/planmine/planmine/ingest/raw"
)

// Part is one document found in a file.
type Part struct {
	Title string
	Paras []raw.Para
}

// Split cleans paras and splits them into documents.
// Placeholder until the cleaning rules land: one part, title from the name.
func Split(name string, paras []raw.Para) []Part {
	if len(paras) == 0 {
		return nil
	}
	return []Part{{Title: strings.TrimSuffix(filepath.Base(name), filepath.Ext(name)), Paras: paras}}
}
