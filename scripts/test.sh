#!/usr/bin/env bash
# The one test command: installs what the tests need, then vets and tests everything.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
test -z "$(gofmt -l $(git ls-files '*.go' | grep -v '^third_party/'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
go vet ./...
go test -count=1 ./...
