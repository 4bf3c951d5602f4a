#!/usr/bin/env bash
# Installs what the editor-tier tests (npm run test:e2e) need on a fresh Debian 12 machine (node 20,
# npm 11, root, only the npm registry and Debian apt reachable): Chromium, and code-server 4.100.3's
# VS Code server in test/e2e/tools. Idempotent and non-interactive: with nothing to do it takes
# about a second. Recipe and pitfalls: shared/reference/vscode-e2e.md.
set -euo pipefail
cd "$(dirname "$0")"
PROJ=$PWD

log() { printf '[setup %s] %s\n' "$(date +%T)" "$*"; }

# --- 0. node 20 is required: code-server 4.100.3's postinstall refuses any other major version.
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
if [ "$NODE_MAJOR" != 20 ]; then
  echo "setup.sh: node 20 is required (code-server 4.100.3), found $(node -v)" >&2
  exit 1
fi

# --- 1. Debian packages.
#   chromium     the browser Playwright drives (/usr/bin/chromium)
#   ripgrep      stands in for the rg binary @vscode/ripgrep would download from GitHub (step 2)
#   libkrb5-dev  gssapi headers: the `kerberos` native module falls back to node-gyp offline
#   python3 make g++  node-gyp toolchain (node-pty, @vscode/spdlog, kerberos, native-watchdog, ...)
#   curl ca-certificates  not strictly needed; handy for probing the server
APT_PKGS=(chromium ripgrep libkrb5-dev python3 make g++ ca-certificates)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] && SUDO= || SUDO=sudo
  log "apt-get install ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
else
  log "apt packages already installed"
fi

# --- 2. Pre-seed @vscode/ripgrep@1.15.11's download cache (it lives under os.tmpdir()) with
#        Debian's rg, so code-server's nested postinstall never goes to GitHub.
export TMPDIR="$PROJ/.cache/tmp"
RG_CACHE="$TMPDIR/vscode-ripgrep-cache-1.15.11"
RG_TGZ="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$RG_TGZ" ]; then
  log "seeding ripgrep cache"
  mkdir -p "$RG_CACHE" "$PROJ/.cache/rg"
  cp "$(command -v rg)" "$PROJ/.cache/rg/rg"
  tar czf "$RG_TGZ" -C "$PROJ/.cache/rg" rg
fi

# --- 3. node-gyp must compile against local headers (no download from nodejs.org).
if [ -z "${npm_config_nodedir:-}" ]; then
  nodedir=$(npm config get nodedir 2>/dev/null || true)
  if [ -z "$nodedir" ] || [ "$nodedir" = undefined ] || [ "$nodedir" = null ]; then
    prefix=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
    if [ -f "$prefix/include/node/node_api.h" ]; then
      export npm_config_nodedir="$prefix"
    else
      echo "setup.sh: no node headers at $prefix/include/node; node-gyp would try to download them" >&2
      exit 1
    fi
  fi
fi

# --- 4. npm packages (in tools/, apart from the project's own node_modules). Skipped when node_modules was installed from this exact lockfile.
#   npm_config_unsafe_perm=true  code-server's postinstall refuses to run as root without it
#   npm_config_yes=true          node-pty's postinstall runs `npx node-gyp`; ~/.npmrc may say yes=false
export npm_config_unsafe_perm=true npm_config_yes=true npm_config_audit=false npm_config_fund=false
cd "$PROJ/tools"
STAMP="$PROJ/tools/node_modules/.e2e-setup-stamp"
if [ -f package-lock.json ]; then
  want="$(sha256sum package-lock.json | cut -d' ' -f1) node-$(node -v)"
  if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] \
     && [ -f node_modules/code-server/lib/vscode/out/server-main.js ]; then
    log "node_modules up to date"
  else
    log "npm ci (code-server postinstall builds native modules; ~1 min)"
    npm ci --no-audit --no-fund
    echo "$want" > "$STAMP"
  fi
else
  log "npm install (no lockfile yet)"
  npm install --no-audit --no-fund
  echo "$(sha256sum package-lock.json | cut -d' ' -f1) node-$(node -v)" > "$STAMP"
fi

# --- 5. Sanity checks.
test -x /usr/bin/chromium
test -f node_modules/code-server/lib/vscode/out/server-main.js
node -e 'require("mocha")'
log "done: $(/usr/bin/chromium --version 2>/dev/null), code-server $(node -p 'require("code-server/package.json").version')"
