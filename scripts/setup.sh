#!/usr/bin/env bash
# Installs the Debian packages the tests and readers use. Safe to run again.
#   poppler-utils: pdftotext, the PDF fallback and the reference the PDF tests compare with
#   catdoc, antiword: legacy .doc reading
#   libreoffice-writer-nogui: soffice --headless --convert-to pdf, which the
#     end-to-end benchmark's tests (bench/cmd/benche2e) use to make real PDFs
#     from Writer documents; the smallest package that provides it
#   fonts-noto-cjk: CJK glyphs for those PDFs and for browser screenshots
#   chromium: browser tests of the web UI
set -euo pipefail
pkgs=(poppler-utils catdoc antiword libreoffice-writer-nogui fonts-noto-cjk)
if [ "${PLANMINE_BROWSER_TESTS:-1}" = 1 ]; then pkgs+=(chromium); fi
source "$(dirname "$0")/lib/apt.sh"
ensure_packages setup "${pkgs[@]}"
command -v soffice >/dev/null || { echo "setup: soffice missing after install" >&2; exit 1; }
echo "setup: ${pkgs[*]} present"
