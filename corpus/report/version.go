package report

import (
	"runtime/debug"
	"strings"
)

// version is set at link time by a release build:
//
//	go build -ldflags "-X github.com/planmine/planmine/corpus/report.version=v1.2.0" ./cmd/planmine
var version string

// Version is the planmine version the reports print: the one set at link
// time, else the module version the binary was built as, else its VCS
// revision (12 hex digits, "+dirty" when the tree had changes), else "dev".
func Version() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if rev == "" {
		return "dev"
	}
	return strings.TrimSpace(rev[:min(12, len(rev))]) + dirty
}
