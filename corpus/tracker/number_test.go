package tracker

import (
	"testing"

	"github.com/planmine/planmine/doc"
)

func TestNumber(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{2.083e11, "2083亿"},
		{4400000000000, "4.4万亿"},
		{1.4e12, "1.4万亿"},
		{11000000, "1100万"},
		{863000, "86.3万"},
		{12000, "1.2万"},
		{10000, "1万"},
		{1.79e9, "17.9亿"},
		{7.5e11, "7500亿"},
		{100000000, "1亿"},
		{3862, "3862"},
		{12345, "12345"},               // not round at 万: as written
		{123456789012, "123456789012"}, // never an exponent
		{98.6, "98.6"},
		{0.1 + 0.2, "0.3"},
		{5, "5"},
		{0, "0"},
		{-20000, "-2万"},
		{-3.5, "-3.5"},
		{1e21, "1000000000万亿"},
	} {
		if got := Number(c.v); got != c.want {
			t.Errorf("Number(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestDisplay(t *testing.T) {
	max := func(v float64) *float64 { return &v }
	for _, c := range []struct {
		t             doc.Target
		value, wanted string
	}{
		{doc.Target{Cmp: "=", Value: 2.083e11, Unit: "元"}, "2083亿元", "2083亿元"},
		{doc.Target{Cmp: ">=", Value: 4400000000000, Unit: "元"}, "4.4万亿元", "不少于4.4万亿元"},
		{doc.Target{Cmp: ">=", Value: 11000000, Unit: "人"}, "1100万人", "不少于1100万人"},
		{doc.Target{Cmp: ">=", Value: 4, Unit: "次"}, "4次", "不少于4次"},
		{doc.Target{Cmp: "<=", Value: 2, Unit: "名"}, "2名", "不超过2名"},
		{doc.Target{Cmp: ">", Value: 120, Unit: "人次"}, "120人次", "超过120人次"},
		{doc.Target{Cmp: "<", Value: 5, Unit: "%"}, "5%", "少于5%"},
		{doc.Target{Cmp: "~", Value: 10, Unit: "场"}, "10场", "约10场"},
		{doc.Target{Cmp: "range", Value: 3, ValueMax: max(5), Unit: "名"}, "3–5名", "3–5名"},
		{doc.Target{Cmp: "range", Value: 10000, ValueMax: max(15000), Unit: "人次"}, "1万–1.5万人次", "1万–1.5万人次"},
		{doc.Target{Cmp: "range", Value: 8000, ValueMax: max(12000), Unit: "人"}, "8000–12000人", "8000–12000人"},
		{doc.Target{Cmp: "range", Value: 5.5, ValueMax: max(6), Unit: "%"}, "5.5–6%", "5.5–6%"},
		{doc.Target{Cmp: "=", Value: 20000, Unit: "%"}, "20000%", "20000%"}, // shares are never scaled
		{doc.Target{Cmp: ">=", Value: 95.5, Unit: "%"}, "95.5%", "不少于95.5%"},
		{doc.Target{Cmp: "=", Value: 3, Unit: ""}, "3", "3"},
	} {
		if got := ValueDisplay(c.t); got != c.value {
			t.Errorf("ValueDisplay(%+v) = %q, want %q", c.t, got, c.value)
		}
		if got := Display(c.t); got != c.wanted {
			t.Errorf("Display(%+v) = %q, want %q", c.t, got, c.wanted)
		}
	}
}
