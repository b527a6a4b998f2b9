package api

import (
	"context"
	"log/slog"
	"testing"
)

// A re-run reports as created the files an earlier attempt stored, whether
// that attempt reported them (prior) or died before it could (same name);
// a file another upload stored, or given twice, stays a duplicate. A first
// run changes nothing.
func TestJobRunRerunResults(t *testing.T) {
	ctx := context.Background()
	q := newMemJobs()
	s := &Server{jobs: q, owner: "me", log: slog.Default()}
	dup := func(src, id string, of DocRef) []Result {
		return []Result{{Source: src, Part: 1, ID: id, Status: StatusDuplicate, DuplicateOf: &of}}
	}
	cases := []struct {
		name  string
		rerun bool
		in    [][]Result
		want  []string
	}{
		{"rerun", true, [][]Result{
			dup("a.zip/1.txt", "id1", DocRef{ID: "id1", Source: "a.zip/1.txt", Part: 1}), // reported by the first attempt
			dup("a.zip/2.txt", "id2", DocRef{ID: "id2", Source: "a.zip/2.txt", Part: 1}), // stored, not reported
			dup("a.zip/3.txt", "id3", DocRef{ID: "id3", Source: "别人的.txt", Part: 1}),     // someone else's
			dup("a.zip/1 copy.txt", "id1", DocRef{ID: "id1", Source: "a.zip/1.txt", Part: 1}),
		}, []string{StatusCreated, StatusCreated, StatusDuplicate, StatusDuplicate}},
		{"first run", false, [][]Result{
			dup("a.zip/2.txt", "id2", DocRef{ID: "id2", Source: "a.zip/2.txt", Part: 1}),
		}, []string{StatusDuplicate}},
	}
	for _, c := range cases {
		id, _ := q.Enqueue(ctx, nil, len(c.in))
		r := s.newRun(id, len(c.in), c.rerun, []string{"id1"}, nil)
		r.start(ctx)
		for _, rs := range c.in {
			r.add(ctx, rs)
		}
		r.finish(ctx)
		j, err := q.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		st := q.jobs[id]
		if j.State != JobDone || len(st.results) != len(c.want) {
			t.Fatalf("%s: %+v", c.name, j)
		}
		for i, w := range c.want {
			if st.results[i].Status != w || (w == StatusCreated) != (st.results[i].DuplicateOf == nil) {
				t.Errorf("%s: result %d %+v, want %s", c.name, i, st.results[i], w)
			}
		}
	}
}
