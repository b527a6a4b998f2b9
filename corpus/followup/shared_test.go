package followup_test

import (
	"context"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/corpus/followup"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/internal/shared"
	"github.com/planmine/planmine/internal/storetest"
)

// TestSharedCorpus measures the follow-up on the shared corpus (seeds and
// external documents), as stored and with what the extractor misses
// supplied by hand; `go test -run SharedCorpus -v ./corpus/followup/`
// prints the figures the README quotes. It checks only what holds
// whatever the extractors give.
func TestSharedCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests the shared corpus")
	}
	seeds, external := shared.Path(t, "corpus", "seeds"), shared.Path(t, "corpus", "external")
	ctx := context.Background()
	db := storetest.Load(t, true, seeds, external) // SOURCES.tsv and the bulk .jsonl are not documents
	all, _, err := db.Targets(ctx, corpus.TargetFilter{Limit: -1})
	if err != nil {
		t.Fatal(err)
	}

	// As stored.
	var plans []corpus.TargetRow
	docs, withOrg, summaries := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, r := range all {
		docs[r.DocID] = true
		if r.Org != nil {
			withOrg[r.DocID] = true
		}
		if r.DocType == doc.TypeSummary {
			summaries[r.DocID] = true
		}
		if r.Kind == doc.KindPlan {
			plans = append(plans, r)
		}
	}
	followup.Link(plans, all)
	status, why := map[string]int{}, map[string]int{}
	for _, p := range plans {
		status[p.Followup.Status]++
		why[strings.SplitN(p.Followup.Note, " ", 2)[0]]++
		if a := p.Followup.Achieved; a != nil && (a.DocType != doc.TypeSummary || a.Year == nil || *a.Year != *p.Followup.Year) {
			t.Errorf("%q linked to %q of %v", p.Text, a.Text, a.Year)
		}
	}
	t.Logf("as stored: %d targets in %d documents; %d plan targets; documents with an organisation %d, summaries %d",
		len(all), len(docs), len(plans), len(withOrg), len(summaries))
	t.Logf("as stored: statuses %v; reasons %v", status, why)

	// With the organisation supplied: the national government work reports
	// as one organisation, and the achieved figures of year Y's report as
	// the summary of Y−1 (a work report reviews the year before).
	name := regexp.MustCompile(`gwr_cn_(\d{4})_(u8|gbk)\.txt$`)
	pick := map[int]string{} // one scrape per year, u8 first
	for _, r := range all {
		if m := name.FindStringSubmatch(r.Source); m != nil {
			y, _ := strconv.Atoi(m[1])
			if pick[y] == "" || m[2] == "u8" {
				pick[y] = r.Source
			}
		}
	}
	org := "国务院"
	var gwr, gplans []corpus.TargetRow
	for _, r := range all {
		m := name.FindStringSubmatch(r.Source)
		if m == nil {
			continue
		}
		y, _ := strconv.Atoi(m[1])
		if pick[y] != r.Source {
			continue
		}
		r.Org = &org
		if r.Kind == doc.KindAchieved {
			r.DocID += "#review"
			r.DocType, r.Year = doc.TypeSummary, doc.IntPtr(y-1)
		} else {
			r.DocType, r.Year = doc.TypePlan, doc.IntPtr(y)
			gplans = append(gplans, r)
		}
		gwr = append(gwr, r)
	}
	followup.Link(gplans, gwr)
	linked, how := map[string]int{}, map[string]int{}
	var lines []string
	for _, p := range gplans {
		a := p.Followup.Achieved
		if a == nil {
			continue
		}
		linked[p.Followup.Status]++
		how[p.Followup.Match]++
		if *a.Year != *p.Year {
			t.Errorf("%q (%d) linked to %q of %d", p.Text, *p.Year, a.Text, *a.Year)
		}
		lines = append(lines, strconv.Itoa(*p.Year)+" "+p.Followup.Status+" "+p.Followup.Match+" | "+p.Text+" ⇐ "+a.Text)
	}
	sort.Strings(lines)
	t.Logf("national work reports with the organisation supplied: %d plan targets over years %v; linked %v by %v",
		len(gplans), keys(pick), linked, how)
	for _, l := range lines {
		t.Log(l)
	}
}

func keys(m map[int]string) []int {
	var out []int
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}
