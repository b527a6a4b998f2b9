package corpus

import (
	"context"

	"github.com/planmine/planmine/doc"
)

// unfinished returns the documents of the duplicate files in res whose
// reuse results were never computed: their writer stopped (a crash, a
// killed replica) between storing them and aligning them. Uploading the
// file again finishes the job instead of leaving them without pairs.
func (c *Corpus) unfinished(ctx context.Context, res []PutResult, errs []error) ([]doc.Document, error) {
	var ids []string
	for i, r := range res {
		if errs[i] == nil && r.Duplicate {
			ids = append(ids, r.IDs...)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	covers, err := c.Store.ReuseCovers(ctx, ids)
	if err != nil {
		return nil, err
	}
	var out []doc.Document
	for _, id := range ids {
		if cv, ok := covers[id]; !ok || cv.Cover != nil {
			continue
		}
		d, err := c.Store.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, *d)
	}
	return out, nil
}
