// Package lazyregexp holds regular expressions that are compiled on first
// use rather than at program start. A package-level regexp.MustCompile
// runs in every command, also those that never match it: the rule tables
// of the analysers cost a short command (planmine reuse, version) a few
// hundred kilobytes and milliseconds of start-up, and with the other
// packages' start-up allocation a garbage collection before main.
//
// The pattern is cmd/go's internal/lazyregexp: in a test binary the
// expression is compiled at once, so a bad one fails every test of its
// package instead of the first call that reaches it.
package lazyregexp

import (
	"os"
	"regexp"
	"strings"
	"sync"
)

// Regexp is a regexp.Regexp compiled on first use; the methods are those
// of regexp.Regexp. It is safe for concurrent use.
type Regexp struct {
	expr string
	once sync.Once
	rx   *regexp.Regexp
}

// inTest reports whether this is a test binary.
var inTest = len(os.Args) > 0 && strings.HasSuffix(strings.TrimSuffix(os.Args[0], ".exe"), ".test")

// New returns the regexp of expr, compiled (and checked, panicking on a
// bad expression as regexp.MustCompile does) on first use.
func New(expr string) *Regexp {
	r := &Regexp{expr: expr}
	if inTest {
		r.re()
	}
	return r
}

func (r *Regexp) re() *regexp.Regexp {
	r.once.Do(func() { r.rx = regexp.MustCompile(r.expr) })
	return r.rx
}

// Regexp returns the compiled regexp.
func (r *Regexp) Regexp() *regexp.Regexp { return r.re() }

func (r *Regexp) String() string { return r.expr }

func (r *Regexp) MatchString(s string) bool { return r.re().MatchString(s) }

func (r *Regexp) FindStringIndex(s string) []int { return r.re().FindStringIndex(s) }

func (r *Regexp) FindStringSubmatch(s string) []string { return r.re().FindStringSubmatch(s) }

func (r *Regexp) FindStringSubmatchIndex(s string) []int { return r.re().FindStringSubmatchIndex(s) }

func (r *Regexp) FindAllStringIndex(s string, n int) [][]int { return r.re().FindAllStringIndex(s, n) }

func (r *Regexp) FindAllStringSubmatchIndex(s string, n int) [][]int {
	return r.re().FindAllStringSubmatchIndex(s, n)
}
