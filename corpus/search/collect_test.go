package search

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/planmine/planmine/corpus"
	"github.com/planmine/planmine/doc"
)

func TestFacetCounterSplit(t *testing.T) {
	c := &facetCounter{counts: map[string]*int{}}
	add := func(term string, n int) {
		for i := 0; i < n; i++ {
			c.UpdateVisitor([]byte(term))
		}
	}
	add("type:plan", 5)
	add("type:summary", 7)
	add("type:scheme", 5)
	add("org:某县人民医院党委", 2)
	add("org:org:嵌套冒号", 1) // a value may hold the separator
	add("bogus:x", 9)      // not a facet name: dropped
	add("nocolon", 3)
	for i := 0; i < facetSize+5; i++ {
		add(fmt.Sprintf("year:%d", 2000+i), 1+i%3)
	}
	got := c.split()
	if len(got) != len(facetNames) {
		t.Fatalf("facets %v", got)
	}
	want := []corpus.FacetCount{{Value: "summary", Count: 7}, {Value: "plan", Count: 5}, {Value: "scheme", Count: 5}}
	if fmt.Sprint(got["type"]) != fmt.Sprint(want) {
		t.Errorf("type: %v want %v (count desc, value asc)", got["type"], want)
	}
	if len(got["year"]) != facetSize || got["year"][0].Count != 3 {
		t.Errorf("year not cut to the top %d: %v", facetSize, got["year"])
	}
	if fmt.Sprint(got["org"]) != fmt.Sprint([]corpus.FacetCount{{Value: "某县人民医院党委", Count: 2}, {Value: "org:嵌套冒号", Count: 1}}) {
		t.Errorf("org: %v", got["org"])
	}
	if got["slogan"] == nil || len(got["slogan"]) != 0 {
		t.Errorf("an absent facet is an empty list: %#v", got["slogan"])
	}
}

// Searches run while documents are added and deleted (run with -race).
func TestConcurrentSearchAndPut(t *testing.T) {
	ix := substringIndex(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := 0; g < 3; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				res, err := ix.Search(ctx, corpus.Query{Q: []string{"三会一课", "医德医风 type:summary", "党员"}[(g+i)%3]})
				if err != nil {
					errs <- err
					return
				}
				if res.Total == 0 || len(res.Facets["type"]) == 0 {
					errs <- fmt.Errorf("no hits or facets: %+v", res)
					return
				}
			}
		}(g)
	}
	for i := 0; i < 10; i++ {
		id := fmt.Sprintf("extra%d", i)
		d := doc.Document{ID: id, Source: "x.txt", DocType: "plan", Text: "落实三会一课制度"}
		if err := ix.Put(ctx, []corpus.Entry{{Doc: d}}); err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			if err := ix.Delete(ctx, id); err != nil {
				t.Fatal(err)
			}
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
