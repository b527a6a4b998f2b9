// Command pdfcompare times the package's PDF extraction against poppler's
// pdftotext on the same files and prints one line per file:
//
//	go run ./ingest/pdf/internal/pdfcompare [-dump] FILE.pdf…
//
// With -dump it prints the extracted paragraphs instead.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/planmine/planmine/ingest/pdf"
)

func main() {
	dump := flag.Bool("dump", false, "print the paragraphs, one per line, with their page")
	n := flag.Int("n", 3, "repetitions per file (best time is reported)")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "用法 (usage): pdfcompare [-dump] [-n N] FILE.pdf…")
		os.Exit(1)
	}
	var ownTotal, popTotal time.Duration
	for _, name := range flag.Args() {
		data, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if *dump {
			ps, info, err := pdf.ExtractWithInfo(context.Background(), data)
			fmt.Printf("# %s route=%s pages=%d han=%.3f garbage=%.4f err=%v\n", name, info.Route, info.Pages, info.HanShare, info.Garbage, err)
			for _, p := range ps {
				fmt.Printf("[p%d] %s\n", p.Page, p.Text)
			}
			continue
		}
		own, pop := time.Duration(1<<62), time.Duration(1<<62)
		var info pdf.Info
		var chars int
		for i := 0; i < *n; i++ {
			t := time.Now()
			ps, in, err := pdf.ExtractWithInfo(context.Background(), data)
			if d := time.Since(t); d < own {
				own = d
			}
			if err != nil {
				fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
			}
			info, chars = in, 0
			for _, p := range ps {
				chars += len(p.Text)
			}
			t = time.Now()
			if err := exec.Command("pdftotext", "-layout", "-q", name, os.DevNull).Run(); err != nil {
				fmt.Fprintf(os.Stderr, "pdftotext %s: %v\n", name, err)
			}
			if d := time.Since(t); d < pop {
				pop = d
			}
		}
		ownTotal += own
		popTotal += pop
		mb := float64(len(data)) / 1e6
		fmt.Printf("%-40s route=%-9s pages=%3d own=%8.1fms (%6.1f MB/s pdf, %5.1f MB/s text) pdftotext=%8.1fms ratio=%.2f\n",
			name, info.Route, info.Pages, ms(own), mb/own.Seconds(), float64(chars)/1e6/own.Seconds(), ms(pop), own.Seconds()/pop.Seconds())
	}
	if !*dump {
		fmt.Printf("TOTAL own=%.1fms pdftotext=%.1fms ratio=%.2f\n", ms(ownTotal), ms(popTotal), ownTotal.Seconds()/popTotal.Seconds())
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
