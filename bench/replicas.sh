#!/usr/bin/env bash
# Ingest scaling on PostgreSQL: the same files ingested by 1 and by 3
# replicas started together (MODE=ingest: `planmine ingest --db
# postgres://…` workers, each given its share of the files; MODE=serve:
# `planmine serve --db postgres://…` replicas, each sent its share through
# the upload API and timed until every replica's search finds every
# document), each in its
# own cgroup v1 CPU quota (equal small machines; PostgreSQL outside the
# quotas), runs alternated, the corpus checked after every run against one
# embedded ingest (count, no duplicate, pairs equal). Needs root for the
# cgroups; without them it says so and runs without quotas.
#
#   bash bench/replicas.sh [FILES_DIR] [RUNS]
#     FILES_DIR  default bench/out/e2e-files-1000 (go run ./bench/cmd/benche2e -n 1000 -gen-only)
#     RUNS       default 3 (pairs of 1 and 3 replicas)
#   QUOTA=50000  cpu.cfs_quota_us per replica (period 100000 µs: half a core)
#   OLD=path     also run this planmine binary, alternated with the new one
#   MODE=ingest  or serve
#   PROFILE=DIR  a CPU profile of every replica in DIR
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
FILES=${1:-bench/out/e2e-files-1000}
RUNS=${2:-3}
OUT=bench/out
mkdir -p "$OUT"
[[ -d "$FILES" ]] || { echo "找不到输入文件夹 (no input folder) $FILES: go run ./bench/cmd/benche2e -n 1000 -gen-only" >&2; exit 1; }
bash scripts/pg.sh >&2
go build -o "$OUT/planmine" ./cmd/planmine
go build -o "$OUT/benchreplicas" ./bench/cmd/benchreplicas
bins="new=$OUT/planmine"
[[ -n "${OLD:-}" ]] && bins="$bins,old=$OLD"
# The helper removes the cgroups it made (planmine-bench-PID-*) when each
# run ends; a killed helper may leave empty ones, removed here.
trap 'for g in /sys/fs/cgroup/cpu/planmine-bench-*; do [[ -d $g ]] && rmdir "$g" 2>/dev/null; done; true' EXIT
"$OUT/benchreplicas" -bin "$bins" -files "$FILES" -replicas 1,3 -runs "$RUNS" -quota "${QUOTA:-50000}" \
	-mode "${MODE:-ingest}" ${PROFILE:+-profile "$PROFILE"} | tee "$OUT/replicas-${MODE:-ingest}.txt"
