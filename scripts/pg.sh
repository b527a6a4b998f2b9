#!/usr/bin/env bash
# Installs PostgreSQL 15 for the tests of corpus/postgres (internal/pgtest
# starts a throw-away server from /usr/lib/postgresql/15/bin for each test
# binary; no cluster is created or started here). Safe to run again.
set -euo pipefail
pkgs=(postgresql-15)
source "$(dirname "$0")/lib/apt.sh"
ensure_packages pg "${pkgs[@]}"
bin=/usr/lib/postgresql/15/bin
[ -x "$bin/postgres" ] && [ -x "$bin/initdb" ] || { echo "pg: $bin/postgres or initdb missing after install" >&2; exit 1; }
echo "pg: ${pkgs[*]} present"
