//go:build reliability

package reliability

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
)

// row is one line of the reliability table.
type row struct {
	suite  string // matrix, crash, soak
	name   string
	held   bool
	detail string
}

var (
	reportMu sync.Mutex
	rows     []row
	notes    []string
)

func record(suite, name string, held bool, detail string) {
	reportMu.Lock()
	defer reportMu.Unlock()
	rows = append(rows, row{suite, name, held, detail})
}

func note(format string, args ...any) {
	reportMu.Lock()
	defer reportMu.Unlock()
	notes = append(notes, fmt.Sprintf(format, args...))
}

// printReport writes the table as Markdown, then rows held / rows tried
// per suite and overall.
func printReport(w io.Writer) {
	reportMu.Lock()
	defer reportMu.Unlock()
	if len(rows) == 0 && len(notes) == 0 {
		return
	}
	fmt.Fprintln(w, "\n| suite | row | held | detail |")
	fmt.Fprintln(w, "|---|---|---|---|")
	held := map[string]int{}
	tried := map[string]int{}
	var suites []string
	for _, r := range rows {
		if tried[r.suite] == 0 {
			suites = append(suites, r.suite)
		}
		tried[r.suite]++
		mark := "FAIL"
		if r.held {
			held[r.suite]++
			mark = "ok"
		}
		d := strings.NewReplacer("|", "\\|", "\n", " ").Replace(r.detail)
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", r.suite, r.name, mark, d)
	}
	sort.Strings(suites)
	fmt.Fprintln(w)
	th, tt := 0, 0
	for _, s := range suites {
		fmt.Fprintf(w, "- %s: %d/%d rows held\n", s, held[s], tried[s])
		th += held[s]
		tt += tried[s]
	}
	fmt.Fprintf(w, "- live-server total: %d/%d rows held\n", th, tt)
	for _, n := range notes {
		fmt.Fprintf(w, "- %s\n", n)
	}
}
