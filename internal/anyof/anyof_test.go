package anyof

import "testing"

func TestAnyOf(t *testing.T) {
	words := []string{"计划", "总结"}
	for _, c := range []struct {
		s                        string
		contains, prefix, suffix bool
	}{
		{"2027年工作计划", true, false, true},
		{"总结报告", true, true, false},
		{"工作总结与计划安排", true, false, false},
		{"实施方案", false, false, false},
		{"", false, false, false},
	} {
		if got := Contains(c.s, words); got != c.contains {
			t.Errorf("Contains(%q) = %v", c.s, got)
		}
		if got := Prefix(c.s, words); got != c.prefix {
			t.Errorf("Prefix(%q) = %v", c.s, got)
		}
		if got := Suffix(c.s, words); got != c.suffix {
			t.Errorf("Suffix(%q) = %v", c.s, got)
		}
	}
	if Contains("计划", nil) {
		t.Error("an empty list matched")
	}
}
