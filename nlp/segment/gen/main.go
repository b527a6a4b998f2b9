// Command gen writes nlp/segment/zh.dict, the compiled segmentation
// dictionary. Run it through `go generate ./nlp/segment/` after changing
// domain.txt or the gse version; TestCompiledDictionaryIsCurrent fails
// until then.
package main

import (
	"fmt"
	"os"

	"github.com/planmine/planmine/nlp/segment/gsedict"
)

func main() {
	out := "zh.dict"
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	ref, err := gsedict.Reference()
	if err == nil {
		var data []byte
		if data, err = gsedict.Build(ref); err == nil {
			err = os.WriteFile(out, data, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
