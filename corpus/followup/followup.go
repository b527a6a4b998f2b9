// Package followup follows each plan target up: it links a plan's target
// to the figure the same organisation's summary of the same year reports
// for the same metric, and says whether it was met (已完成), missed
// (未完成), not reported (未报告) or cannot be judged (无法比较). It also
// links the previous year's target and achieved figure for the metric.
//
// It reads only stored targets (corpus.TargetRow): the rules — how
// organisations, years, metrics, units, periods and comparators match —
// are data in rules.go, each with an example that the tests run.
package followup

import (
	"fmt"
	"strings"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
)

// Link fills Followup on every plan row of rows. cands are the targets of
// the documents that may report on them — those of the rows' years and the
// two years before (see Years); rows may be among them. Achieved rows are
// left as they are.
func Link(rows, cands []corpus.TargetRow) {
	ix := newIndex(cands)
	for i := range rows {
		if rows[i].Kind == doc.KindPlan {
			rows[i].Followup = ix.follow(&rows[i])
		}
	}
}

// Years are the document years whose targets Link needs as candidates for
// rows: a plan is for its year (a summary's plans for the next), its
// achieved figures are in that year's summary, last year's in the one
// before, and last year's plans may sit in the summary before that.
func Years(rows []corpus.TargetRow) []int {
	seen := map[int]bool{}
	var out []int
	for _, r := range rows {
		y, ok := commitYear(r)
		if r.Kind != doc.KindPlan || !ok {
			continue
		}
		for _, d := range []int{y, y - 1, y - 2} {
			if !seen[d] {
				seen[d] = true
				out = append(out, d)
			}
		}
	}
	return out
}

// commitYear is the year a plan row is for: its document's year, or the
// next one when the document is a summary (2025年总结的“2026年工作打算”).
func commitYear(r corpus.TargetRow) (int, bool) {
	if r.Year == nil {
		return 0, false
	}
	if r.DocType == doc.TypeSummary {
		return *r.Year + 1, true
	}
	return *r.Year, true
}

// docInfo is one candidate document.
type docInfo struct {
	id, orgKey, folder, title string
	docType                   string
	achieved, plans           []int // indexes into index.cands
}

// shelf holds the documents of one year that report figures (summaries)
// or plans, found by organisation key and, for folderTypes, by folder.
type shelf struct {
	byOrg, byFolder map[string][]*docInfo
}

func (s *shelf) add(d *docInfo) {
	if d.orgKey != "" {
		s.byOrg[d.orgKey] = append(s.byOrg[d.orgKey], d)
	}
	if d.folder != "" && folderTypes[d.docType] {
		s.byFolder[d.folder] = append(s.byFolder[d.folder], d)
	}
}

// index groups the candidates by document, year and kind.
type index struct {
	cands     []corpus.TargetRow
	norm      []string          // Metric of each candidate
	metrics   map[string]string // Metric, memoised: metrics repeat across documents
	sets      map[string][]rune // charSet of each normalised metric
	orgs      map[string]string // OrgKey, memoised
	summaries map[int]*shelf
	planDocs  map[int]*shelf // by the year their plans are for
}

func newIndex(cands []corpus.TargetRow) *index {
	ix := &index{cands: cands, norm: make([]string, len(cands)), metrics: map[string]string{}, sets: map[string][]rune{}, orgs: map[string]string{},
		summaries: map[int]*shelf{}, planDocs: map[int]*shelf{}}
	shelfOf := func(m map[int]*shelf, y int) *shelf {
		if m[y] == nil {
			m[y] = &shelf{byOrg: map[string][]*docInfo{}, byFolder: map[string][]*docInfo{}}
		}
		return m[y]
	}
	docs := map[string]*docInfo{}
	for i, c := range cands {
		ix.norm[i] = ix.metric(c.Metric)
		d := docs[c.DocID]
		if d == nil {
			d = &docInfo{id: c.DocID, orgKey: ix.orgKey(c.Org), folder: Folder(c.Source), title: orSource(c), docType: c.DocType}
			docs[c.DocID] = d
		}
		switch {
		case c.Kind == doc.KindAchieved && c.DocType == doc.TypeSummary && c.Year != nil:
			if len(d.achieved) == 0 {
				shelfOf(ix.summaries, *c.Year).add(d)
			}
			d.achieved = append(d.achieved, i)
		case c.Kind == doc.KindPlan:
			if y, ok := commitYear(c); ok {
				if len(d.plans) == 0 {
					shelfOf(ix.planDocs, y).add(d)
				}
				d.plans = append(d.plans, i)
			}
		}
	}
	return ix
}

func (ix *index) orgKey(org *string) string {
	if org == nil {
		return ""
	}
	k, ok := ix.orgs[*org]
	if !ok {
		k = OrgKey(*org)
		ix.orgs[*org] = k
	}
	return k
}

func (ix *index) metric(m string) string {
	n, ok := ix.metrics[m]
	if !ok {
		n = Metric(m)
		ix.metrics[m] = n
		if _, ok := ix.sets[n]; !ok {
			ix.sets[n] = charSet(n)
		}
	}
	return n
}

// follow decides one plan row.
func (ix *index) follow(p *corpus.TargetRow) *corpus.Followup {
	fu := &corpus.Followup{Status: NotReported}
	year, ok := commitYear(*p)
	if !ok {
		fu.Note = "文档未写明年份，无法对应总结 (the document names no year)"
		return fu
	}
	fu.Year = &year
	key, folder := ix.orgKey(p.Org), Folder(p.Source)
	if !folderTypes[p.DocType] {
		folder = ""
	}
	if key == "" && folder == "" {
		fu.Note = "文档未写明单位，无法对应总结 (the document names no organisation to match a summary by)"
		return fu
	}
	pf := figOf(*p, ix.metric(p.Metric))

	reps, orgMatch, why := reporters(key, folder, ix.summaries[year], year)
	switch {
	case len(reps) == 0:
		fu.Note = why
	default:
		best, how := ix.best(pf, reps, true)
		if best < 0 {
			fu.Note = fmt.Sprintf("总结中未找到该指标 (the summary does not report this metric): %s", titles(reps))
			break
		}
		a := ix.cands[best]
		fu.Status, fu.Note = judge(pf, figOf(a, ix.norm[best]))
		fu.Match, fu.OrgMatch = how, orgMatch
		fu.Achieved = ix.ref(best)
		var notes []string
		if how != MatchSame {
			notes = append(notes, fmt.Sprintf("指标近似 (metrics matched approximately): %s ≈ %s", p.Metric, a.Metric))
		}
		if orgMatch == "folder" {
			notes = append(notes, "未写明单位，按同一文件夹对应 (no organisation written; matched by folder)")
		}
		if fu.Note != "" {
			notes = append([]string{fu.Note}, notes...)
		}
		fu.Note = strings.Join(notes, "；")
	}

	if docs, _, _ := reporters(key, folder, ix.summaries[year-1], year-1); len(docs) > 0 {
		if best, _ := ix.best(pf, docs, true); best >= 0 {
			fu.LastAchieved = ix.ref(best)
		}
	}
	if docs, _, _ := reporters(key, folder, ix.planDocs[year-1], year-1); len(docs) > 0 {
		if best, _ := ix.best(pf, docs, false); best >= 0 {
			fu.LastPlan = ix.ref(best)
		}
	}
	return fu
}

// reporters are the documents of a shelf that speak for the plan's
// organisation: same organisation key when both name one; otherwise the
// same folder (folder is "" unless the plan's type may link by folder),
// and then only when the folder holds one such document (two summaries
// without names in one inbox could be anybody's). A document is never
// among its own reporters for the same year: a summary's plans are for
// the next year.
func reporters(key, folder string, s *shelf, year int) ([]*docInfo, string, string) {
	if s != nil && key != "" && len(s.byOrg[key]) > 0 {
		return s.byOrg[key], "org", ""
	}
	var byFolder []*docInfo
	if s != nil && folder != "" {
		for _, d := range s.byFolder[folder] {
			if key == "" || d.orgKey == "" { // both named and different: never by folder
				byFolder = append(byFolder, d)
			}
		}
	}
	switch {
	case len(byFolder) == 1:
		return byFolder, "folder", ""
	case len(byFolder) > 1:
		return nil, "", fmt.Sprintf("同一文件夹中有 %d 份 %d 年的总结且单位不明，无法确定对应哪一份 (%d summaries of %d in the folder, none names this organisation)",
			len(byFolder), year, len(byFolder), year)
	}
	return nil, "", fmt.Sprintf("未找到同一单位 %d 年的工作总结 (no %d summary of the same organisation)", year, year)
}

// Wanted are the ids of the documents among docs (those of the years
// Years gives) that may report on the plan rows of rows: documents of the
// rows' organisations and, where the type allows, of their folders.
// Fetching only their targets keeps a page's follow-up off the rest of
// the corpus.
func Wanted(rows []corpus.TargetRow, docs []corpus.DocSummary) []string {
	keys, folders := map[string]bool{}, map[string]bool{}
	for _, r := range rows {
		if r.Kind != doc.KindPlan {
			continue
		}
		if k := OrgKey(deref(r.Org)); k != "" {
			keys[k] = true
		}
		if f := Folder(r.Source); f != "" && folderTypes[r.DocType] {
			folders[f] = true
		}
	}
	var out []string
	for _, d := range docs {
		if k := OrgKey(deref(d.Org)); (k != "" && keys[k]) || (folderTypes[d.DocType] && folders[Folder(d.Source)]) {
			out = append(out, d.ID)
		}
	}
	return out
}

// best is the candidate of docs (achieved rows, or plan rows) that best
// matches the plan: comparable units first, then the closer metric match,
// the larger share of characters, the same period, and the first written.
// -1 when no metric matches.
func (ix *index) best(p fig, docs []*docInfo, achieved bool) (int, string) {
	bestI, bestHow := -1, ""
	var bestScore [4]float64
	for _, d := range docs {
		list := d.plans
		if achieved {
			list = d.achieved
		}
		for _, ci := range list {
			how, share := matchSets(p.metricNorm, ix.norm[ci], ix.sets[p.metricNorm], ix.sets[ix.norm[ci]])
			if how == "" {
				continue
			}
			c := ix.cands[ci]
			score := [4]float64{0, float64(matchLevel[how]), share, 0}
			if _, _, ok := convert(c.Unit, p.unit); ok {
				score[0] = 1
			}
			if samePeriod(p.period, c.Period) {
				score[3] = 1
			}
			if bestI < 0 || greater(score, bestScore) {
				bestI, bestHow, bestScore = ci, how, score
			}
		}
	}
	return bestI, bestHow
}

func greater(a, b [4]float64) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] > b[i]
		}
	}
	return false
}

func samePeriod(a, b *string) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return fold.Text(*a) == fold.Text(*b)
}

// ref copies a candidate for a Followup (without a follow-up of its own).
func (ix *index) ref(i int) *corpus.TargetRow {
	r := ix.cands[i]
	r.Followup = nil
	return &r
}

func figOf(r corpus.TargetRow, norm string) fig {
	f := fig{cmp: r.Cmp, value: r.Value, vmax: r.Value, unit: r.Unit, period: r.Period,
		metricNorm: norm, perHeadCount: isPerHead(r.Text)}
	if r.ValueMax != nil {
		f.vmax = *r.ValueMax
	}
	return f
}

func titles(ds []*docInfo) string {
	ts := make([]string, len(ds))
	for i, d := range ds {
		ts[i] = "《" + d.title + "》"
	}
	return strings.Join(ts, "、")
}

func orSource(r corpus.TargetRow) string {
	if r.Title != "" {
		return r.Title
	}
	return r.Source
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
