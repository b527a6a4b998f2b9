package nlp

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"github.com/planmine/planmine/doc"
	"github.com/planmine/planmine/ingest"
	"github.com/planmine/planmine/internal/shared"
	"github.com/planmine/planmine/nlp/segment"
)

// TestAnalyzeFillsEveryField runs the composed pipeline on a plan written
// for this test and checks that each stage contributed.
func TestAnalyzeFillsEveryField(t *testing.T) {
	text := strings.Join([]string{
		"南山社区卫生服务中心党支部2026年工作计划",
		"一、工作目标",
		"全年计划发展党员3名，党课每季度不少于1次。",
		"二、组织领导",
		"成立领导小组，组长：张伟，副组长：李强，成员：王敏、赵磊。",
		"三、实施步骤",
		"第一阶段：动员部署（2026年3月-4月）。",
		"第二阶段：全面落实（2026年5月-11月）。",
		"认真落实“三会一课”制度，学习《中国共产党章程》，20XX年度总结另行报送。",
		"中共南山社区卫生服务中心支部委员会",
		"2026年1月8日",
	}, "\n")
	d := doc.Document{Title: "南山社区卫生服务中心党支部2026年工作计划", Text: text}
	if err := Analyze(context.Background(), &d); err != nil {
		t.Fatal(err)
	}
	if d.DocType != doc.TypePlan || d.Year == nil || *d.Year != 2026 || d.Date == nil || *d.Date != "2026-01-08" {
		t.Errorf("meta: %s %v %v", d.DocType, d.Year, d.Date)
	}
	if len(d.Sections) != 3 {
		t.Errorf("sections: %+v", d.Sections)
	}
	if len(d.Targets) != 2 || d.Targets[0].Value != 3 || d.Targets[0].Section[0] != "一、工作目标" {
		t.Errorf("targets: %+v", d.Targets)
	}
	if len(d.People) != 4 || len(d.Schedule) != 2 || len(d.Placeholders) == 0 || len(d.Citations) != 1 || len(d.Slogans) == 0 {
		t.Errorf("people %v schedule %v placeholders %v citations %v slogans %v", d.People, d.Schedule, d.Placeholders, d.Citations, d.Slogans)
	}
	if len(d.Warnings) > 0 {
		t.Errorf("warnings: %v", d.Warnings)
	}
}

// BenchmarkAnalyze measures the whole analysis (all extractors, including
// the segmenter-backed metric clipping) on the seeds' clean text.
func BenchmarkAnalyze(b *testing.B) {
	dir := shared.Path(b, "corpus", "seeds")
	files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	var docs []doc.Document
	size := 0
	for _, f := range files {
		ds, err := ingest.ReadFile(context.Background(), f, ingest.Options{})
		if err != nil {
			b.Fatal(err)
		}
		for _, d := range ds {
			size += len(d.Text)
		}
		docs = append(docs, ds...)
	}
	if _, err := segment.Default(); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	cpu0 := cpuSeconds()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			c := d
			if err := Analyze(context.Background(), &c); err != nil {
				b.Fatal(err)
			}
		}
	}
	// On a shared machine wall time understates a core's speed; CPU time
	// of this process (GC included) is the per-core figure.
	if cpu := cpuSeconds() - cpu0; cpu > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu, "MB/cpu-s")
	}
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

// BenchmarkStages reports each stage's share, to see where analysis time goes.
func BenchmarkStages(b *testing.B) {
	data, err := os.ReadFile(shared.Path(b, "corpus", "seeds", "003_fa072e7aee8cd29d.txt"))
	if err != nil {
		b.Fatal(err)
	}
	segment.Default()
	d := doc.Document{Text: string(data)}
	Analyze(context.Background(), &d)
	for _, st := range Stages {
		b.Run(st.Name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				c := d
				st.Run(&c, d.Text)
			}
		})
	}
}

// TestUntypedReportIsSummary: a document whose title and opening name no
// type is a summary when its figures report what was done, and stays
// other when they do not.
func TestUntypedReportIsSummary(t *testing.T) {
	for _, c := range []struct {
		text, want string
	}{
		{"全镇辖9个行政村，总人口3.2万人。\n二、扎实做好慢病随访\n一直以来，各村医大力开展慢病随访工作。全年共管理高血压患者1860人，规范管理率78.5%；管理糖尿病患者640人，规范管理率75.2%；签约家庭医生服务5200户，同比增长12%。", doc.TypeSummary},
		{"我院党支部始终坚持以人民健康为中心，深入开展学习教育，做到学思用贯通、知信行统一。", doc.TypeOther},
		// Figures of both tenses are no summary.
		{"去年完成体检3200人次，筛查高危孕产妇86人。今年力争体检不少于3500人次，随访率不低于95%，培训不少于4次，义诊不少于6场。", doc.TypeOther},
	} {
		d := &doc.Document{Text: c.text}
		if err := Analyze(context.Background(), d); err != nil {
			t.Fatal(err)
		}
		if d.DocType != c.want {
			t.Errorf("DocType = %s, want %s (%d targets) for %.20q", d.DocType, c.want, len(d.Targets), c.text)
		}
	}
}

// TestOutlineMatchesAnalyze: Outline gives the section tree Analyze gives,
// on every real page (some read through pinyin glosses) and the seeds.
func TestOutlineMatchesAnalyze(t *testing.T) {
	ctx := context.Background()
	files, _ := filepath.Glob("../testdata/real/*/*.txt")
	seeds, _ := filepath.Glob(filepath.Join(shared.Path(t, "corpus", "seeds"), "*.txt"))
	files = append(files, seeds...)
	if len(files) < 150 {
		t.Fatalf("only %d files", len(files))
	}
	sections := 0
	for _, f := range files {
		docs, err := ingest.ReadFile(ctx, f, ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for i := range docs {
			full, only := docs[i], docs[i]
			if err := Analyze(ctx, &full); err != nil {
				t.Fatal(err)
			}
			if err := Outline(ctx, &only); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(full.Sections, only.Sections) {
				t.Errorf("%s part %d: Outline differs from Analyze's sections", f, docs[i].Part)
			}
			sections += len(full.Sections)
		}
	}
	if sections < 300 {
		t.Errorf("only %d top-level sections compared", sections)
	}
}
