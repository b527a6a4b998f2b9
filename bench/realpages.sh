#!/usr/bin/env bash
# Whole-process speed on real template-site pages, as a user meets it: a cold
# `planmine analyze --json` of 1,510 pages (the dev, sealed, fresh, final and
# blind sets of testdata/real, ten copies each, 6.1 MB), dictionary load
# included. With a commit argument the same is run, alternately, for a binary
# built from that commit, so both see the same machine load.
#   bash bench/realpages.sh [BASE_COMMIT] [RUNS]
# Prints, per binary, the median wall time, CPU time (user+sys) and peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-}
runs=${2:-5}
work=$(mktemp -d -t planmine-realpages-XXXXXX)
cleanup() {
  if [[ -n $base && -d $work/src ]]; then git worktree remove --force "$work/src" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/in"
for k in $(seq 1 10); do
  for f in testdata/real/{dev,sealed,fresh,final,blind}/*.txt; do
    cp "$f" "$work/in/${k}_$(basename "$f")"
  done
done
echo "输入 (input): $(ls "$work/in" | wc -l) 个文件 (files), $(du -sh "$work/in" | cut -f1)"

go build -o "$work/new" ./cmd/planmine
bins=(new)
if [[ -n $base ]]; then
  git worktree add --detach "$work/src" "$base" >/dev/null 2>&1
  (cd "$work/src" && go build -o "$work/base" ./cmd/planmine)
  bins=(base new)
fi

for _ in $(seq 1 "$runs"); do
  for b in "${bins[@]}"; do
    /usr/bin/time -f "$b %e %U %S %M" -o "$work/t" "$work/$b" analyze --json "$work/in" >/dev/null 2>&1
    cat "$work/t" >>"$work/times"
  done
done
for b in "${bins[@]}"; do
  grep "^$b " "$work/times" | python3 -c '
import sys, statistics as st
rows = [l.split() for l in sys.stdin]
b = rows[0][0]
wall = st.median(float(r[1]) for r in rows)
cpu = st.median(float(r[2]) + float(r[3]) for r in rows)
rss = st.median(int(r[4]) for r in rows) / 1024
print(f"{b:5} median of {len(rows)} runs: wall {wall:.2f} s, CPU {cpu:.2f} s, peak RSS {rss:.0f} MB")
'
done
