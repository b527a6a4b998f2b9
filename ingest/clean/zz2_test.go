package clean
import ("github.com/planmine/planmine/ingest/raw";"os";"testing")
func BenchmarkZZOne(b *testing.B) {
	p := os.Getenv("ZZFILE")
	bs, _ := os.ReadFile(p)
	in := splitText(string(bs))
	for i := 0; i < b.N; i++ { SplitWith(p, append([]raw.Para(nil), in...), Options{Recurring: func(string) bool { return false }}) }
}
