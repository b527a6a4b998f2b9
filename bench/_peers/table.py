"""Print the peer benchmark tables from the JSON rows peers.sh wrote.

    python3 table.py bench/out
"""
import json
import os
import statistics
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "bench/out"


def load(name):
    p = os.path.join(OUT, name + ".json")
    if not os.path.exists(p):
        return None
    with open(p, encoding="utf-8") as f:
        lines = [json.loads(l) for l in f if l.strip()]
    return lines if name == "pdf" else (lines[0] if lines else None)


def fmt(x, nd=2):
    return "—" if x is None else f"{x:.{nd}f}"


def ratio(a, b):
    return "—" if not a or not b else f"{a / b:.1f}×"


print(open(os.path.join(OUT, "machine.txt"), encoding="utf-8").read().rstrip())

print("\n1. Segmentation / analysis throughput, MB/s of input text (median of runs; dictionary loads excluded)")
for s in ("seeds", "reports"):
    pm = load(f"seg_planmine_{s}")
    jp = load(f"seg_jiebapy_{s}")
    nr = load(f"seg_noders_{s}")
    if not pm:
        print(f"  {s}: planmine row missing")
        continue
    mb = pm["mb_per_sec"]
    jv = jp and jp["mb_per_sec"]
    nv = nr and nr["mb_per_sec"]
    print(f"  {s} ({pm['bytes']/1e6:.2f} MB, {pm['files']} files, {pm['docs']} docs, runs {pm['runs']}):")
    print(f"    analysis {fmt(mb.get('analysis'))} | ingest+analysis {fmt(mb.get('ingest+analysis'))} | "
          f"gse {fmt(mb.get('gse'))} | gse+HMM {fmt(mb.get('gse-hmm'))} | jieba(py) {fmt(jv)} | node-rs/jieba {fmt(nv)}")
    print(f"    analysis/jieba(py) {ratio(mb.get('analysis'), jv)} | ingest+analysis/jieba(py) {ratio(mb.get('ingest+analysis'), jv)} | "
          f"analysis/gse {ratio(mb.get('analysis'), mb.get('gse'))} | analysis/node-rs {ratio(mb.get('analysis'), nv)}")
    st = pm.get("stage_sec") or {}
    tot = sum(st.values()) or 1
    print("    analysis stages: " + ", ".join(f"{k} {100*v/tot:.0f}%" for k, v in sorted(st.items(), key=lambda kv: -kv[1])))
    print(f"    loads: gse {fmt(pm['load_sec'])} s | jieba(py) {fmt(jp and jp['load_sec'])} s | node-rs {fmt(nv and nr['load_sec'])} s; "
          f"planmine RSS {pm['mem']['peak_mb']:.0f} MB")

print("\n2. PDF text: planmine reader vs pdftotext (ms per document, median of runs; agreement = Han LCS)")
rows = load("pdf")
if rows:
    print(f"  {'file':28} {'pages':>5} {'route':>9} {'planmine':>9} {'pdftotext':>9} {'ratio':>6} {'agree':>6} {'pm/seed':>7} {'pt/seed':>7} {'Han':>7}")
    for r in rows:
        sd = lambda v: "—" if v is None or v < 0 else f"{v:.3f}"
        print(f"  {r['file']:28} {r.get('pages',0):5d} {r.get('route',''):>9} {r['planmine_ms']:9.1f} {r['pdftotext_ms']:9.1f} "
              f"{ratio(r['pdftotext_ms'], r['planmine_ms']):>6} {r['agree']:6.3f} {sd(r.get('planmine_seed')):>7} {sd(r.get('pdftotext_seed')):>7} {r.get('planmine_han',0):7d}"
              + (f"  ERR {r['error']}" if r.get("error") else ""))
    pm = [r["planmine_ms"] for r in rows]
    pt = [r["pdftotext_ms"] for r in rows if r["pdftotext_ms"]]
    print(f"  total: planmine {sum(pm):.0f} ms | pdftotext {sum(pt):.0f} ms | pdftotext/planmine {ratio(sum(pt), sum(pm))} | "
          f"min agreement {min(r['agree'] for r in rows):.3f}")
else:
    print("  skipped")

print("\n3. Reuse, all pairs (planmine score = share of the shorter document copied; Dolos = its similarity)")
pm, dl, cli = load("reuse_planmine_reports"), load("reuse_dolos_reports"), load("reuse_cli_reports")
if pm:
    cli_med = statistics.median(cli["times"]) if cli and cli.get("times") else None
    print(f"  72 reports: planmine {fmt(pm['median_sec'])} s (+ ingest {fmt(pm['ingest_sec'])} s; CLI end to end {fmt(cli_med)} s) | "
          f"Dolos {fmt(dl and dl['median_sec'])} s | Dolos/planmine {ratio(dl and dl['median_sec'], pm['median_sec'])} "
          f"(end to end {ratio(dl and dl['median_sec'], cli_med)})")
    print(f"  pairs ≥ {pm['threshold']}: planmine {pm['pairs_above']} of {pm['pairs_reported']} reported | "
          f"Dolos {dl and dl['pairs_above']} of {dl and dl['pairs_reported']} reported")
    print(f"  memory peak: planmine {pm['mem']['peak_mb']:.0f} MB | Dolos {fmt(dl and dl['mem']['peak_mb'], 0)} MB")
    for name, r in (("planmine", pm), ("Dolos", dl)):
        if r:
            print(f"  top {name}: " + "; ".join(f"{p['a']}~{p['b']} {p['score']:.2f}" for p in r["top"][:8]))
pp, pd = load("reuse_planmine_planted"), load("reuse_dolos_planted")
def planted(r, b):
    if not r:
        return None
    for p in r["top"]:
        if {p["a"], p["b"]} == {"plan.txt", b}:
            return p["score"]
    return 0.0
print("  planted cases (score of plan.txt with the copy; 0 = not found):")
for b, what in (("copy_ascii.txt", "half copied, ，。→,."), ("copy_trad.txt", "converted to Traditional")):
    print(f"    {what:26} planmine {fmt(planted(pp, b), 3)} | Dolos {fmt(planted(pd, b), 3)}")

print("\n4. Incremental reuse query: one new document (half copied) against N synthetic documents")
print(f"  {'N':>7} {'MB text':>8} {'build s':>8} {'RSS MB':>7} {'index MB':>8} {'peak MB':>8} {'query ms':>9} {'max ms':>7} {'found':>6}")
for n in (1000, 10000, 100000):
    r = load(f"query_{n}")
    if not r:
        continue
    print(f"  {n:7d} {r['runes']*3/1e6:8.0f} {r['build_sec']:8.1f} {r['mem_indexed']['rss_mb']:7.0f} "
          f"{r['mem_indexed']['rss_mb']-r['mem_corpus']['rss_mb']:8.0f} {r['mem_indexed']['peak_mb']:8.0f} "
          f"{r['query_ms']:9.1f} {r['query_max_ms']:7.1f} {r['found']:3d}/{r['queries']}")
print("  bar: query < 50 ms, RSS < 2 GB at 100k")

sp, sf = load("search_planmine"), load("search_fts5")
print(f"\n5. Search: planmine (corpus.AddBatch + Search; SQLite store + bleve) vs SQLite FTS5 trigram, same documents and 4-character phrase queries")
if sp or sf:
    print(f"  docs {(sp or sf)['docs']} | build: planmine {fmt(sp and sp['build_sec'], 1)} s, FTS5 {fmt(sf and sf['build_sec'], 1)} s "
          f"({ratio(sp and sp['build_sec'], sf and sf['build_sec'])}) | disk: planmine {fmt(sp and sp['disk_mb'], 0)} MB, FTS5 {fmt(sf and sf['disk_mb'], 0)} MB")
    print(f"  query median: planmine {fmt(sp and sp['query_ms'])} ms | FTS5 {fmt(sf and sf['query_ms'])} ms | planmine/FTS5 {ratio(sp and sp['query_ms'], sf and sf['query_ms'])}")
    if sp and sf:
        fq = {q["q"]: q for q in sf["queries"]}
        n = len(sp["queries"])
        has_exact = all("exact" in q for q in sp["queries"])
        if has_exact:
            pm_ok = sum(1 for q in sp["queries"] if q["total"] == q["exact"])
            pm_over = sum(1 for q in sp["queries"] if q["total"] > q["exact"])
            ft_ok = sum(1 for q in sp["queries"] if fq.get(q["q"], {}).get("total") == q["exact"])
            print(f"  hit totals vs exact (documents whose folded text holds the folded phrase): "
                  f"planmine right on {pm_ok}/{n}, over on {pm_over}/{n} | FTS5 right on {ft_ok}/{n} (no script folding)")
            print("  " + "; ".join(f"{q['q']} {q['total']}/{fq.get(q['q'], {}).get('total', '—')}/{q['exact']}" for q in sp["queries"][:10])
                  + "  (planmine/FTS5/exact)")
        else:
            print("  " + "; ".join(f"{q['q']} {q['total']}/{fq.get(q['q'], {}).get('total', '—')}" for q in sp["queries"][:10]) + "  (planmine/FTS5)")
else:
    print("  skipped")

print("\n6. End to end: mixed TXT/DOCX/PDF files through `planmine ingest` and through the API (zip jobs of 250 files)")
e2e_path = os.path.join(OUT, "e2e.json")
e2e = [json.loads(l) for l in open(e2e_path, encoding="utf-8") if l.strip()] if os.path.exists(e2e_path) else []
summ = next((r for r in e2e if r.get("kind") == "summary"), None)
if summ:
    mx = summ["mix"]
    print(f"  {summ['n']} files, {summ['bytes']/1e6:.0f} MB (TXT {mx.get('txt', 0)}, DOCX {mx.get('docx', 0)}, PDF {mx.get('pdf', 0)}; "
          f"TXT {', '.join(f'{k} {v}' for k, v in sorted(summ['txt_variants'].items()))}); "
          f"generation {summ['gen_sec']:.0f} s (PDF {summ['pdf_sec']:.0f} s), excluded")
    print(f"  {'path':5} {'runs':>4} {'docs':>6} {'wall s':>16} {'docs/s':>16} {'MB/s':>16} {'peak RSS MB':>16}")
    for name in ("cli", "api"):
        st = summ.get(name)
        if not st:
            continue
        rng = lambda x, nd: f"{x['median']:.{nd}f} ({x['min']:.{nd}f}–{x['max']:.{nd}f})"
        print(f"  {name:5} {st['runs']:4d} {st['docs']:6d} {rng(st['wall_sec'], 0):>16} {rng(st['docs_per_sec'], 1):>16} "
              f"{rng(st['mb_per_sec'], 2):>16} {rng(st['peak_rss_mb'], 0):>16}")
    if summ.get("cli_startup_sec"):
        print(f"  CLI fixed cost (one-file ingest: start, dictionary load): {summ['cli_startup_sec']:.1f} s, inside the CLI wall times")
    if summ.get("ratio_api_cli_docs_per_sec"):
        print(f"  API/CLI: docs/s {summ['ratio_api_cli_docs_per_sec']:.2f}×, peak RSS {summ['ratio_api_cli_rss']:.2f}×")
    api_runs = [r for r in e2e if r.get("kind") == "run" and r.get("path") == "api"]
    if api_runs:
        print("  API checks: " + "; ".join(f"run {r['run']}: listed {r.get('listed', 0)} = created {r['docs']}, 429 retries {r.get('retries_429', 0)}" for r in api_runs))
    m = summ["machine"]
    print(f"  machine: {m['cores']} cores, {m['mem_total_gb']:.1f} GB; load average start {m['load_start']}, end {m['load_end']}")
else:
    print("  skipped")

prof = os.path.join(OUT, "analysis_profile.txt")
if os.path.exists(prof):
    print("\nCPU profile of the analysis runs (72 reports), top functions by flat time:")
    lines = open(prof, encoding="utf-8").read().splitlines()
    start = next((i for i, l in enumerate(lines) if l.strip().startswith("flat")), 0)
    for l in lines[start:start + 16]:
        print("  " + l)
