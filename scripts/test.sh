#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what the tests need, then
# checks formatting, vets, runs every test, and runs the packages with
# concurrency (the corpus layer, the HTTP server, parallel reading and
# analysis in ingest and the CLI) again under the race
# detector (-short skips the multi-process kill -9 test there; it runs above).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/pg.sh
# corpus/postgres runs against a real server (internal/pgtest): fail, not skip, without one.
export PLANMINE_REQUIRE_PG=1
unformatted=$(gofmt -l $(git ls-files '*.go'))
if [ -n "$unformatted" ]; then echo "gofmt needed: $unformatted"; exit 1; fi
go vet ./...
go test -count=1 -timeout 25m ./...
go test -race -short -count=1 ./corpus/... ./api/... ./ingest/ ./ingest/fold/ ./cmd/planmine/ ./internal/syncbuf/
