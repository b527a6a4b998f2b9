package main

import (
	"context"
	"io/fs"
	"path/filepath"
	"runtime/debug"

	"github.com/planmine/planmine/corpus/reuse"
	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/nlp"
)

func cmdReuse(ctx context.Context, e env, args []string) error {
	fs := newFlags("reuse", e.stderr)
	asJSON := fs.Bool("json", false, "输出 JSON (print SPEC §3 JSON)")
	withDemo := fs.Bool("demo", false, "包含内置示例文档 (include the embedded sample corpus)")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 && !*withDemo {
		return usageError{"reuse 需要至少一个路径或 --demo (needs a PATH or --demo)"}
	}
	// A one-shot run over a small batch keeps every document to the end
	// anyway: collecting garbage less often costs it little memory and
	// saves CPU. A large batch keeps the default, which bounds its peak.
	if e.getenv("GOGC") == "" && inputAtMost(paths, reuseSmallInput) {
		defer debug.SetGCPercent(debug.SetGCPercent(reuseGCPercent))
	}
	// The outlines (the figures' sections) are extracted in the engine's
	// first parallel pass, beside its serial indexing.
	docs, failed, err := readAll(ctx, e, paths, *withDemo, nil)
	if err != nil {
		return err
	}
	rep := reuse.AnalyzeEach(ptrs(docs), reuse.Options{}, func(d *doc.Document) {
		_ = nlp.Outline(ctx, d) // fails only once ctx is done
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	if rep.Pairs == nil {
		rep.Pairs = []reuse.Pair{}
	}
	if rep.Clusters == nil {
		rep.Clusters = [][]string{}
	}
	if *asJSON {
		err = reuse.WriteJSON(e.stdout, rep)
	} else {
		err = reuse.WriteText(e.stdout, rep)
	}
	if err != nil {
		return err
	}
	if failed > 0 {
		return inputsFailed{failed}
	}
	return nil
}

// reuseGCPercent is the GC target of planmine reuse over at most
// reuseSmallInput bytes of files, unless GOGC is set.
const (
	reuseGCPercent  = 400
	reuseSmallInput = 32 << 20
)

// inputAtMost reports whether the files under paths hold at most limit
// bytes in all; it stops at the first file past it.
func inputAtMost(paths []string, limit int64) bool {
	var n int64
	for _, p := range paths {
		err := filepath.WalkDir(p, func(_ string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
			if n > limit {
				return fs.SkipAll
			}
			return nil
		})
		if err != nil || n > limit {
			return false
		}
	}
	return true
}

func ptrs(docs []doc.Document) []*doc.Document {
	out := make([]*doc.Document, len(docs))
	for i := range docs {
		out[i] = &docs[i]
	}
	return out
}
