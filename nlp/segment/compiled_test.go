package segment_test

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/go-ego/gse"

	"github.com/planmine/planmine/internal/shared"
	"github.com/planmine/planmine/nlp/segment"
	"github.com/planmine/planmine/nlp/segment/gsedict"
)

var (
	refOnce sync.Once
	ref     *gse.Segmenter
	refErr  error
)

// reference is gse loaded the way planmine loaded it before the dictionary
// was compiled.
func reference(t *testing.T) *gse.Segmenter {
	t.Helper()
	if testing.Short() {
		t.Skip("loads gse's dictionary (3–5 s)")
	}
	if _, err := gsedictReference(); err != nil {
		t.Fatal(err)
	}
	return ref
}

func gsedictReference() (*gse.Segmenter, error) {
	refOnce.Do(func() { ref, refErr = gsedict.Reference() })
	return ref, refErr
}

// TestCompiledDictionaryIsCurrent fails when zh.dict is not what the
// generator makes from today's gse and domain.txt: run go generate.
func TestCompiledDictionaryIsCurrent(t *testing.T) {
	want, err := gsedict.Build(reference(t))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("zh.dict")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("zh.dict (%d bytes) differs from a fresh build (%d bytes): run `go generate ./nlp/segment/`", len(got), len(want))
	}
}

// sameTexts is every text the comparison runs on: the shared seeds and
// external reports (UTF-8 ones; the JSONL as raw lines), the real-page
// sets and the written held-out set, plus edge cases.
func sameTexts(t *testing.T) map[string]string {
	texts := map[string]string{
		"empty":    "",
		"ascii":    "Hello WORLD 2024 ABC-123 e.g. GDP增长6.5%以上",
		"mixed":    "ＸＸ医院20XX年度党支部工作计划（草案）第1季度。Q1：完成率≥95％；Ⅲ级、①②",
		"invalid":  "党建\xff\xfe工作\xe4\xb8",
		"greek":    "αβγ测试Δ值ÅÄÖ数据Ωmega",
		"spaces":   "  三会一课 \t 制度\n\n主题党日\r\n",
		"longrun":  "中华人民共和国国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要",
		"numbers":  "全年计划发展党员2名，8-10人，不低于60%，四分之三",
		"trad":     "認真落實三會一課制度，黨課每季度不少於1次。醫院黨委關於開展主題黨日活動的實施方案",
		"repeated": "的的的的的的的的的的了了了了了",
	}
	var globs []string
	for _, g := range []string{"corpus/seeds/*.txt", "corpus/external/*_u8.txt", "corpus/external/*.jsonl"} {
		globs = append(globs, filepath.Join(shared.Path(t, ""), g))
	}
	globs = append(globs, "../../testdata/real/*/*.txt", "../../testdata/unseen/*.txt")
	for _, g := range globs {
		files, err := filepath.Glob(g)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			texts[f] = string(b)
		}
	}
	if len(texts) < 200 {
		t.Fatalf("only %d texts found", len(texts))
	}
	return texts
}

// TestSameAsGse: the compiled segmenter gives gse's words, byte spans and
// tags on every text (by lines, as the analysis cuts phrases, and whole).
func TestSameAsGse(t *testing.T) {
	g := reference(t)
	s, err := segment.Default()
	if err != nil {
		t.Fatal(err)
	}
	words := 0
	for name, text := range sameTexts(t) {
		lines := bytes.Split([]byte(text), []byte("\n"))
		for k, p := range append(lines, []byte(text)) {
			want := g.Segment(p)
			got := s.Segment(p)
			if len(got) != len(want) {
				t.Errorf("%s: %d words, gse %d, in %q", name, len(got), len(want), clip(p))
				continue
			}
			for i := range want {
				w := want[i]
				if got[i].Start != w.Start() || got[i].End != w.End() || got[i].Pos != w.Token().Pos() {
					t.Errorf("%s: word %d = %+v, gse [%d,%d) %q/%s", name, i, got[i], w.Start(), w.End(), w.Token().Text(), w.Token().Pos())
					break
				}
			}
			words += len(want)
			if k == len(lines) {
				continue // Cut and Pos are checked line by line
			}
			if cut, gcut := s.Cut(string(p)), g.Cut(string(p)); !equal(cut, gcut) {
				t.Errorf("%s: Cut differs from gse's in %q", name, clip(p))
			}
			pos, gpos := s.Pos(string(p)), g.Pos(string(p), false)
			for i := range gpos {
				if i >= len(pos) || pos[i].Text != gpos[i].Text || pos[i].Pos != gpos[i].Pos {
					t.Errorf("%s: Pos word %d differs from gse's %v", name, i, gpos[i])
					break
				}
			}
		}
	}
	if words < 1_000_000 {
		t.Errorf("compared only %d words", words)
	}
	t.Logf("%d words identical to gse's", words)
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func clip(b []byte) string {
	r := []rune(string(b))
	if len(r) > 40 {
		r = r[:40]
	}
	return string(r)
}
