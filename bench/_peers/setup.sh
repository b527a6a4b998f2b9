# Sourced by bench/peers.sh and bench/process.sh (which set OUT, PEERS, PY,
# log and skip): installs the peers from Debian (python3-jieba, pdftotext,
# sqlite3) and npm (Dolos, @node-rs/jieba into $PEERS/node_modules), and
# sets have_jieba, have_pdftotext and have_node. A peer that cannot be
# installed is skipped with a message.
need_apt=()
dpkg -s python3-jieba >/dev/null 2>&1 || need_apt+=(python3-jieba)
command -v pdftotext >/dev/null || need_apt+=(poppler-utils)
command -v sqlite3 >/dev/null || need_apt+=(sqlite3)
if ((${#need_apt[@]})); then
  log "apt-get install ${need_apt[*]}"
  SUDO=; [[ $(id -u) == 0 ]] || SUDO=sudo
  if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${need_apt[@]}"; } >"$OUT/apt.log" 2>&1; then
    skip "apt-get 安装失败 (install failed), see $OUT/apt.log"
  fi
fi
have_jieba=0; [[ -x $PY ]] && $PY -c 'import jieba' 2>/dev/null && have_jieba=1
have_pdftotext=0; command -v pdftotext >/dev/null && have_pdftotext=1
have_node=0
if command -v npm >/dev/null && command -v node >/dev/null; then
  if [[ ! -d $PEERS/node_modules/@dodona/dolos-lib || ! -d $PEERS/node_modules/@node-rs/jieba ]]; then
    log "npm ci --prefix $PEERS"
    if (cd "$PEERS" && npm ci --no-audit --no-fund) >"$OUT/npm.log" 2>&1; then have_node=1
    else skip "npm 安装失败 (npm install failed), see $OUT/npm.log"; fi
  else
    have_node=1
  fi
else
  skip "未找到 node/npm (node/npm not found): Dolos and @node-rs/jieba rows"
fi

