package reuse

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/planmine/planmine/doc"
)

// TestParamsTable measures k and w on the labelled pairs: the seed 000 trio,
// the seed 003 pair, the same reports from two scrapes and the own copies,
// against all seeds and external reports together. It prints the table the
// defaults were chosen from; run with REUSE_PARAMS=1.
func TestParamsTable(t *testing.T) {
	if os.Getenv("REUSE_PARAMS") == "" {
		t.Skip("set REUSE_PARAMS=1 to measure k and w")
	}
	docs := append(seed000Parts(t), seed003Docs(t)...)
	for _, n := range []string{"001_f4d157a1266cd397.txt", "002_9058a1a23e0705b8.txt", "004_5ca0019a6ce73c5f.txt"} {
		docs = append(docs, &doc.Document{ID: n[:3], Source: n, Part: 1, Title: n, Text: readShared(t, "corpus", "seeds", n)})
	}
	for _, n := range []string{"gwr_cn_2016_u8.txt", "gwr_cn_2016_gbk.txt", "gwr_cn_2017_u8.txt", "gwr_cn_2017_gbk.txt",
		"gwr_cn_2018_u8.txt", "gwr_cn_2018_gbk.txt", "gwr_cn_2018_gbk_dirty.txt", "gwr_cn_2023_u8.txt", "gwr_cn_2024_u8.txt",
		"cpc_congress_18_u8.txt", "cpc_congress_19_u8.txt", "cpc_congress_20_u8.txt", "gwr_cn_1998_u8.txt",
		"gwr_cn_2003_gbk.txt", "gwr_cn_2008_gbk.txt", "gwr_cn_2013_gbk.txt"} {
		docs = append(docs, external(t, n))
	}
	docs = append(docs, mkdoc("own-src", planWithFormulas()), mkdoc("own-copy", copiedPlan()), mkdoc("own-trad", traditional(t, planText())))
	var d003a, d003b string
	for _, d := range docs {
		if strings.Contains(d.Text, "大由卫生院创先争优活动实施方案为认真贯彻落实") {
			d003a = d.ID
		}
		if strings.HasPrefix(d.Text, "崀山镇卫生院2011年创先争优活动\n") {
			d003b = d.ID
		}
	}
	want := [][2]string{{"000-1", "000-4"}, {"000-1", "000-7"}, {"000-4", "000-7"}, {d003a, d003b},
		{"gwr_cn_2016_u8.txt", "gwr_cn_2016_gbk.txt"}, {"gwr_cn_2017_u8.txt", "gwr_cn_2017_gbk.txt"},
		{"gwr_cn_2018_u8.txt", "gwr_cn_2018_gbk.txt"}, {"gwr_cn_2018_u8.txt", "gwr_cn_2018_gbk_dirty.txt"},
		{"gwr_cn_2018_gbk.txt", "gwr_cn_2018_gbk_dirty.txt"}, {"own-src", "own-copy"}, {"own-src", "own-trad"}, {"own-copy", "own-trad"}}
	isWant := map[string]bool{}
	for _, w := range want {
		isWant[w[0]+"|"+w[1]] = true
		isWant[w[1]+"|"+w[0]] = true
	}
	// Edited copies: every n-th Han character of a seed document replaced,
	// the way a copier changes names and numbers throughout.
	var edited [][2]*doc.Document
	for _, src := range []*doc.Document{docs[1], docs[2], docs[4], docs[len(docs)-3]} {
		for _, every := range []int{12, 20} {
			rs := []rune(src.Text)
			h := 0
			for i, r := range rs {
				if r >= 0x4e00 && r <= 0x9fff {
					h++
					if h%every == 0 {
						rs[i] = '某'
					}
				}
			}
			edited = append(edited, [2]*doc.Document{src, mkdoc(fmt.Sprintf("%s-edit%d", src.ID, every), string(rs))})
		}
	}
	fmt.Printf("| k | w | found (score≥0.8) | missed | false pairs (score≥0.3) | weak pairs | edited copies: score every 12th / 20th rune changed | postings | report time |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, k := range []int{8, 10, 13, 16} {
		for _, w := range []int{4, 8, 12} {
			ix := New(Options{K: k, W: w})
			for _, f := range wikisourceFooters(t) {
				ix.AddTemplate(f)
			}
			for _, d := range docs {
				ix.Add(d)
			}
			_, postings := ix.post.size()
			start := time.Now()
			r := ix.Report()
			el := time.Since(start)
			found, falseP, weak := 0, 0, 0
			for _, p := range r.Pairs {
				if p.Template {
					continue
				}
				if isWant[p.A.ID+"|"+p.B.ID] {
					if p.Score >= 0.8 {
						found++
					}
					continue
				}
				if p.Score >= 0.3 {
					falseP++
				} else {
					weak++
				}
			}
			var e12, e20 float64
			for i, pr := range edited {
				rr := Analyze([]*doc.Document{pr[0], pr[1]}, Options{K: k, W: w})
				sc := 0.0
				if p := findPair(rr, pr[0].ID, pr[1].ID); p != nil {
					sc = p.Score
				}
				if i%2 == 0 {
					e12 += sc / float64(len(edited)/2)
				} else {
					e20 += sc / float64(len(edited)/2)
				}
			}
			fmt.Printf("| %d | %d | %d/%d | %d | %d | %d | %.2f / %.2f | %d | %v |\n", k, w, found, len(want), len(want)-found, falseP, weak, e12, e20, postings, el.Round(time.Millisecond))
		}
	}
}
