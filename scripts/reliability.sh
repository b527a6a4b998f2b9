#!/usr/bin/env bash
# The reliability suite in one command:
#   scripts/reliability.sh [--quick|--full]
# 1. builds the planmine binary once;
# 2. runs every package fuzz target for a fixed budget (quick: 10 s each,
#    full: 2 min each) and lists new crashers (they land in the package's
#    testdata/fuzz/<Target>/, where `go test` replays them from then on);
# 3. runs the live-server suite: go test -tags reliability ./reliability/
#    (bad-input matrix, kill -9 crash safety, lost or damaged store and
#    planmine recover, 32-client soak, backup while serving and restore,
#    uploads onto a disk that fills — a tmpfs, so that row needs root and is
#    skipped with a note otherwise);
# 4. prints the table of rows held / rows tried.
# Exit status 0 only when every row held.
set -uo pipefail
cd "$(dirname "$0")/.."

mode=quick
case "${1:-}" in
  ""|--quick) mode=quick ;;
  --full) mode=full ;;
  *) echo "用法 (usage): $0 [--quick|--full]" >&2; exit 1 ;;
esac
if [[ $mode == full ]]; then fuzztime=2m; testtimeout=120m; else fuzztime=10s; testtimeout=40m; fi

work=$(mktemp -d -t planmine-reliability-XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "== 构建 (build) planmine"
go build -o "$work/planmine" ./cmd/planmine || { echo "构建失败 (build failed)" >&2; exit 1; }

# package:target pairs; the list is found from the source so a new fuzz
# target is picked up without editing this script.
mapfile -t targets < <(grep -rl --include='*_test.go' -E '^func Fuzz[A-Za-z0-9_]*\(f \*testing\.F\)' . \
  | grep -v '^./reliability/' | sort | while read -r f; do
      pkg=$(dirname "$f")
      grep -oE '^func Fuzz[A-Za-z0-9_]*' "$f" | sed 's/^func //' | while read -r t; do echo "$pkg:$t"; done
    done)

fuzz_rows=()
fuzz_held=0
crashers=()
for pt in "${targets[@]}"; do
  pkg=${pt%%:*}; t=${pt##*:}
  dir="$pkg/testdata/fuzz/$t"
  before=$(ls "$dir" 2>/dev/null | sort)
  log="$work/fuzz-${pkg//\//_}-$t.log"
  echo "== fuzz $pkg $t ($fuzztime)"
  start=$(date +%s)
  go test -run '^$' -fuzz "^$t\$" -fuzztime "$fuzztime" -fuzzminimizetime 2s "$pkg" >"$log" 2>&1
  rc=$?
  took=$(( $(date +%s) - start ))
  after=$(ls "$dir" 2>/dev/null | sort)
  new=$(comm -13 <(echo "$before") <(echo "$after") | grep -v '^$' || true)
  execs=$(grep -oE 'execs: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo "?")
  if [[ $rc -eq 0 && -z $new ]]; then
    fuzz_held=$((fuzz_held + 1)); mark=ok
  else
    mark=FAIL
    tail -20 "$log"
    for n in $new; do crashers+=("$dir/$n"); done
  fi
  fuzz_rows+=("| fuzz | $pkg $t | $mark | exit $rc, ${execs} execs, ${took}s wall |")
done

echo "== go test -tags reliability ./reliability/ ($mode)"
PLANMINE_BIN="$work/planmine" PLANMINE_RELIABILITY=$mode PLANMINE_RELIABILITY_REPORT="$work/report.md" \
  go test -tags reliability -count=1 -timeout "$testtimeout" ./reliability/ -v 2>&1 | tee "$work/reliability.log" \
  | grep -E '^(=== RUN|--- |\s+--- |PASS|FAIL|ok|panic)' 
suite_rc=${PIPESTATUS[0]}

echo
echo "# 可靠性结果 (reliability summary, $mode)"
echo
echo "| suite | row | held | detail |"
echo "|---|---|---|---|"
printf '%s\n' "${fuzz_rows[@]}"
if [[ -s $work/report.md ]]; then
  grep '^| [a-z]' "$work/report.md" | grep -v '^| suite'
  echo
  echo "- fuzz: $fuzz_held/${#targets[@]} rows held"
  grep '^- ' "$work/report.md"
  read -r sh st < <(grep -oE 'live-server total: [0-9]+/[0-9]+' "$work/report.md" | grep -oE '[0-9]+/[0-9]+' | tr / ' ')
  echo "- all: $((fuzz_held + ${sh:-0}))/$((${#targets[@]} + ${st:-0})) rows held"
else
  echo
  echo "- fuzz: $fuzz_held/${#targets[@]} rows held"
  echo "- live-server suite produced no report (go test exit $suite_rc); see the log above"
fi
if ((${#crashers[@]})); then
  echo
  echo "新的崩溃输入 (new crashers; the package owners turn them into regression tests):"
  printf '  %s\n' "${crashers[@]}"
fi
[[ $suite_rc -eq 0 && $fuzz_held -eq ${#targets[@]} ]]
