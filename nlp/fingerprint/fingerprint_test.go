package fingerprint

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	cases := []struct {
		in, want string
	}{
		{"一、指导思想\n坚持以人民为中心。", "指导思想坚持以人民为中心"},
		{"（二）加强组织建设，提高党员素质；", "加强组织建设提高党员素质"},
		{"(3)每季度开展1次专题学习", "每季度开展1次专题学习"},
		{"3.全年发展党员5名", "全年发展党员5名"},
		{"增长6.5%左右", "增长65左右"},
		{"黨支部全年召開12次會議", "党支部全年召开12次会议"},
		{"ＡＢＣ全角字母，１２３", "abc全角字母123"},
		{"第一阶段：动员部署。2、全面推进", "第一阶段动员部署全面推进"},
		{"一是加强学习，二是强化管理", "一是加强学习二是强化管理"},
		{"十二、附则", "附则"},
		{"（十一）其他事项", "其他事项"},
		{"  \r\n\t", ""},
	}
	for _, c := range cases {
		got := string(Normalize(c.in).Runes)
		if got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestNormalizeOffsets(t *testing.T) {
	text := "一、總體要求\n深入開展「創先爭優」活動，取得實效。"
	s := Normalize(text)
	rs := []rune(text)
	for i, off := range s.Off {
		if got := []rune(strings.ToLower(string(rs[off]))); len(got) == 0 {
			t.Fatalf("bad offset %d", off)
		}
		if i > 0 && s.Off[i-1] >= off {
			t.Fatalf("offsets not increasing at %d", i)
		}
	}
	a, b := s.TextSpan(0, 4)
	if string(rs[a:b]) != "總體要求" {
		t.Errorf("TextSpan(0,4) = %q", string(rs[a:b]))
	}
	if got := s.Index(7); got != 4 {
		t.Errorf("Index(7) = %d, want 4", got)
	}
}

func TestWinnowDeterministicAndDense(t *testing.T) {
	text := []rune(string(Normalize(strings.Repeat("党支部要认真落实三会一课制度，每月开展一次主题党日活动，全年发展党员五名。", 5) +
		"坚持以人民为中心，不断提高医疗服务质量，确保群众满意度达到百分之九十以上").Runes))
	for _, w := range []int{1, 4, 8, 12} {
		p := Winnow(text, 10, w)
		if len(p) == 0 {
			t.Fatalf("w=%d: no prints", w)
		}
		// Every window of w hashes must contain a selected position.
		hs := Hashes(text, 10)
		sel := map[int32]bool{}
		for _, x := range p {
			sel[x.Pos] = true
			if hs[x.Pos] != x.Hash {
				t.Fatalf("w=%d: print hash does not match its position", w)
			}
		}
		for i := 0; i+w <= len(hs); i++ {
			found := false
			for j := i; j < i+w; j++ {
				found = found || sel[int32(j)]
			}
			if !found {
				t.Fatalf("w=%d: window %d has no fingerprint", w, i)
			}
		}
		if w == 1 && len(p) != len(hs) {
			t.Errorf("w=1 should keep every k-gram: %d of %d", len(p), len(hs))
		}
	}
	if Winnow([]rune("太短"), 10, 4) != nil {
		t.Error("text shorter than k must give no prints")
	}
	if got := Winnow([]rune("十二个字的一句比较短的话"), 10, 8); len(got) != 1 {
		t.Errorf("short text: %d prints, want 1", len(got))
	}
}

// alignPair aligns two texts end to end with the default parameters.
func alignPair(a, b string) (Stream, Stream, []Span) {
	sa, sb := Normalize(a), Normalize(b)
	seeds := Seeds(Winnow(sa.Runes, DefaultK, DefaultW), Winnow(sb.Runes, DefaultK, DefaultW))
	return sa, sb, Align(sa.Runes, sb.Runes, seeds, DefaultAlign)
}

func TestAlignToleratesEdits(t *testing.T) {
	orig := "为认真贯彻落实上级党委的安排部署，结合我院实际，现就开展党员先锋岗创建活动制定如下方案。" +
		"全年组织集中学习不少于十二次，每名党员撰写心得体会不少于两篇，确保学习教育取得实效。" +
		"各科室党小组要结合业务工作，围绕改善患者就医体验开展志愿服务，每季度至少一次。"
	cases := []struct {
		name, copy string
		minCover   float64
	}{
		{"identical", orig, 0.99},
		{"number changed", strings.Replace(orig, "十二次", "十五次", 1), 0.98},
		{"word replaced", strings.Replace(orig, "改善患者就医体验", "提升群众看病感受", 1), 0.95},
		{"clause inserted", strings.Replace(orig, "确保学习", "并在支部大会上交流发言，确保学习", 1), 0.95},
		{"ascii punctuation", strings.NewReplacer("，", ",", "。", ".").Replace(orig), 0.99},
	}
	for _, c := range cases {
		sa, _, sp := alignPair(orig, c.copy)
		var iv [][2]int
		for _, s := range sp {
			iv = append(iv, [2]int{s.AStart, s.AEnd})
		}
		cover := float64(Measure(Union(iv))) / float64(sa.Len())
		if cover < c.minCover {
			t.Errorf("%s: cover %.3f < %.2f (%d passages)", c.name, cover, c.minCover, len(sp))
		}
		if c.name != "identical" && len(sp) != 1 {
			t.Errorf("%s: %d passages, want the edit bridged into 1", c.name, len(sp))
		}
	}
}

func TestAlignUnrelated(t *testing.T) {
	a := "今年我院党支部将围绕医疗质量提升开展党员示范岗评比，每月对各科室进行一次督查，年底前完成三项制度修订。"
	b := "本年度县教育局将推进义务教育均衡发展，新建两所乡镇寄宿制学校，培训乡村教师三百人次，改善办学条件。"
	if _, _, sp := alignPair(a, b); len(sp) != 0 {
		t.Errorf("unrelated texts aligned: %+v", sp)
	}
}

func TestLexiconFind(t *testing.T) {
	lex := DefaultLexicon()
	if lex.Len() < 60 {
		t.Fatalf("lexicon has %d formulas, want 60+", lex.Len())
	}
	if lex.Version == "" {
		t.Error("lexicon has no version line")
	}
	cases := []struct {
		text string
		want bool
	}{
		{"我们要坚持以習近平新時代中國特色社會主義思想為指導，做好全年工作。", true},
		{"切实做到增强“四个意识”、坚定“四个自信”、做到“两个维护”。", true},
		{"充分发挥党组织的战斗堡垒作用和党员的带头模范作用", true}, // one word swapped
		{"始终坚持全心全意为人民服务的宗旨", true},
		{"本科室全年完成门诊量三万人次，手术量同比增长百分之十。", false},
		{"加强医院感染管理，规范消毒隔离制度。", false},
	}
	for _, c := range cases {
		hits := lex.Find(Normalize(c.text))
		if (len(hits) > 0) != c.want {
			t.Errorf("Find(%q) = %v, want found=%v", c.text, hits, c.want)
		}
	}
}

func TestIntervals(t *testing.T) {
	u := Union([][2]int{{5, 8}, {0, 3}, {2, 4}, {8, 9}})
	if len(u) != 2 || u[0] != [2]int{0, 4} || u[1] != [2]int{5, 9} {
		t.Fatalf("Union = %v", u)
	}
	if Measure(u) != 8 {
		t.Errorf("Measure = %d", Measure(u))
	}
	if got := Overlap(u, 3, 7); got != 3 {
		t.Errorf("Overlap = %d, want 3", got)
	}
}

func TestCitations(t *testing.T) {
	text := "根据《中国共产党支部工作条例（试行）》和《關於加強公立醫院黨的建設工作的意見》，结合实际。"
	s := Normalize(text)
	iv := Citations(text, s)
	if len(iv) != 2 {
		t.Fatalf("Citations = %v, want 2 intervals", iv)
	}
	a, b := s.TextSpan(iv[1][0], iv[1][1])
	if got := string([]rune(text)[a:b]); got != "關於加強公立醫院黨的建設工作的意見" {
		t.Errorf("second citation = %q", got)
	}
	if Citations("没有书名号的句子。", Normalize("没有书名号的句子。")) != nil {
		t.Error("no citation expected")
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"一、总体要求\n（二）加强学习", "3.全年发展党员5名", "黨支部", "(", "1.", "", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if len(n.Runes) != len(n.Off) {
			t.Fatal("Runes and Off differ in length")
		}
		for i, o := range n.Off {
			if int(o) >= n.TextLen || i > 0 && o <= n.Off[i-1] {
				t.Fatalf("bad offset %d at %d", o, i)
			}
		}
		p := Winnow(n.Runes, DefaultK, DefaultW)
		_ = Align(n.Runes, n.Runes, Seeds(p, p), DefaultAlign)
		_ = DefaultLexicon().Find(n)
		_ = Citations(s, n)
	})
}

// benchText is ~50,000 runes of plan-like text with varying numbers.
func benchText() string {
	var b strings.Builder
	for i := 0; b.Len() < 150_000; i++ {
		b.WriteString("第")
		b.WriteString(strings.Repeat("一二三四五六七八九十"[i%10*3:i%10*3+3], 1+i%3))
		b.WriteString("党小组全年组织集中学习不少于十二次，每名党员撰写学习心得不少于两篇；")
		b.WriteString("坚持以人民为中心，改善患者就医体验，门诊满意度达到百分之九十以上。\n")
	}
	return b.String()
}

func BenchmarkNormalizeWinnow(b *testing.B) {
	text := benchText()
	Normalize("") // load the fold table outside the timing
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		s := Normalize(text)
		Winnow(s.Runes, DefaultK, DefaultW)
	}
}

func BenchmarkAlignSelf(b *testing.B) {
	s := Normalize(benchText())
	p := Winnow(s.Runes, DefaultK, DefaultW)
	SortByHash(p)
	for b.Loop() {
		Align(s.Runes, s.Runes, Seeds(p, p), DefaultAlign)
	}
}

func BenchmarkLexiconFind(b *testing.B) {
	s := Normalize(benchText())
	lex := DefaultLexicon()
	for b.Loop() {
		lex.Find(s)
	}
}

func TestAlignRepetitiveTextTerminates(t *testing.T) {
	// One sentence repeated with a changing ordinal: every shifted copy
	// aligns, which must stay bounded (the extension budget) and still
	// cover the text.
	s := Normalize(benchText()[:30000])
	p := Winnow(s.Runes, DefaultK, DefaultW)
	sp := Align(s.Runes, s.Runes, Seeds(p, p), DefaultAlign)
	var iv [][2]int
	for _, x := range sp {
		iv = append(iv, [2]int{x.AStart, x.AEnd})
	}
	if got := Measure(Union(iv)); got < s.Len()*9/10 {
		t.Errorf("self-alignment covers %d of %d", got, s.Len())
	}
}

// extendRef is the exhaustive form of extend's forward and backward
// search, every (x, y) offset pair probed; extend must choose the same.
func extendRef(a, b []rune, c *Span, opt AlignOptions, budget *int) {
	for *budget > 0 {
		*budget -= (opt.Gap + 1) * (opt.Gap + 1)
		bestLen, bx, by := 0, 0, 0
		for x := 0; x <= opt.Gap && c.AEnd+x < len(a); x++ {
			for y := 0; y <= opt.Gap && c.BEnd+y < len(b); y++ {
				i, j, n := c.AEnd+x, c.BEnd+y, 0
				for n < probeRun && i+n < len(a) && j+n < len(b) && a[i+n] == b[j+n] {
					n++
				}
				if n > bestLen || n == bestLen && x+y < bx+by {
					bestLen, bx, by = n, x, y
				}
			}
		}
		if bestLen < minExtendRun {
			break
		}
		i, j := c.AEnd+bx+bestLen, c.BEnd+by+bestLen
		for i < len(a) && j < len(b) && a[i] == b[j] {
			i, j, bestLen = i+1, j+1, bestLen+1
		}
		c.AEnd, c.BEnd = i, j
		c.Matched += bestLen
	}
	for *budget > 0 {
		*budget -= (opt.Gap + 1) * (opt.Gap + 1)
		bestLen, bx, by := 0, 0, 0
		for x := 0; x <= opt.Gap && c.AStart-x > 0; x++ {
			for y := 0; y <= opt.Gap && c.BStart-y > 0; y++ {
				i, j, n := c.AStart-x, c.BStart-y, 0
				for n < probeRun && i-n > 0 && j-n > 0 && a[i-n-1] == b[j-n-1] {
					n++
				}
				if n > bestLen || n == bestLen && x+y < bx+by {
					bestLen, bx, by = n, x, y
				}
			}
		}
		if bestLen < minExtendRun {
			break
		}
		i, j := c.AStart-bx-bestLen, c.BStart-by-bestLen
		for i > 0 && j > 0 && a[i-1] == b[j-1] {
			i, j, bestLen = i-1, j-1, bestLen+1
		}
		c.AStart, c.BStart = i, j
		c.Matched += bestLen
	}
}

// TestExtendMatchesExhaustive compares the bucketed extension with the
// exhaustive one on random edited copies over small alphabets (many chance
// matches and ties) and on real sentences with edits.
func TestExtendMatchesExhaustive(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	alpha := []rune("党建医院工作加强落实推进服务质量")
	mk := func(n, k int) []rune {
		rs := make([]rune, n)
		for i := range rs {
			rs[i] = alpha[rng.IntN(k)]
		}
		return rs
	}
	var w window
	for trial := range 400 {
		k := 2 + trial%(len(alpha)-1)
		a := mk(60+rng.IntN(200), k)
		b := slices.Clone(a)
		for e := rng.IntN(12); e > 0; e-- { // edits: change, insert, delete
			i := rng.IntN(len(b))
			switch rng.IntN(3) {
			case 0:
				b[i] = alpha[rng.IntN(k)]
			case 1:
				b = slices.Insert(b, i, mk(1+rng.IntN(6), k)...)
			default:
				b = slices.Delete(b, i, min(len(b), i+1+rng.IntN(6)))
			}
		}
		for _, gap := range []int{0, 3, 24, 40} {
			opt := AlignOptions{K: 10, Gap: gap, MinLen: 20}
			a0 := rng.IntN(len(a))
			b0 := min(a0, len(b)-1)
			c1 := Span{AStart: a0, AEnd: a0, BStart: b0, BEnd: b0}
			c2 := c1
			b1, b2 := extendBudget, extendBudget
			extend(a, b, &c1, opt, &b1, &w) // one window for all, as a pooled Align keeps it
			extendRef(a, b, &c2, opt, &b2)
			if c1.AStart != c2.AStart || c1.AEnd != c2.AEnd || c1.BStart != c2.BStart || c1.BEnd != c2.BEnd || c1.Matched != c2.Matched || b1 != b2 {
				t.Fatalf("trial %d gap %d: got %+v, want %+v", trial, gap, c1, c2)
			}
		}
	}
}

// normalizeRef is the two-pass form of Normalize (fold everything, then
// scan with ordinalLen over the whole remaining text); Normalize's
// bounded look-ahead must give the same stream.
func normalizeRef(text string) Stream {
	bmpOnce.Do(loadBMP)
	var src []rune
	var keep []bool
	for _, r := range text {
		f, k := foldRune(r)
		src = append(src, f)
		keep = append(keep, k)
	}
	s := Stream{TextLen: len(src)}
	lineStart := true
	for i := 0; i < len(src); {
		r := src[i]
		if lineStart {
			if n := ordinalLen(src[i:]); n > 0 {
				i += n
				continue
			}
		}
		switch {
		case keep[i]:
			s.Runes = append(s.Runes, r)
			s.Off = append(s.Off, int32(i))
			lineStart = false
		case r == '\n' || r == '\r':
			lineStart = true
		case sentenceEnd[r]:
			lineStart = true
		}
		i++
	}
	return s
}

// TestNormalizeMatchesTwoPass feeds random mixes of numerals, brackets,
// separators, Han, Traditional, full-width and invalid bytes.
func TestNormalizeMatchesTwoPass(t *testing.T) {
	parts := []string{"一", "二", "十", "3", "12", "（", "(", "）", ")", "、", ".", "．", "。", "\n", "\r\n", "；",
		"第", "条", "黨", "医院", "ＡＢ", "５", " ", "\xff", "\xe4\xb8", "〔", "〕", "[", "]", "：", "6.5%", "𠀀"}
	rng := rand.New(rand.NewPCG(11, 13))
	for trial := range 3000 {
		var b strings.Builder
		for range rng.IntN(30) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		text := b.String()
		got, want := Normalize(text), normalizeRef(text)
		if utf8.ValidString(text) {
			rs := []rune(text)
			for i := 0; i < got.Len(); i++ {
				for j := i + 1; j <= got.Len(); j++ {
					a, b := got.TextSpan(i, j)
					if sl := got.TextSlice(text, i, j); sl != string(rs[a:b]) {
						t.Fatalf("trial %d %q [%d,%d): slice %q, want %q", trial, text, i, j, sl, string(rs[a:b]))
					}
				}
			}
		}
		if string(got.Runes) != string(want.Runes) || !slices.Equal(got.Off, want.Off) || got.TextLen != want.TextLen {
			t.Fatalf("trial %d %q: got %q %v %d, want %q %v %d", trial, text,
				string(got.Runes), got.Off, got.TextLen, string(want.Runes), want.Off, want.TextLen)
		}
	}
}

// TestSortByHashRadix checks the radix path against a comparison sort,
// with repeated hashes at shuffled positions.
func TestSortByHashRadix(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 19))
	for _, n := range []int{0, 1, 255, 256, 1000, 5000} {
		p := make([]Print, n)
		for i := range p {
			h := rng.Uint64()
			switch {
			case i > 0 && rng.IntN(4) == 0:
				h = p[rng.IntN(i)].Hash // a repeated k-gram
			case rng.IntN(3) == 0:
				h = uint64(rng.IntN(3))<<48 | h&0xFFFF // hashes sharing their top bits
			}
			p[i] = Print{Hash: h, Pos: int32(rng.IntN(1 << 20))}
		}
		want := slices.Clone(p)
		slices.SortFunc(want, byHash)
		SortByHash(p)
		if !slices.Equal(p, want) {
			t.Fatalf("n=%d: radix order differs", n)
		}
	}
}

// TestFindPruneSame: pruning isolated seeds must not change what Find
// reports, on texts that mix formulas (whole, cut short, with a word
// swapped) with plan sentences and the q-grams formulas are made of.
func TestFindPruneSame(t *testing.T) {
	lex := DefaultLexicon()
	rng := rand.New(rand.NewPCG(23, 29))
	filler := []string{"医院党委", "社会主义", "全面加强", "党的建设", "中国特色", "推进", "工作", "，", "。\n",
		"全年开展专题学习十二次", "新时代", "人民群众", "发展理念", "高质量发展", "坚持"}
	key := func(hs []Hit) []string {
		var out []string
		for _, h := range hs {
			out = append(out, fmt.Sprint(h.Start, h.End, h.Formula))
		}
		slices.Sort(out)
		return out
	}
	for trial := range 300 {
		var b strings.Builder
		for range 5 + rng.IntN(40) {
			if rng.IntN(3) == 0 {
				f := []rune(lex.texts[rng.IntN(len(lex.texts))])
				switch rng.IntN(3) {
				case 0:
					f = f[:max(1, len(f)*3/4)]
				case 1:
					i := rng.IntN(len(f))
					f = append(f[:i:i], append([]rune("进一步"), f[i:]...)...)
				}
				b.WriteString(string(f))
			} else {
				b.WriteString(filler[rng.IntN(len(filler))])
			}
		}
		s := Normalize(b.String())
		if got, want := key(lex.find(s, true)), key(lex.find(s, false)); !slices.Equal(got, want) {
			t.Fatalf("trial %d: pruned %v, want %v", trial, got, want)
		}
	}
}

// winnowRef is robust winnowing by its definition: the rightmost minimum
// of every window of w hashes, each position once.
func winnowRef(hs []uint64, w int) []Print {
	if len(hs) == 0 {
		return nil
	}
	w = min(max(w, 1), len(hs))
	var out []Print
	last := -1
	for lo := 0; lo+w <= len(hs); lo++ {
		m := lo
		for j := lo + 1; j < lo+w; j++ {
			if hs[j] <= hs[m] {
				m = j
			}
		}
		if m != last {
			out = append(out, Print{Hash: hs[m], Pos: int32(m)})
			last = m
		}
	}
	return out
}

func TestWinnowMatchesDefinition(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := range 200 {
		// Few distinct runes make many equal hashes (ties) and repeats.
		rs := make([]rune, n)
		for i := range rs {
			rs[i] = '甲' + rune(rng.IntN(1+n%5))
		}
		for _, k := range []int{1, 2, 10} {
			for _, w := range []int{1, 2, 3, 8, 40} {
				got := WinnowInto(nil, nil, rs, k, w)
				want := winnowRef(Hashes(rs, k), w)
				if len(got) != len(want) || len(want) > 0 && !slices.Equal(got, want) {
					t.Fatalf("n=%d k=%d w=%d: Winnow = %v, want %v", n, k, w, got, want)
				}
			}
		}
	}
}
