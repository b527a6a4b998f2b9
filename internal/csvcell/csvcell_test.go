package csvcell

import (
	"bytes"
	"encoding/csv"
	"testing"
)

func TestEscape(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`=HYPERLINK("http://x","y")`, `'=HYPERLINK("http://x","y")`},
		{"=", "'="},
		{"+sum", "'+sum"},
		{"-5次以上", "'-5次以上"},
		{"@青松县人民医院党委", "'@青松县人民医院党委"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"=1", "'=1"},     // a formula, though its body is a number
		{"@1", "'@1"},     // Excel reads @ as a function prefix
		{"-1+1", "'-1+1"}, // a formula, not a number
		{"-", "'-"},
		{"+", "'+"},
		{"-.", "'-."},
		{"-1e", "'-1e"},
		{"-Inf", "'-Inf"},
		{"-0x10", "'-0x10"},
		{"- 5", "'- 5"},
		{"-5", "-5"},
		{"-0.5", "-0.5"},
		{"+3", "+3"},
		{"-.5", "-.5"},
		{"-1.2e3", "-1.2e3"},
		{"-1.2E-3", "-1.2E-3"},
		{"", ""},
		{"三会一课", "三会一课"},
		{"不少于4次", "不少于4次"},
		{"2026", "2026"},
		{" =1+1", " =1+1"}, // a leading space makes it text already
		{"'=1", "'=1"},
	} {
		if got := Escape(c.in); got != c.want {
			t.Errorf("Escape(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestWriter: every cell of every record is escaped, and the record
// passed in is left as it was.
func TestWriter(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	rec := []string{"=1+1", "-5", "a,b", "@x"}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if rec[0] != "=1+1" {
		t.Errorf("record changed: %q", rec)
	}
	got, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"'=1+1", "-5", "a,b", "'@x"}
	if len(got) != 1 || len(got[0]) != 4 {
		t.Fatalf("read back %q", got)
	}
	for i := range want {
		if got[0][i] != want[i] {
			t.Errorf("cell %d = %q, want %q", i, got[0][i], want[i])
		}
	}
}
