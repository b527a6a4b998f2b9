#!/usr/bin/env bash
# Peer benchmarks: planmine against jieba (Python and @node-rs), gse,
# pdftotext and Dolos on the same inputs, in one run, printing medians and
# ratios. Installs what it needs from Debian (apt-get) and npm (into
# bench/_peers/node_modules). A peer that cannot be installed is skipped
# with a message; the other rows still run.
#
#   bash bench/peers.sh           # full run (100k-document scale step included)
#   bash bench/peers.sh --quick   # a few minutes (plus LibreOffice making 333 PDFs on the first run)
#
# Results: bench/out/*.json (one per row) and bench/out/report.txt.
set -euo pipefail

MODE=full
for a in "$@"; do
  case "$a" in
    --quick) MODE=quick ;;
    --full) MODE=full ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "未知参数 (unknown argument): $a" >&2; exit 1 ;;
  esac
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=bench/out
PEERS=bench/_peers
mkdir -p "$OUT"
rm -f "$OUT"/*.json "$OUT"/*.err "$OUT"/fts5.db

SHARED=${PLANMINE_SHARED:-}
if [[ -z "$SHARED" ]]; then
  for c in "$ROOT/../shared" /work/shared; do
    [[ -d "$c/corpus" ]] && SHARED=$(cd "$c" && pwd) && break
  done
fi
[[ -n "$SHARED" && -d "$SHARED/corpus" ]] || { echo "找不到 shared/corpus (set PLANMINE_SHARED)" >&2; exit 1; }

if [[ $MODE == quick ]]; then
  SEED_N=3; SEG_RUNS=3; PDF_RUNS=5; REUSE_RUNS=3; SIZES="1000 10000"; SEARCH_N=500
else
  SEED_N=20; SEG_RUNS=5; PDF_RUNS=5; REUSE_RUNS=5; SIZES="1000 10000 100000"; SEARCH_N=10000
fi
# The search step stores through (*Corpus).AddBatch (store + reuse + index);
# BENCH_SEARCH_N overrides the document count.
SEARCH_N=${BENCH_SEARCH_N:-$SEARCH_N}
PY=/usr/bin/python3   # Debian's python, where python3-jieba lives (not a pyenv shim)

log() { printf '\n== %s\n' "$*" >&2; }
skip() { echo "跳过 (skipped): $*" >&2; }

# ---- installs ---------------------------------------------------------------

# Debian and npm peers: sets have_jieba, have_pdftotext, have_node.
source "$PEERS/setup.sh"

# ---- build ------------------------------------------------------------------
log "build planmine benchmark programs"
for p in benchprep benchseg benchpdf benchreuse benchquery benchsearch; do
  go build -o "$OUT/$p" "./bench/cmd/$p"
done
go build -o "$OUT/planmine" ./cmd/planmine

# ---- machine ----------------------------------------------------------------
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')   mode: $MODE"
  echo "cores (nproc): $(nproc)   cpu: $(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1)"
  echo "memory (free -g): $(free -g | awk '/^Mem:/ {print $2" GB total, "$7" GB available"}')"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "go: $(go version | cut -d' ' -f3)   node: $(node --version 2>/dev/null || echo none)   python: $($PY --version 2>&1 | cut -d' ' -f2)"
  echo "jieba(py): $($PY -c 'import jieba; print(jieba.__version__)' 2>/dev/null || echo none)   pdftotext: $(pdftotext -v 2>&1 | head -1 | awk '{print $3}')   sqlite3: $(sqlite3 --version 2>/dev/null | cut -d' ' -f1)"
} >"$OUT/machine.txt"

# ---- inputs -----------------------------------------------------------------
log "prepare inputs (72 reports, seeds x$SEED_N, planted cases)"
"$OUT/benchprep" -shared "$SHARED" -out "$OUT" -testdata bench/testdata -n "$SEED_N" >/dev/null

# run NAME CMD…: run a row, keep its JSON; a failure skips the row only.
run() {
  local name=$1; shift
  if "$@" >"$OUT/$name.json" 2>"$OUT/$name.err"; then return 0; fi
  skip "$name failed: $(tail -2 "$OUT/$name.err")"; rm -f "$OUT/$name.json"
}

# ---- 1. segmentation / analysis --------------------------------------------
for set in seeds reports; do
  dir=$OUT/seg/seeds; [[ $set == reports ]] && dir=$OUT/reports
  log "1. analysis vs segmenters on $set"
  prof=(); [[ $set == reports ]] && prof=(-cpuprofile "$OUT/analysis.prof")
  run "seg_planmine_$set" "$OUT/benchseg" -in "$dir" -runs "$SEG_RUNS" "${prof[@]}"
  if [[ $have_jieba == 1 ]]; then run "seg_jiebapy_$set" $PY $PEERS/jieba_seg.py "$dir" "$SEG_RUNS"
  else skip "python3-jieba not available"; fi
  if [[ $have_node == 1 ]]; then run "seg_noders_$set" node $PEERS/nodejieba.mjs "$dir" "$SEG_RUNS"; fi
done
if [[ -f $OUT/analysis.prof ]]; then
  go tool pprof -top -nodecount=30 "$OUT/benchseg" "$OUT/analysis.prof" >"$OUT/analysis_profile.txt" 2>/dev/null || true
  go tool pprof -top -cum -nodecount=40 "$OUT/benchseg" "$OUT/analysis.prof" >"$OUT/analysis_profile_cum.txt" 2>/dev/null || true
fi

# ---- 2. PDF -----------------------------------------------------------------
log "2. PDF: planmine reader vs pdftotext"
if [[ $have_pdftotext == 1 ]]; then
  run pdf "$OUT/benchpdf" -runs "$PDF_RUNS" -seeds "$SHARED/corpus/seeds" \
    "$SHARED"/corpus/formats/*.pdf "$SHARED/corpus/external/gwr_beijing2024_wps.pdf"
else skip "pdftotext not available"; fi

# ---- 3. reuse ---------------------------------------------------------------
log "3. reuse: planmine vs Dolos (72 reports, all pairs; planted cases)"
for set in reports planted; do
  run "reuse_planmine_$set" "$OUT/benchreuse" -in "$OUT/$set" -runs "$REUSE_RUNS" -threshold 0.1 -top 8
  if [[ $have_node == 1 ]]; then run "reuse_dolos_$set" node $PEERS/dolos.mjs "$OUT/$set" "$REUSE_RUNS" 0.1 8; fi
done
# The CLI end to end (process start, ingest, reuse, JSON), median of runs.
cli_times=()
for ((i = 0; i < REUSE_RUNS; i++)); do
  s=$(date +%s.%N); "$OUT/planmine" reuse --json "$OUT/reports" >"$OUT/cli_reuse.out" 2>/dev/null || true; e=$(date +%s.%N)
  # awk, not bc: bc prints 0.25 as .25, which is no JSON number.
  cli_times+=("$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.6f", e - s }')")
done
printf '{"runs":%d,"times":[%s]}\n' "$REUSE_RUNS" "$(IFS=,; echo "${cli_times[*]}")" >"$OUT/reuse_cli_reports.json"

# ---- 4. incremental reuse query at scale ------------------------------------
log "4. incremental reuse query: sizes $SIZES"
for n in $SIZES; do
  dump=(); [[ $n == 10000 ]] && dump=(-dump "$OUT/synth_10000.csv")
  run "query_$n" "$OUT/benchquery" -bases "$OUT/reports,$SHARED/corpus/seeds,$SHARED/corpus/external" -n "$n" -queries 20 "${dump[@]}"
done

# ---- 5. search vs SQLite FTS5 -----------------------------------------------
# Both index the first SEARCH_N documents of the 10k synthetic corpus and
# run the same phrase queries (drawn by benchsearch). planmine goes through
# (*Corpus).AddBatch in batches of 32 files, as `planmine ingest` does (SQLite
# store + reuse + bleve index); its documents are not analysed first, so
# facet fields are empty.
log "5. search vs SQLite FTS5 (trigram) on $SEARCH_N documents"
if [[ -f $OUT/synth_10000.csv ]]; then
  run search_planmine "$OUT/benchsearch" -csv "$OUT/synth_10000.csv" -n "$SEARCH_N" -q 20 -runs 5 \
    -data "$OUT/search-data" -queries-out "$OUT/search_queries.txt"
  if command -v sqlite3 >/dev/null && [[ -f $OUT/search_queries.txt ]]; then
    run search_fts5 $PY $PEERS/fts5.py "$OUT/synth_10000.csv" "$SEARCH_N" "$OUT/search_queries.txt" 5 "$OUT/fts5.db"
  else skip "sqlite3 not available"; fi
else skip "no synthetic corpus (query_10000 failed)"; fi

# ---- 6. end to end ----------------------------------------------------------
# N generated files (a third each TXT in UTF-8/GBK/Traditional/Big5, DOCX,
# PDF printed by LibreOffice; cached in $OUT/e2e-files-N and reused) through
# `planmine ingest` and through `planmine serve` (zip jobs of 250 files), each
# on fresh data dirs. Generation is timed apart and excluded from the figures.
if [[ $MODE == quick ]]; then E2E_N=1000; E2E_RUNS=1; else E2E_N=10000; E2E_RUNS=3; fi
E2E_N=${BENCH_E2E_N:-$E2E_N}; E2E_RUNS=${BENCH_E2E_RUNS:-$E2E_RUNS}
log "6. end to end: $E2E_N mixed TXT/DOCX/PDF files, $E2E_RUNS runs per path (CLI and API)"
go build -o "$OUT/benche2e" ./bench/cmd/benche2e
if ! "$OUT/benche2e" -n "$E2E_N" -runs "$E2E_RUNS" -files "$OUT/e2e-files-$E2E_N" -bin "$OUT/planmine" \
    -shared "$SHARED" -json "$OUT/e2e.json" >"$OUT/e2e.txt" 2>"$OUT/e2e.err"; then
  skip "e2e failed: $(tail -3 "$OUT/e2e.err")"; rm -f "$OUT/e2e.json"
fi

# ---- 7. cost per stage as the corpus grows ----------------------------------
# Each ingest stage on its own over N synthetic documents (read, analyse,
# store, index, reuse, and the composed AddBatch path), at 1k/10k(/100k):
# time, CPU and memory per stage and their growth per tenfold documents.
# Store, index and AddBatch stop after STAGE_BUDGET and report the prefix.
if [[ $MODE == quick ]]; then STAGE_SIZES=1000,10000; else STAGE_SIZES=1000,10000,100000; fi
STAGE_SIZES=${BENCH_STAGE_SIZES:-$STAGE_SIZES}
log "7. cost per stage at $STAGE_SIZES documents"
go build -o "$OUT/benchstages" ./bench/cmd/benchstages
if ! "$OUT/benchstages" -bases "$OUT/reports,$SHARED/corpus/seeds,$SHARED/corpus/external" \
    -sizes "$STAGE_SIZES" -batch 256 -budget "${BENCH_STAGE_BUDGET:-3m}" -out "$OUT/stages.json" \
    >"$OUT/stages.txt" 2>"$OUT/stages.err"; then
  skip "stages failed: $(tail -3 "$OUT/stages.err")"
fi

# ---- report -----------------------------------------------------------------
{ $PY bench/_peers/table.py "$OUT"; [[ -s $OUT/stages.txt ]] && { echo; echo "7. Cost per stage"; cat "$OUT/stages.txt"; }; } | tee "$OUT/report.txt"
