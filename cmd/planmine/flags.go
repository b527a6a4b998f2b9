package main

import (
	"errors"
	"flag"
	"io"
	"strings"
)

// newFlags returns a flag set whose errors are usage errors. It prints
// nothing itself: a bad flag is reported by exitCode, and -h/--help by run
// (the command's help, on stdout).
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// helpRequested is returned by parse for -h / --help: run prints the
// command's help with fs's flags and exits 0.
type helpRequested struct{ fs *flag.FlagSet }

func (helpRequested) Error() string { return "help requested" }

// parse parses flags that may stand before, between or after positional
// arguments ("planmine analyze a.txt --json" works as users expect).
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, helpRequested{fs}
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// envDefault returns the environment value for key, or def.
func envDefault(getenv func(string) string, key, def string) string {
	if v := strings.TrimSpace(getenv(key)); v != "" {
		return v
	}
	return def
}
