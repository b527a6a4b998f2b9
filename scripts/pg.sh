#!/usr/bin/env bash
# Installs PostgreSQL 15 for the tests of corpus/postgres (internal/pgtest
# starts a throw-away server from /usr/lib/postgresql/15/bin for each test
# binary; no cluster is created or started here). Safe to run again.
set -euo pipefail
pkgs=(postgresql-15)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  echo "pg: installing ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
bin=/usr/lib/postgresql/15/bin
[ -x "$bin/postgres" ] && [ -x "$bin/initdb" ] || { echo "pg: $bin/postgres or initdb missing after install" >&2; exit 1; }
echo "pg: ${pkgs[*]} present"
