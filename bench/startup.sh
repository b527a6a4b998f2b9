#!/usr/bin/env bash
# Start-up of `planmine serve`, as an operator meets it: the time from exec
# to the first accepted TCP connection, the first /healthz 200, the first
# document list 200 (store open) and the first /readyz 200 (search index and
# segmenter ready), median of RUNS, for four data directories: the demo
# corpus, a bigger generated one (STARTUP_DOCS documents, default 2000), and
# that one with the largest search-index segment deleted, then truncated to
# half (so every run rebuilds the index). With a commit argument a binary
# built from that commit takes turns with this tree's, run by run.
#   bash bench/startup.sh [BASE_COMMIT] [RUNS]
# STARTUP_DATA=DIR uses an existing data directory as the bigger one instead
# of generating it (generating 2000 documents takes about a minute).
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-}
runs=${2:-5}
docs=${STARTUP_DOCS:-2000}
work=$(mktemp -d -t planmine-startup-XXXXXX)
cleanup() {
  if [[ -n $base && -d $work/src ]]; then git worktree remove --force "$work/src" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/new" ./cmd/planmine
go build -o "$work/benchstartup" ./bench/cmd/benchstartup
bins="new=$work/new"
if [[ -n $base ]]; then
  git worktree add --detach "$work/src" "$base" >/dev/null 2>&1
  (cd "$work/src" && go build -o "$work/base" ./cmd/planmine)
  bins="base=$work/base,$bins"
fi

"$work/new" ingest --data "$work/demo" internal/demo/files >/dev/null 2>&1
if [[ -n ${STARTUP_DATA:-} ]]; then
  big=$STARTUP_DATA
else
  big=$work/big
  go run ./bench/load -docs "$docs" -duration 1s -clients 1 -direct -data "$big" >/dev/null
fi
echo "数据 (data): demo corpus $(ls internal/demo/files | wc -l) files, $(du -sh "$work/demo" | cut -f1); bigger $(du -sh "$big" | cut -f1) ($big)"
echo "机器 (machine): $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

bench() { "$work/benchstartup" -bin "$bins" -data "$work/run" -runs "$runs" "$@"; }
bench -fresh "$work/demo" -label "demo corpus" | tee -a "$work/out"
bench -fresh "$big" -label "bigger, intact" | tee -a "$work/out"
bench -fresh "$big" -break delete -label "bigger, index segment deleted" | tee -a "$work/out"
bench -fresh "$big" -break truncate -label "bigger, index segment truncated" | tee -a "$work/out"
echo
echo "中位数 (medians), ms from exec:"
grep '^MEDIAN' "$work/out" | sed 's/^MEDIAN //'
echo "机器 (machine) after: load average $(cut -d' ' -f1-3 /proc/loadavg)"
