// Command gencommon writes ingest/commonchars.txt: the Han characters most
// frequent in gse's Simplified and Traditional dictionaries (summed word
// frequencies), which the legacy-encoding guess uses to tell a right
// decoding (党支部工作计划) from a wrong one (絨盓窒馱釬數赫) when both
// decode without error. Run by `go generate ./ingest/`.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

func main() {
	n := flag.Int("n", 4000, "how many characters")
	out := flag.String("o", "commonchars.txt", "output file")
	flag.Parse()
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/go-ego/gse").Output()
	if err != nil {
		fail(fmt.Errorf("locate gse: %w", err))
	}
	freq := map[rune]float64{}
	for _, f := range []string{"s_1.txt", "t_1.txt"} {
		if err := count(filepath.Join(strings.TrimSpace(string(dir)), "data", "dict", "zh", f), freq); err != nil {
			fail(err)
		}
	}
	chars := make([]rune, 0, len(freq))
	for r := range freq {
		chars = append(chars, r)
	}
	sort.Slice(chars, func(i, j int) bool {
		if freq[chars[i]] != freq[chars[j]] {
			return freq[chars[i]] > freq[chars[j]]
		}
		return chars[i] < chars[j]
	})
	chars = chars[:min(*n, len(chars))]
	sort.Slice(chars, func(i, j int) bool { return chars[i] < chars[j] })
	if err := os.WriteFile(*out, []byte(string(chars)+"\n"), 0o644); err != nil {
		fail(err)
	}
}

func count(path string, freq map[rune]float64) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p := strings.Fields(sc.Text())
		if len(p) < 2 {
			continue
		}
		w, err := strconv.ParseFloat(p[1], 64)
		if err != nil {
			continue
		}
		for _, r := range p[0] {
			if unicode.Is(unicode.Han, r) {
				freq[r] += w
			}
		}
	}
	return sc.Err()
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gencommon:", err)
	os.Exit(1)
}
