package lazyregexp

import (
	"regexp"
	"slices"
	"testing"
)

func TestSameAsRegexp(t *testing.T) {
	const expr = `(?:^|[^0-9])((?:19|20)[0-9]{2})\s*年`
	lazy, eager := New(expr), regexp.MustCompile(expr)
	for _, s := range []string{"2023年工作计划", "关于1998 年的总结", "12023年", "无年份", ""} {
		if got, want := lazy.FindAllStringSubmatchIndex(s, -1), eager.FindAllStringSubmatchIndex(s, -1); !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("%q: got %v, want %v", s, got, want)
		}
		if got, want := lazy.MatchString(s), eager.MatchString(s); got != want {
			t.Errorf("%q: MatchString %v, want %v", s, got, want)
		}
	}
	if lazy.String() != expr {
		t.Errorf("String() = %q", lazy.String())
	}
}

// A test binary compiles at New, so a bad table entry fails its package's
// tests rather than a later call.
func TestBadExpressionPanicsInTests(t *testing.T) {
	if !inTest {
		t.Fatal("inTest is false in a test binary")
	}
	defer func() {
		if recover() == nil {
			t.Error("New of a bad expression did not panic")
		}
	}()
	New(`(unclosed`)
}
