package foldgen_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/planmine/planmine/ingest/fold/foldgen"
)

// TestTablesAreCurrent fails when hanfold.bin is not what OpenCC gives
// today: run go generate ./ingest/fold/.
func TestTablesAreCurrent(t *testing.T) {
	want, err := foldgen.Build()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../hanfold.bin")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("hanfold.bin (%d bytes) differs from a fresh build (%d bytes): run `go generate ./ingest/fold/`", len(got), len(want))
	}
}
