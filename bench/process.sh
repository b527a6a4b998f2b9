#!/usr/bin/env bash
# Whole-process figures, as a user sees them: each command is a fresh
# process (cold start: dictionary, tables, reading, analysis, output), timed
# from exec to exit, runs alternated between planmine and its peer so both
# see the same machine, medians printed with the same-run ratio.
#
#   bash bench/process.sh [RUNS]     # default 5 runs per row
#
# Rows (issue 13's bars in brackets):
#   one page   planmine analyze --json of a one-page plan          [≤ 0.3 s, ≤ 120 MB]
#   seeds ×20  planmine analyze --json  vs  python3-jieba segmentation alone,
#              whole process (import, dictionary, cut)             [≥ 3×]
#   reports    planmine reuse --json of the 72 reports  vs  Dolos
#              (@dodona/dolos-lib, char), whole node process       [≥ 10×]
# Results: bench/out/process.json and a table on stdout.
set -euo pipefail
RUNS=${1:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=bench/out
PEERS=bench/_peers
PY=/usr/bin/python3
mkdir -p "$OUT"
log() { printf '\n== %s\n' "$*" >&2; }
skip() { echo "跳过 (skipped): $*" >&2; }

SHARED=${PLANMINE_SHARED:-}
if [[ -z "$SHARED" ]]; then
  for c in "$ROOT/../shared" /work/shared; do
    [[ -d "$c/corpus" ]] && SHARED=$(cd "$c" && pwd) && break
  done
fi
[[ -n "$SHARED" && -d "$SHARED/corpus" ]] || { echo "找不到 shared/corpus (set PLANMINE_SHARED)" >&2; exit 1; }

source "$PEERS/setup.sh"
command -v /usr/bin/time >/dev/null || { apt-get install -y -qq time >/dev/null 2>&1 || true; }

log "build"
go build -o "$OUT/planmine" ./cmd/planmine
go build -o "$OUT/benchprep" ./bench/cmd/benchprep
"$OUT/benchprep" -shared "$SHARED" -out "$OUT" -testdata bench/testdata -n 20 >/dev/null
# One page: the first 40 lines of a seed plan (a title, sections, targets).
head -n 40 "$SHARED/corpus/seeds/000_948abd7a737fa59a.txt" >"$OUT/onepage.txt"

# measure NAME CMD…: one run; appends "NAME wall_s rss_kb" to $OUT/process.raw.
measure() {
  local name=$1; shift
  /usr/bin/time -f "$name %e %M" -a -o "$OUT/process.raw" "$@" >/dev/null 2>"$OUT/process.err" ||
    { skip "$name failed: $(tail -2 "$OUT/process.err")"; }
}
rm -f "$OUT/process.raw"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for ((i = 0; i < RUNS; i++)); do
  log "run $((i + 1))/$RUNS"
  measure onepage "$OUT/planmine" analyze --json "$OUT/onepage.txt"
  measure seeds_planmine "$OUT/planmine" analyze --json "$OUT/seg/seeds"
  [[ $have_jieba == 1 ]] && measure seeds_jieba $PY $PEERS/jieba_seg.py "$OUT/seg/seeds" 1
  measure reports_planmine "$OUT/planmine" reuse --json "$OUT/reports"
  [[ $have_node == 1 ]] && measure reports_dolos node $PEERS/dolos.mjs "$OUT/reports" 1 0.1 8
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

$PY - "$OUT/process.raw" "$OUT/process.json" <<'PYEOF'
import json, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, wall, rss = line.split()
    r = rows.setdefault(name, {"wall": [], "rss": []})
    r["wall"].append(float(wall)); r["rss"].append(int(rss) / 1024)
res = {n: {"runs": len(r["wall"]), "median_s": statistics.median(r["wall"]),
           "median_rss_mb": statistics.median(r["rss"])} for n, r in rows.items()}
json.dump(res, open(sys.argv[2], "w"), indent=2)
for n, r in sorted(res.items()):
    print(f"{n:18s} {r['median_s']:7.2f} s  {r['median_rss_mb']:6.0f} MB  ({r['runs']} runs)")
def ratio(a, b, bar):
    if a in res and b in res:
        x = res[b]["median_s"] / res[a]["median_s"]
        print(f"{b} / {a}: {x:.1f}x  (bar {bar}x)")
ratio("seeds_planmine", "seeds_jieba", 3)
ratio("reports_planmine", "reports_dolos", 10)
PYEOF
