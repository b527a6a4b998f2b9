// Package eval measures planmine's output against hand labels shaped like
// shared/gold/ (seeds.json plus the matching rules in its README) and prints
// recall, precision and accuracy per field.
package eval

import (
	"encoding/json"
	"fmt"
	"os"
)

// Gold is the root of a gold file such as seeds.json.
type Gold struct {
	Files map[string]GoldFile `json:"files"`
}

// GoldFile labels one input file.
type GoldFile struct {
	Documents          int         `json:"documents"`
	DocumentsMin       int         `json:"documents_min"`
	Chrome             []string    `json:"chrome"`
	NearIdenticalParts []int       `json:"near_identical_parts"`
	Reuse              [][2]string `json:"reuse"`
	Docs               []GoldDoc   `json:"docs"`
	Placeholders       []string    `json:"placeholders"`
}

// GoldDoc labels one document, found by its cue.
type GoldDoc struct {
	Cue        string       `json:"cue"`
	Complete   bool         `json:"complete"`
	Title      string       `json:"title"`
	DocType    string       `json:"doc_type"`
	Year       int          `json:"year"`
	Org        string       `json:"org"`
	Date       string       `json:"date"`
	Targets    []GoldTarget `json:"targets"`
	NotTargets []string     `json:"not_targets"`
	Outline    [][3]any     `json:"outline"`
	Slogans    []string     `json:"slogans"`
	Citations  []string     `json:"citations"`
	People     [][2]string  `json:"people"`
	Schedule   [][4]string  `json:"schedule"`
}

// GoldTarget is one labelled target.
type GoldTarget struct {
	Value    float64  `json:"value"`
	ValueMax *float64 `json:"value_max"`
	Unit     string   `json:"unit"`
	Cmp      string   `json:"cmp"`
	Kind     string   `json:"kind"`
	Cue      string   `json:"cue"`
	Optional bool     `json:"optional"`
}

// LoadGold reads a gold JSON file.
func LoadGold(path string) (*Gold, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("读取标注文件失败 (read gold) %s: %w", path, err)
	}
	var g Gold
	if err := json.Unmarshal(b, &g); err != nil {
		return nil, fmt.Errorf("标注文件格式错误 (bad gold JSON) %s: %w", path, err)
	}
	return &g, nil
}

// outlineEntry decodes one [level, number, title] heading.
func outlineEntry(e [3]any) (level int, number, title string) {
	if f, ok := e[0].(float64); ok {
		level = int(f)
	}
	number, _ = e[1].(string)
	title, _ = e[2].(string)
	return
}
