// Package measure holds the small statistics and text helpers the peer
// benchmark programs share: medians, process memory, a bit-parallel LCS for
// text agreement, and the JSON line each program prints for peers.sh.
package measure

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/bits"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Median returns the median of xs (the mean of the middle two for an even
// count), or 0 for none. xs is not modified.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// Time runs f n times and returns each run's duration in seconds.
func Time(n int, f func()) []float64 {
	out := make([]float64, 0, n)
	for i := 0; i < n; i++ {
		t := time.Now()
		f()
		out = append(out, time.Since(t).Seconds())
	}
	return out
}

// Mem is the process's resident memory in MB: RSS now and its peak (HWM).
type Mem struct {
	RSSMB  float64 `json:"rss_mb"`
	PeakMB float64 `json:"peak_mb"`
}

// ReadMem reads VmRSS and VmHWM from /proc/self/status; on a system
// without /proc it returns zeros rather than failing the benchmark.
func ReadMem() Mem {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return Mem{}
	}
	defer f.Close()
	var m Mem
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		var dst *float64
		switch {
		case strings.HasPrefix(line, "VmRSS:"):
			dst = &m.RSSMB
		case strings.HasPrefix(line, "VmHWM:"):
			dst = &m.PeakMB
		default:
			continue
		}
		fs := strings.Fields(line)
		if len(fs) >= 2 {
			kb, _ := strconv.ParseFloat(fs[1], 64)
			*dst = kb / 1024
		}
	}
	return m
}

// Han returns the Han characters of s in order: the agreement measures
// compare these only, because spacing and punctuation differ by design
// between extractors.
func Han(s string) []rune {
	out := make([]rune, 0, len(s)/3)
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			out = append(out, r)
		}
	}
	return out
}

// LCS returns the length of the longest common subsequence of a and b with
// the bit-parallel algorithm of Hyyrö (2004): O(len(a)·len(b)/64), so two
// 30,000-character texts take milliseconds even when they disagree wholly
// (where a diff's O(ND) would be quadratic).
func LCS(a, b []rune) int {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	words := (len(a) + 63) / 64
	pm := map[rune][]uint64{}
	for i, r := range a {
		m := pm[r]
		if m == nil {
			m = make([]uint64, words)
			pm[r] = m
		}
		m[i/64] |= 1 << (i % 64)
	}
	v := make([]uint64, words)
	for i := range v {
		v[i] = ^uint64(0)
	}
	zero := make([]uint64, words)
	for _, r := range b {
		m := pm[r]
		if m == nil {
			m = zero
		}
		// V = (V + (V & M)) | (V & ^M), as one multi-word addition.
		var carry uint64
		for i := range v {
			u := v[i] & m[i]
			var sum uint64
			sum, carry = bits.Add64(v[i], u, carry)
			v[i] = sum | (v[i] &^ m[i])
		}
	}
	n := 0
	for i, w := range v {
		valid := 64
		if i == words-1 && len(a)%64 != 0 {
			valid = len(a) % 64
		}
		n += valid - bits.OnesCount64(w&(^uint64(0)>>(64-valid)))
	}
	return n
}

// HanAgreement is the LCS of the Han characters of got and ref divided by
// the Han characters of ref: 1 means got holds all of ref's Han text in
// order. It is 0 when ref has no Han text.
func HanAgreement(got, ref string) float64 {
	r := Han(ref)
	if len(r) == 0 {
		return 0
	}
	return float64(LCS(Han(got), r)) / float64(len(r))
}

// Emit writes v as one JSON line: the programs' results for peers.sh.
func Emit(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("编码结果失败 (encode result): %w", err)
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}

// Fatal prints a message to stderr and exits 1: the benchmark programs are
// mains, and peers.sh turns a failed row into a skipped one.
func Fatal(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}
