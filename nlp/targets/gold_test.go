package targets

import (
	"encoding/json"
	"math"
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/internal/shared"
)

type goldTarget struct {
	Cue      string   `json:"cue"`
	Value    float64  `json:"value"`
	ValueMax *float64 `json:"value_max"`
	Unit     string   `json:"unit"`
	Cmp      string   `json:"cmp"`
	Kind     string   `json:"kind"`
	Optional bool     `json:"optional"`
}

type goldDoc struct {
	Cue        string       `json:"cue"`
	Complete   bool         `json:"complete"`
	DocType    string       `json:"doc_type"`
	Targets    []goldTarget `json:"targets"`
	NotTargets []string     `json:"not_targets"`
}

type goldFile struct {
	Docs []goldDoc `json:"docs"`
}

// norm folds text the way the gold matching rules say: script and width
// folded, punctuation alike, whitespace removed.
func norm(s string) string {
	s = fold.Text(s)
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
		case unicode.IsPunct(r) || unicode.IsSymbol(r):
			if r == '%' {
				b.WriteRune(r)
			} else {
				b.WriteRune('.')
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// docBoundary approximates where one pasted document ends: the next "篇N"
// title line or the end of the file.
var docBoundary = regexp.MustCompile(`(?m)^.*篇\s*[0-9一二三四五六七八九十]+\s*$`)

func TestGoldSeeds(t *testing.T) {
	gp := shared.Path(t, "gold", "seeds.json")
	raw, err := os.ReadFile(gp)
	if err != nil {
		t.Fatal(err)
	}
	var gold struct {
		Files map[string]goldFile `json:"files"`
	}
	if err := json.Unmarshal(raw, &gold); err != nil {
		t.Fatal(err)
	}
	var need, hits, cmpOK, kindOK, predicted, predHits, fp int
	for name, gf := range gold.Files {
		b, err := os.ReadFile(shared.Path(t, "corpus", "seeds", name))
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		docType := ""
		for _, d := range gf.Docs {
			if d.DocType != "" {
				docType = d.DocType
				break
			}
		}
		all := Extract(text, Options{DocType: docType})
		ft := []rune(fold.Text(text))
		bounds := docBoundary.FindAllStringIndex(text, -1)
		for _, d := range gf.Docs {
			cueAt := strings.Index(string(ft), fold.Text(d.Cue))
			if cueAt < 0 {
				// cues are written folded; search the normalised text instead.
				t.Logf("%s: cue %q not found verbatim", name, d.Cue)
			}
			lo, hi := 0, len(ft)
			if cueAt >= 0 {
				cueRune := len([]rune(string(ft)[:cueAt]))
				lo, hi = regionAround(text, bounds, cueRune)
			}
			var inDoc []doc.Target
			for _, tg := range all {
				if tg.Start >= lo && tg.Start < hi {
					inDoc = append(inDoc, tg)
				}
			}
			used := map[int]bool{}
			for _, g := range d.Targets {
				idx := findHit(inDoc, g)
				if idx < 0 {
					idx = findHit(all, g) // recall is measured over the whole file
					if idx >= 0 {
						idx = -2
					}
				}
				if !g.Optional {
					need++
				}
				if idx == -1 {
					if !g.Optional {
						t.Logf("MISS %s: %q %v %s", name, g.Cue, g.Value, g.Unit)
					}
					continue
				}
				var tg doc.Target
				if idx >= 0 {
					used[idx] = true
					tg = inDoc[idx]
				} else {
					tg = all[findHit(all, g)]
				}
				if g.Optional {
					continue
				}
				hits++
				if tg.Cmp == g.Cmp {
					cmpOK++
				} else {
					t.Logf("CMP %s: %q got %s want %s", name, g.Cue, tg.Cmp, g.Cmp)
				}
				if tg.Kind == g.Kind {
					kindOK++
				} else {
					t.Logf("KIND %s: %q got %s want %s", name, g.Cue, tg.Kind, g.Kind)
				}
			}
			if d.Complete {
				for i, tg := range inDoc {
					if opt := optionalHit(d, tg); opt {
						continue
					}
					predicted++
					if used[i] {
						predHits++
					} else {
						t.Logf("EXTRA %s: %q → %v %s (%s)", name, tg.Text, tg.Value, tg.Unit, tg.Metric)
					}
				}
			}
			for _, nt := range d.NotTargets {
				n := norm(nt)
				for _, tg := range inDoc {
					span := norm(string([]rune(text)[tg.Start:tg.End]))
					if strings.Contains(span, n) || strings.Contains(n, span) && strings.Contains(norm(tg.Text), n) {
						fp++
						t.Errorf("not_target %q predicted: %q", nt, tg.Text)
					}
				}
			}
		}
	}
	recall := float64(hits) / float64(need)
	precision := float64(predHits) / math.Max(1, float64(predicted))
	t.Logf("recall %d/%d = %.3f, precision (complete docs) %d/%d = %.3f, cmp %.3f, kind %.3f, not_targets hit %d",
		hits, need, recall, predHits, predicted, precision,
		float64(cmpOK)/math.Max(1, float64(hits)), float64(kindOK)/math.Max(1, float64(hits)), fp)
	if recall < 0.95 {
		t.Errorf("recall %.3f < 0.95", recall)
	}
	if precision < 0.95 {
		t.Errorf("precision %.3f < 0.95", precision)
	}
}

// regionAround returns the rune span of the pasted document holding pos:
// from the "篇N" line before it to the next one.
func regionAround(text string, bounds [][]int, pos int) (int, int) {
	lo, hi := 0, len([]rune(text))
	for _, b := range bounds {
		r := len([]rune(text[:b[0]]))
		if r <= pos {
			lo = r
		} else if r < hi {
			hi = r
			break
		}
	}
	return lo, hi
}

func findHit(ts []doc.Target, g goldTarget) int {
	cue := norm(g.Cue)
	for i, tg := range ts {
		if !strings.Contains(norm(tg.Text), cue) && !strings.Contains(cue, norm(tg.Text)) {
			continue
		}
		if math.Abs(tg.Value-g.Value) > 0.01 || norm(tg.Unit) != norm(g.Unit) {
			continue
		}
		if (g.ValueMax == nil) != (tg.ValueMax == nil) {
			continue
		}
		if g.ValueMax != nil && math.Abs(*g.ValueMax-*tg.ValueMax) > 0.01 {
			continue
		}
		return i
	}
	return -1
}

func optionalHit(d goldDoc, tg doc.Target) bool {
	for _, g := range d.Targets {
		if g.Optional && findHit([]doc.Target{tg}, g) == 0 {
			return true
		}
	}
	return false
}
