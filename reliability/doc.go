// Package reliability holds the end-to-end reliability suite of planmine:
// a bad-input matrix, a crash-safety test and a soak test, each run
// against a real `planmine serve` process on loopback, and the store
// rows, which damage a stopped data dir and run the real binary on it
// (every command refuses with exit 2; planmine recover brings the corpus
// back). The tests live behind the build tag `reliability` (go test -tags reliability
// ./reliability/), so an ordinary `go test ./...` compiles this package to
// nothing; scripts/reliability.sh runs the suite together with the fuzz
// targets and prints the table of rows held.
package reliability
