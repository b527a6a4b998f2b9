package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/planmine/planmine/bench/internal/measure"
	"github.com/planmine/planmine/ingest"
	"github.com/planmine/planmine/ingest/fold"
	"github.com/planmine/planmine/internal/shared"
)

// genSpec is small enough for a unit test and still holds every TXT
// variant and four files of each kind.
var genSpec = Spec{N: 12, Seed: 3, MinRunes: 400, MaxRunes: 900}

// genDir is the small files dir the tests share: LibreOffice takes a few
// seconds to start, so it is made once per test binary run.
var (
	genOnce sync.Once
	genPath string
	genMan  *Manifest
	genErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if genPath != "" {
		os.RemoveAll(filepath.Dir(genPath))
	}
	os.Exit(code)
}

func generated(t *testing.T) (string, *Manifest) {
	t.Helper()
	sh := shared.Path(t)
	genOnce.Do(func() {
		tmp, err := os.MkdirTemp("", "benche2e-test-")
		if err != nil {
			genErr = err
			return
		}
		genPath = filepath.Join(tmp, "files")
		var reused bool
		genMan, reused, genErr = Generate(context.Background(), genPath, sh, genSpec, io.Discard)
		if genErr == nil && reused {
			genErr = errors.New("a fresh dir was reported as reused")
		}
	})
	if genErr != nil {
		t.Fatal(genErr)
	}
	return genPath, genMan
}

// sourceTexts recomputes the texts Generate drew.
func sourceTexts(t *testing.T) []string {
	t.Helper()
	sh := shared.Path(t)
	bases, err := baseTexts(context.Background(), sh)
	if err != nil {
		t.Fatal(err)
	}
	texts, err := docTexts(bases, genSpec)
	if err != nil {
		t.Fatal(err)
	}
	return texts
}

func TestGenerate(t *testing.T) {
	dir, m := generated(t)
	texts := sourceTexts(t)
	if len(m.Files) != genSpec.N || len(texts) != genSpec.N {
		t.Fatalf("files %d, texts %d, want %d", len(m.Files), len(texts), genSpec.N)
	}
	if k := m.Kinds(); k["txt"] != 4 || k["docx"] != 4 || k["pdf"] != 4 {
		t.Errorf("mix = %v, want 4 of each", k)
	}
	if v := variants(m); v["utf8"] == 0 || v["gbk"]+v["gb18030"] == 0 || v["utf8-trad"]+v["big5-trad"] < 2 {
		t.Errorf("TXT variants = %v, want UTF-8, GBK and two Traditional", v)
	}
	hashes := map[string]bool{}
	for _, e := range m.Files {
		if hashes[e.SHA256] {
			t.Errorf("%s repeats an earlier file's SHA-256", e.Name)
		}
		hashes[e.SHA256] = true
	}
	if len(m.Zips) != 1 {
		t.Errorf("zips = %v, want 1", m.Zips)
	}
	ctx := context.Background()
	for i, e := range m.Files {
		docs, err := ingest.ReadFile(ctx, filepath.Join(dir, e.Name), ingest.Options{})
		if err != nil {
			t.Errorf("%s (%s): %v", e.Name, e.Variant, err)
			continue
		}
		var got strings.Builder
		for _, d := range docs {
			got.WriteString(d.Text)
		}
		// Traditional files fold back to the source; PDF line breaks and
		// page furniture are not Han, so the Han LCS is the measure.
		agree := measure.HanAgreement(fold.Text(got.String()), fold.Text(texts[i]))
		if agree < 0.99 {
			t.Errorf("%s (%s %s): Han agreement %.3f < 0.99", e.Name, e.Kind, e.Variant, agree)
		}
	}

	// Asked again with the same spec, the dir is reused as is.
	m2, reused, err := Generate(ctx, dir, shared.Path(t), genSpec, io.Discard)
	if err != nil || !reused || m2.Bytes() != m.Bytes() {
		t.Errorf("second Generate: reused %v, err %v", reused, err)
	}
}

// TestRegenerate: a different spec rebuilds the dir without leaving files
// of the old set behind (they would be ingested too).
func TestRegenerate(t *testing.T) {
	if testing.Short() {
		t.Skip("starts LibreOffice")
	}
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "files")
	sp := Spec{N: 6, Seed: 5, MinRunes: 200, MaxRunes: 400}
	if _, _, err := Generate(ctx, dir, shared.Path(t), sp, io.Discard); err != nil {
		t.Fatal(err)
	}
	sp.N = 4
	m, reused, err := Generate(ctx, dir, shared.Path(t), sp, io.Discard)
	if err != nil || reused || len(m.Files) != 4 {
		t.Fatalf("Generate with N=4: reused %v, err %v", reused, err)
	}
	if !m.complete(dir) {
		t.Errorf("files of the N=6 set left behind")
	}
	if err := os.WriteFile(filepath.Join(dir, "mine.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	sp.N = 3
	if _, _, err := Generate(ctx, dir, shared.Path(t), sp, io.Discard); err == nil {
		t.Errorf("Generate into a dir holding someone's file: no error")
	}
}

// TestDOCXReadsBackAsText: the DOCX writer's output reads back, through
// ingest, to the same text as the same paragraphs in a TXT file.
func TestDOCXReadsBackAsText(t *testing.T) {
	tests := [][]string{
		{"市人民医院党委2025年党建工作计划", "一、指导思想", "坚持以习近平新时代中国特色社会主义思想为指导，全面加强医院党的建设。", "二、主要任务", "（一）加强组织建设", "全年发展党员不少于5名，每季度讲党课1次。", "（二）推进清廉医院建设", "开展廉洁教育4次以上，覆盖率达到100%。"},
		{"县中医院2024年工作总结", "今年以来，我院门诊量达到12.5万人次，同比增长8%。", "一、主要成效", "患者满意度提高到95%以上。", "二、存在问题与不足", "人才队伍建设仍有短板，高级职称人员不足20人。"},
		{"关于开展“我为群众办实事”活动的实施方案", "为深入贯彻落实上级部署，结合我院实际，制定本方案。", "壹、工作目标", "年底前完成10项民生实事，<特殊字符> & “引号” 保留。"},
	}
	ctx := context.Background()
	for _, paras := range tests {
		data, err := docx(paras)
		if err != nil {
			t.Fatal(err)
		}
		dd, err := ingest.Read(ctx, "x.docx", strings.NewReader(string(data)), ingest.Options{})
		if err != nil {
			t.Fatalf("%s: read docx: %v", paras[0], err)
		}
		td, err := ingest.Read(ctx, "x.txt", strings.NewReader(strings.Join(paras, "\n")), ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(dd) != len(td) {
			t.Fatalf("%s: docx %d docs, txt %d", paras[0], len(dd), len(td))
		}
		for i := range dd {
			if dd[i].Text != td[i].Text {
				t.Errorf("%s: docx text\n%q\nwant (as txt)\n%q", paras[0], dd[i].Text, td[i].Text)
			}
		}
	}
}

func TestParaStyle(t *testing.T) {
	tests := []struct {
		i    int
		p    string
		want string
	}{
		{0, "医院2025年工作计划", "Title"},
		{1, "一、指导思想", "Heading1"},
		{3, "十二、其他事项", "Heading1"},
		{2, "（三）强化作风建设", "Heading2"},
		{2, "(一)加强学习", "Heading2"},
		{4, "一是加强学习，二是强化督导。", ""},
		{4, "一、坚持以人民健康为中心，全面推进健康医院建设，深化医药卫生体制改革，持续改善群众就医体验。", ""},
		{5, "全年发展党员5名。", ""},
	}
	for _, tc := range tests {
		if got := paraStyle(tc.i, tc.p); got != tc.want {
			t.Errorf("paraStyle(%d, %q) = %q, want %q", tc.i, tc.p, got, tc.want)
		}
	}
}

func TestEncodeTXT(t *testing.T) {
	cv, err := newConverter()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tests := []struct {
		text, variant, want string
	}{
		{"全年组织党员学习12次。", "utf8", "utf8"},
		{"全年组织党员学习12次。", "gbk", "gbk"},
		{"医院党委发展党员3名", "utf8-trad", "utf8-trad"},
		{"医院党委发展党员3名，每季度组织专题学习1次，全年开展主题党日活动12次。", "big5-trad", "big5-trad"},
		{"㐀字库外的字（CJK 扩展A）", "gbk", "gb18030"},
	}
	for _, tc := range tests {
		b, got, err := cv.encodeTXT(tc.text, tc.variant)
		if err != nil {
			t.Fatalf("%q %s: %v", tc.text, tc.variant, err)
		}
		if got != tc.want {
			t.Errorf("encodeTXT(%q, %s) wrote %s, want %s", tc.text, tc.variant, got, tc.want)
		}
		docs, err := ingest.Read(ctx, "a.txt", strings.NewReader(string(b)), ingest.Options{})
		if err != nil {
			t.Fatalf("%s: %v", tc.variant, err)
		}
		if a := measure.HanAgreement(fold.Text(docs[0].Text), tc.text); a < 1 {
			t.Errorf("%s: read back %q (Han agreement %.2f)", tc.variant, docs[0].Text, a)
		}
		if strings.HasSuffix(got, "trad") && fold.Script(docs[0].Text) != "traditional" {
			t.Errorf("%s: %q is not Traditional", got, docs[0].Text)
		}
	}
}
