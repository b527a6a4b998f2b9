package ingest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/planmine/planmine/internal/shared"
)

func benchRead(b *testing.B, path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	name := filepath.Base(path)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Read(context.Background(), name, bytes.NewReader(data), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// benchReader times the container reader alone, without the cleaning
// stage, to separate this package's cost from the pipeline's.
func benchReader(b *testing.B, path string, read func(name string, data []byte) error) {
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := read(filepath.Base(path), data); err != nil {
			b.Fatal(err)
		}
	}
}

func txtOnly(name string, data []byte) error { _, _, err := readTXT(name, data); return err }

func docxOnly(name string, data []byte) error {
	_, err := readDOCX(context.Background(), name, data, Options{}.withDefaults())
	return err
}

// BenchmarkReadTXT reads the largest seed (UTF-8) and a GBK report.
func BenchmarkReadTXT(b *testing.B) {
	b.Run("utf8", func(b *testing.B) { benchRead(b, seedPaths(b)[0]) })
	b.Run("gbk", func(b *testing.B) {
		benchRead(b, filepath.Join(shared.Path(b, "corpus", "external"), "gwr_cn_2017_gbk.txt"))
	})
	b.Run("utf8-reader", func(b *testing.B) { benchReader(b, seedPaths(b)[0], txtOnly) })
	b.Run("gbk-reader", func(b *testing.B) {
		benchReader(b, filepath.Join(shared.Path(b, "corpus", "external"), "gwr_cn_2017_gbk.txt"), txtOnly)
	})
}

// BenchmarkReadDOCX reads a LibreOffice DOCX and a real Word/WPS one.
func BenchmarkReadDOCX(b *testing.B) {
	b.Run("libreoffice", func(b *testing.B) {
		benchRead(b, filepath.Join(shared.Path(b, "corpus", "formats"), "000_libreoffice.docx"))
	})
	b.Run("wps", func(b *testing.B) {
		benchRead(b, filepath.Join(shared.Path(b, "corpus", "external"), "gwr_prov2025_guangdong.docx"))
	})
	b.Run("libreoffice-reader", func(b *testing.B) {
		benchReader(b, filepath.Join(shared.Path(b, "corpus", "formats"), "000_libreoffice.docx"), docxOnly)
	})
	b.Run("wps-reader", func(b *testing.B) {
		benchReader(b, filepath.Join(shared.Path(b, "corpus", "external"), "gwr_prov2025_guangdong.docx"), docxOnly)
	})
}

// BenchmarkWalkLearning reads a folder as planmine reuse does: the shared
// corpus, or the folder PLANMINE_BENCH_DIR names (bench/out/reports).
func BenchmarkWalkLearning(b *testing.B) {
	dir := os.Getenv("PLANMINE_BENCH_DIR")
	if dir == "" {
		dir = shared.Path(b, "corpus")
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		err := WalkLearning(context.Background(), []string{dir}, Options{}, 2, nil, func(File) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
	}
}
