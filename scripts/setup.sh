#!/usr/bin/env bash
# Installs the Debian packages the tests and readers use. Safe to run again.
#   poppler-utils: pdftotext, the PDF fallback and the reference the PDF tests compare with
#   catdoc, antiword: legacy .doc reading
#   chromium, fonts-noto-cjk: browser tests of the web UI (CJK glyphs in screenshots)
set -euo pipefail
pkgs=(poppler-utils catdoc antiword)
if [ "${PLANMINE_BROWSER_TESTS:-1}" = 1 ]; then pkgs+=(chromium fonts-noto-cjk); fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "setup: ${pkgs[*]} present"
