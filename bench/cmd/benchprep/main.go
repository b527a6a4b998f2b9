// Command benchprep writes the inputs every peer reads, so that planmine and
// the peers run on the same bytes: the 72 government work reports of the
// bulk JSONL as .txt files, the seeds repeated N times for segmentation,
// and the planted reuse cases (a plan, a half copy with ASCII punctuation,
// a Traditional-script copy).
//
//	benchprep -shared /work/shared -out bench/out -n 10
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/longbridgeapp/opencc"
	"github.com/planmine/planmine/bench/internal/measure"
)

func main() {
	shared := flag.String("shared", "/work/shared", "shared 目录 (shared folder with corpus/)")
	out := flag.String("out", "bench/out", "输出目录 (output folder)")
	n := flag.Int("n", 10, "种子文件重复次数 (times the seeds are repeated for segmentation)")
	testdata := flag.String("testdata", "bench/testdata", "自写样本目录 (folder with the planted plan texts)")
	flag.Parse()
	if err := run(*shared, *out, *testdata, *n); err != nil {
		measure.Fatal("benchprep: %v", err)
	}
}

func run(shared, out, testdata string, n int) error {
	reports, err := writeReports(filepath.Join(shared, "corpus", "external", "bulk_gwr_cn_1954_2025_wikisource.jsonl"), filepath.Join(out, "reports"))
	if err != nil {
		return err
	}
	seeds, err := writeSeeds(filepath.Join(shared, "corpus", "seeds"), filepath.Join(out, "seg", "seeds"), n)
	if err != nil {
		return err
	}
	if err := writePlanted(testdata, filepath.Join(out, "planted")); err != nil {
		return err
	}
	return measure.Emit(os.Stdout, map[string]int{"reports": reports, "seed_files": seeds})
}

// report is one line of the bulk JSONL.
type report struct {
	Title   string `json:"title"`
	URL     string `json:"url"`
	Content string `json:"content"`
	Year    string `json:"year"`
}

func writeReports(jsonl, dir string) (int, error) {
	f, err := os.Open(jsonl)
	if err != nil {
		return 0, fmt.Errorf("打开语料失败 (open corpus): %w", err)
	}
	defer f.Close()
	if err := fresh(dir); err != nil {
		return 0, err
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	i := 0
	for sc.Scan() {
		var r report
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return i, fmt.Errorf("第 %d 行无法解析 (line %d is not JSON): %w", i+1, i+1, err)
		}
		text := r.Content
		if r.Title != "" && !strings.HasPrefix(strings.TrimSpace(text), r.Title) {
			text = r.Title + "\n" + text
		}
		name := filepath.Join(dir, fmt.Sprintf("%03d_%s.txt", i, r.Year))
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			return i, err
		}
		i++
	}
	return i, sc.Err()
}

func writeSeeds(src, dir string, n int) (int, error) {
	if err := fresh(dir); err != nil {
		return 0, err
	}
	files, err := filepath.Glob(filepath.Join(src, "*.txt"))
	if err != nil || len(files) == 0 {
		return 0, fmt.Errorf("找不到种子文件 (no seed files) in %s", src)
	}
	count := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return count, err
		}
		for k := 0; k < n; k++ {
			name := filepath.Join(dir, fmt.Sprintf("%02d_%s", k, filepath.Base(f)))
			if err := os.WriteFile(name, b, 0o644); err != nil {
				return count, err
			}
			count++
		}
	}
	return count, nil
}

// asciiPunct is what a hurried copier's input method produces: full-width
// comma and full stop typed as ASCII.
var asciiPunct = strings.NewReplacer("，", ",", "。", ".")

func writePlanted(testdata, dir string) error {
	plan, err := os.ReadFile(filepath.Join(testdata, "planted_plan.txt"))
	if err != nil {
		return err
	}
	other, err := os.ReadFile(filepath.Join(testdata, "planted_other.txt"))
	if err != nil {
		return err
	}
	if err := fresh(dir); err != nil {
		return err
	}
	lines := nonEmpty(string(plan))
	otherLines := nonEmpty(string(other))
	// The half copy: the other plan's title and opening, then every second
	// paragraph of the plan (body paragraphs only, so the kept half is real
	// text rather than headings), punctuation swapped, then the rest of the
	// other plan.
	var cp []string
	cp = append(cp, otherLines[:3]...)
	for i, l := range lines {
		if i%2 == 1 && len([]rune(l)) > 40 {
			cp = append(cp, asciiPunct.Replace(l))
		}
	}
	cp = append(cp, otherLines[3:]...)
	cc, err := opencc.New("s2t")
	if err != nil {
		return fmt.Errorf("加载繁简转换失败 (load opencc s2t): %w", err)
	}
	trad, err := cc.Convert(string(plan))
	if err != nil {
		return fmt.Errorf("繁体转换失败 (convert to Traditional): %w", err)
	}
	files := map[string]string{
		"plan.txt":       string(plan),
		"copy_ascii.txt": strings.Join(cp, "\n") + "\n",
		"copy_trad.txt":  trad,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func nonEmpty(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// fresh empties dir so a smaller rerun leaves no stale files behind.
func fresh(dir string) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	return os.MkdirAll(dir, 0o755)
}
