package measure

import (
	"math/rand"
	"testing"
)

// lcsDP is the textbook quadratic LCS the bit-parallel one must agree with.
func lcsDP(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func TestLCS(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "党建", 0},
		{"加强党的建设", "加强党的建设", 6},
		{"全年发展党员两名", "全年发展党员三名", 7},
		{"党课每季度不少于一次", "每季度党课不少于一次", 8},
		{"三会一课", "主题党日", 0},
	}
	for _, tc := range tests {
		if got := LCS([]rune(tc.a), []rune(tc.b)); got != tc.want {
			t.Errorf("LCS(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestLCSRandom crosses word boundaries (lengths around 64 and 128) where
// the carry between words matters.
func TestLCSRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	alpha := []rune("党建医院计划目标")
	for trial := 0; trial < 200; trial++ {
		a := make([]rune, rng.Intn(200))
		b := make([]rune, rng.Intn(200))
		for i := range a {
			a[i] = alpha[rng.Intn(len(alpha))]
		}
		for i := range b {
			b[i] = alpha[rng.Intn(len(alpha))]
		}
		if got, want := LCS(a, b), lcsDP(a, b); got != want {
			t.Fatalf("trial %d: LCS = %d, want %d (len %d, %d)", trial, got, want, len(a), len(b))
		}
	}
}

func TestHanAgreement(t *testing.T) {
	tests := []struct {
		got, ref string
		want     float64
	}{
		{"2025 年发展党员 2 名", "2025年发展党员2名", 1},
		{"发展党员", "发展党员两名", 4.0 / 6},
		{"abc", "", 0},
		{"", "加强组织建设", 0},
	}
	for _, tc := range tests {
		if got := HanAgreement(tc.got, tc.ref); got != tc.want {
			t.Errorf("HanAgreement(%q, %q) = %v, want %v", tc.got, tc.ref, got, tc.want)
		}
	}
}

func TestMedian(t *testing.T) {
	tests := []struct {
		in   []float64
		want float64
	}{
		{nil, 0},
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
	}
	for _, tc := range tests {
		if got := Median(tc.in); got != tc.want {
			t.Errorf("Median(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestReadMem(t *testing.T) {
	m := ReadMem()
	if m.RSSMB <= 0 || m.PeakMB < m.RSSMB {
		t.Errorf("ReadMem = %+v, want RSS > 0 and peak ≥ RSS", m)
	}
}

func BenchmarkLCS(b *testing.B) {
	rng := rand.New(rand.NewSource(2))
	alpha := []rune("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞")
	a := make([]rune, 30000)
	c := make([]rune, 30000)
	for i := range a {
		a[i] = alpha[rng.Intn(len(alpha))]
		c[i] = alpha[rng.Intn(len(alpha))]
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		LCS(a, c)
	}
}
