// Command gen writes ingest/fold/hanfold.bin, fold's compiled single-rune
// tables (see foldgen). Run by `go generate ./ingest/fold/`.
package main

import (
	"fmt"
	"os"

	"github.com/planmine/planmine/ingest/fold/foldgen"
)

func main() {
	data, err := foldgen.Build()
	if err == nil {
		err = os.WriteFile("hanfold.bin", data, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
