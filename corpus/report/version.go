package report

import (
	"runtime/debug"
	"strings"
)

// Version is the planmine version the reports print: the module version
// the binary was built as, else its VCS revision (12 hex digits, "+dirty"
// when the tree had changes), else "dev".
func Version() string {
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
