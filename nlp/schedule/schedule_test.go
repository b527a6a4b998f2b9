package schedule

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/internal/shared"
)

func show(ps []doc.Phase) []string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%s|%s|%s|%s", p.Phase, p.Title, p.From, p.To))
	}
	return out
}

func TestExtract(t *testing.T) {
	tests := []struct {
		name string
		text string
		year int
		want []string
	}{
		{
			name: "colon title then dates in brackets",
			text: "四、时间安排\n第一阶段：宣传动员（2024年3月-4月）召开动员大会。\n第二阶段：组织实施（2024年5月-2024年10月）全面铺开。\n第三阶段：总结验收（11月）\n",
			want: []string{"第一阶段|宣传动员|2024-03|2024-04", "第二阶段|组织实施|2024-05|2024-10", "第三阶段|总结验收|2024-11|2024-11"},
		},
		{
			name: "dates before the title",
			text: "第一阶段（2024年3月）：宣传发动\n第二阶段（4月—6月）：集中整改\n",
			want: []string{"第一阶段|宣传发动|2024-03|2024-03", "第二阶段|集中整改|2024-04|2024-06"},
		},
		{
			name: "no brackets, 至 range, year from argument",
			text: "第一阶段 调查摸底 6月至7月\n第二阶段 全面推进 8月至10月\n",
			year: 2023,
			want: []string{"第一阶段|调查摸底|2023-06|2023-07", "第二阶段|全面推进|2023-08|2023-10"},
		},
		{
			name: "named phases under a heading",
			text: "三、实施步骤\n（一）准备阶段（2023年5月）\n成立工作专班。\n（二）实施阶段（2023年6月—9月）\n（三）总结阶段（10月上旬）\n",
			want: []string{"准备阶段|准备|2023-05|2023-05", "实施阶段|实施|2023-06|2023-09", "总结阶段|总结|2023-10|2023-10"},
		},
		{
			name: "named phase with days",
			text: "动员部署阶段（3月1日—3月15日）：召开动员会。\n学习教育阶段（3月16日—5月31日）\n",
			year: 2025,
			want: []string{"动员部署阶段|动员部署|2025-03|2025-03", "学习教育阶段|学习教育|2025-03|2025-05"},
		},
		{
			name: "year rolls over",
			text: "第一阶段：启动（11月-12月）\n第二阶段：推进（1月-3月）\n第三阶段：巩固（次年4月）\n",
			year: 2024,
			want: []string{"第一阶段|启动|2024-11|2024-12", "第二阶段|推进|2025-01|2025-03", "第三阶段|巩固|2025-04|2025-04"},
		},
		{
			name: "range across new year",
			text: "第一阶段：自查自纠（2024年11月至次年1月）\n",
			want: []string{"第一阶段|自查自纠|2024-11|2025-01"},
		},
		{
			name: "duration only",
			text: "1. 第一阶段(1个月):成立领导小组,制定工作规则。\n2. 第二阶段(3个月):组织培训。\n",
			want: []string{"第一阶段|成立领导小组||", "第二阶段|组织培训||"},
		},
		{
			name: "no year anywhere leaves dates empty",
			text: "第一阶段：学习（4月）\n",
			want: []string{"第一阶段|学习||"},
		},
		{
			name: "chinese month numerals",
			text: "第一阶段：部署启动（2026年一月至二月）\n",
			want: []string{"第一阶段|部署启动|2026-01|2026-02"},
		},
		{
			name: "traditional script",
			text: "第一階段：動員部署（2022年3月）\n第二階段：全面推進（4月至9月）\n",
			want: []string{"第一階段|動員部署|2022-03|2022-03", "第二階段|全面推進|2022-04|2022-09"},
		},
		{
			name: "several phases on one line",
			text: "活动分三个阶段：第一阶段（3月）宣传发动；第二阶段（4月-6月）组织实施；第三阶段（7月）总结。\n",
			year: 2021,
			want: []string{"第一阶段|宣传发动|2021-03|2021-03", "第二阶段|组织实施|2021-04|2021-06", "第三阶段|总结|2021-07|2021-07"},
		},
		{
			name: "month range sharing one 月",
			text: "第一阶段：学习动员（4-5月）\n第二阶段：查摆问题（2024年6至8月）\n第三阶段：整改落实（9月—11月底）\n",
			year: 2024,
			want: []string{"第一阶段|学习动员|2024-04|2024-05", "第二阶段|查摆问题|2024-06|2024-08", "第三阶段|整改落实|2024-09|2024-11"},
		},
		{
			name: "dotted dates",
			text: "第一阶段（2023.5-2023.6）：动员部署\n第二阶段（2023.7.1—2023.10.31）：组织实施\n第三阶段（2023.11）：总结评估\n",
			want: []string{"第一阶段|动员部署|2023-05|2023-06", "第二阶段|组织实施|2023-07|2023-10", "第三阶段|总结评估|2023-11|2023-11"},
		},
		{
			name: "filler words before the title",
			text: "第一阶段为动员部署阶段（3月）\n第二阶段：4月底前，完成自查自纠\n",
			year: 2022,
			want: []string{"第一阶段|动员部署|2022-03|2022-03", "第二阶段|完成自查自纠|2022-04|2022-04"},
		},
		{
			name: "traditional filler and trailing phase word",
			text: "第一階段為動員部署階段（2026年3月1日至3月20日）：召開動員大會。\n第二階段是自查整改階段（2026年3月下旬至8月）\n第三階段即鞏固提升階段（2026年9月至12月）\n",
			want: []string{"第一階段|動員部署|2026-03|2026-03", "第二階段|自查整改|2026-03|2026-08", "第三階段|鞏固提升|2026-09|2026-12"},
		},
		{
			name: "traditional named phases",
			text: "（一）準備階段（2024年2月）\n（二）實施階段（3月至10月）\n",
			want: []string{"準備階段|準備|2024-02|2024-02", "實施階段|實施|2024-03|2024-10"},
		},
		{
			name: "numbered steps under 实施步骤 without 阶段",
			text: "四、实施步骤\n（一）宣传发动（2025年3月）\n召开全院动员会，印发方案。\n（二）对标整改（4月—9月）\n1.各支部对照标准自查（4月）\n（三）总结验收（10月）\n五、保障措施\n（一）加强领导（全年）\n",
			want: []string{"（一）|宣传发动|2025-03|2025-03", "（二）|对标整改|2025-04|2025-09", "（三）|总结验收|2025-10|2025-10"},
		},
		{
			name: "steps under 时间安排 with durations and a colon",
			text: "时间安排：\n1.调研摸底（1个月）。深入科室走访，4月完成。\n2.集中培训：2024年5月至6月\n3.考核评估（两周）\n",
			want: []string{"1.|调研摸底||", "2.|集中培训|2024-05|2024-06", "3.|考核评估||"},
		},
		{
			name: "traditional steps under 進度安排",
			text: "三、進度安排\n（一）學習動員（2023年4月）\n（二）檢查評比（5月至6月）\n",
			want: []string{"（一）|學習動員|2023-04|2023-04", "（二）|檢查評比|2023-05|2023-06"},
		},
		{
			name: "numbered items elsewhere are not steps",
			text: "三、主要任务\n（一）加强学习（3月）\n（二）开展培训（全年）\n四、工作步骤\n各支部要高度重视，认真组织。\n按月报送进度。\n请于每月底报送。\n联系人：张三。\n电话：1234。\n此外，要加强督导。\n（一）总结表彰（12月）\n",
			year: 2024,
			want: nil,
		},
		{
			name: "steps without dates are not phases",
			text: "四、实施步骤\n（一）宣传发动。召开动员会。\n（二）组织实施，全面推进。\n",
			want: nil,
		},
		{
			name: "phase words inside sentences are not phases",
			text: "活动分四个阶段进行。\n在第一阶段的基础上，进一步深化。\n在动员部署阶段，要广泛宣传。\n实施阶段性评估。\n",
			year: 2021,
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := show(Extract(tt.text, tt.year))
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestMonthPattern(t *testing.T) {
	for s, want := range map[string]bool{
		"2011年4月": true, "4月上旬": true, "十二月": true, "11月底": true, "2010 年6 月中旬": true,
		"3月1日": true, "1个月": false, "月底": false, "年底": false,
	} {
		if got := reMonth.MatchString(s); got != want {
			t.Errorf("reMonth(%q) = %v, want %v", s, got, want)
		}
	}
	for s, want := range map[string]bool{"4-5月": true, "9至11月底": true, "2024年6—8月": true, "4月-5月": false, "1-2年": false} {
		if got := reSharedMonth.MatchString(s); got != want {
			t.Errorf("reSharedMonth(%q) = %v, want %v", s, got, want)
		}
	}
	for s, want := range map[string]bool{"2023.5": true, "2023/11/30": true, "2023.5-2023.6": true, "3.5亿": false, "2023年5月": false} {
		if got := reDotted.MatchString(s); got != want {
			t.Errorf("reDotted(%q) = %v, want %v", s, got, want)
		}
	}
	if len(cnMonths) != 12 {
		t.Errorf("cnMonths has %d entries", len(cnMonths))
	}
	for k, v := range cnMonths {
		if monthNum(k) != v || v < 1 || v > 12 {
			t.Errorf("month %q = %d", k, v)
		}
	}
}

func TestGold(t *testing.T) {
	var g struct {
		Files map[string]struct {
			Docs []struct {
				Cue      string      `json:"cue"`
				Year     int         `json:"year"`
				Schedule [][4]string `json:"schedule"`
			} `json:"docs"`
		} `json:"files"`
	}
	b, err := os.ReadFile(shared.Path(t, "gold", "seeds.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	total, hit := 0, 0
	for name, f := range g.Files {
		for _, d := range f.Docs {
			if len(d.Schedule) == 0 {
				continue
			}
			text, err := os.ReadFile(shared.Path(t, "corpus", "seeds", name))
			if err != nil {
				t.Fatal(err)
			}
			got := Extract(string(text), d.Year)
			for _, w := range d.Schedule {
				total++
				found := false
				for _, p := range got {
					if fold.Text(p.Phase) == w[0] && fold.Text(p.Title) == w[1] && p.From == w[2] && p.To == w[3] {
						found = true
					}
				}
				if found {
					hit++
				} else {
					t.Logf("%s: missed %v", name, w)
				}
			}
		}
	}
	if total == 0 {
		t.Fatal("no gold schedule")
	}
	r := float64(hit) / float64(total)
	t.Logf("schedule recall %d/%d = %.2f", hit, total, r)
	if r < 0.9 {
		t.Errorf("schedule recall %.2f < 0.9", r)
	}
}

func FuzzExtract(f *testing.F) {
	for _, s := range []string{"第一阶段：动员（2011年4月-5月）", "准备阶段（次年13月", "第二阶段(", "(一)实施阶段:", "三、实施步骤\n(一)宣传发动(", "时间安排:\n1.调研:2024年", "第一階段為階段(3月)"} {
		f.Add(s, 2020)
	}
	f.Fuzz(func(t *testing.T, s string, year int) {
		for _, p := range Extract(s, year) {
			if p.Phase == "" {
				t.Fatalf("empty phase from %q", s)
			}
		}
	})
}

func TestExtractFoldedAgrees(t *testing.T) {
	text := "三、實施步驟\n（一）宣傳發動（2025年3月）\n第二階段為整改階段（4月至6月）\n"
	a := strings.Join(show(Extract(text, 2025)), "\n")
	if b := strings.Join(show(ExtractFolded(text, fold.Text(text), 2025)), "\n"); a != b || a == "" {
		t.Errorf("Extract %q, ExtractFolded %q", a, b)
	}
}

func TestScheduleTables(t *testing.T) {
	for s, want := range map[string]bool{
		"实施步骤": true, "实施步骤及时间安排:": true, "进度安排": true, "工作步骤和要求": true,
		"保障措施": false, "主要任务": false, "按照实施步骤，各科室要认真组织": false, "": false,
	} {
		if got := isScheduleHeading(fold.Text(s)); got != want {
			t.Errorf("isScheduleHeading(%q) = %v, want %v", s, got, want)
		}
	}
	for _, w := range scheduleHeadings {
		if l := fold.Text("（十二）、" + w + "和" + w + "：  "); len(l) > maxHeadingBytes {
			t.Errorf("heading line %q (%d bytes) passes maxHeadingBytes %d", l, len(l), maxHeadingBytes)
		}
	}
	rank := func(s string) int {
		k, _ := markerAt(fold.Text(s))
		if k < 0 {
			return -1
		}
		return markerKinds[k].rank
	}
	for s, want := range map[string]int{
		"一、总体要求": 1, "（二）宣传发动": 2, "3.考核": 3, "4、评比": 3, "（5）验收": 4, "6)总结": 4,
		"③复查": 5, "第二部分 任务": 0, "2026.3 开始": -1, "12月完成": -1, "一是加强": -1,
	} {
		if got := rank(s); got != want {
			t.Errorf("rank(%q) = %d, want %d", s, got, want)
		}
	}
	for s, want := range map[string]bool{
		"1个月": true, "两周": true, "约10天": true, "3个工作日": true, "2026年3月": true, "4-5月": true,
		"全年": false, "每月": false, "长期坚持": false,
	} {
		if got := startsWithWhen(s); got != want {
			t.Errorf("startsWithWhen(%q) = %v, want %v", s, got, want)
		}
	}
}

func BenchmarkExtract(b *testing.B) {
	data, err := os.ReadFile(shared.Path(b, "corpus", "seeds", "003_fa072e7aee8cd29d.txt"))
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	_ = fold.Init()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		Extract(text, 2011)
	}
}

func BenchmarkExtractFolded(b *testing.B) {
	data, err := os.ReadFile(shared.Path(b, "corpus", "seeds", "003_fa072e7aee8cd29d.txt"))
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	folded := fold.Text(text)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		ExtractFolded(text, folded, 2011)
	}
}
