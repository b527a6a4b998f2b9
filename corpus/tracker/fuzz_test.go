package tracker

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// FuzzParseFilter: any input is a filter or an ErrFilter, never a panic
// or a value the store could choke on.
func FuzzParseFilter(f *testing.F) {
	for _, s := range []string{"计划", "2025年", "二〇二五", "不少于", "1万", "未完成", "", "NaN", "1e400", "９９９９年", "总结"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, key, value string) {
		for _, k := range Keys {
			got, err := ParseFilter(func(q string) string {
				if q == k {
					return value
				}
				return ""
			})
			if err != nil {
				if !errors.Is(err, ErrFilter) {
					t.Fatalf("%s=%q: %v is not ErrFilter", k, value, err)
				}
				continue
			}
			if got.Year != 0 && (got.Year < 1000 || got.Year > 9999) {
				t.Fatalf("year=%q → %d", value, got.Year)
			}
			for _, p := range []*float64{got.Min, got.Max} {
				if p != nil && (math.IsNaN(*p) || math.IsInf(*p, 0)) {
					t.Fatalf("%s=%q → %v", k, value, *p)
				}
			}
		}
	})
}

// FuzzNumber: Number never writes an exponent, and reads back (ParseNumber)
// as the value it wrote, to the digits it keeps.
func FuzzNumber(f *testing.F) {
	for _, v := range []float64{2.083e11, 4.4e12, 11000000, 863000, 3862, 12345, 0.1 + 0.2, -20000, 0, 1e21, 5e-7} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v float64) {
		if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e30 {
			return
		}
		s := Number(v)
		if strings.ContainsAny(s, "eE") {
			t.Fatalf("Number(%v) = %q", v, s)
		}
		back, err := ParseNumber(s)
		if err != nil {
			t.Fatalf("Number(%v) = %q does not read back: %v", v, s, err)
		}
		if d := math.Abs(back - v); d > 1e-6*math.Max(1, math.Abs(v)) {
			t.Fatalf("Number(%v) = %q reads back as %v", v, s, back)
		}
	})
}
