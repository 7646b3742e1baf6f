#!/usr/bin/env bash
# npm run test:cold: the CI run from nothing. Clones HEAD (committed work only) into a temp folder,
# points MULTUS_NAD_CACHE at a new empty folder, and runs `CI=true bash .ci/run` there: npm ci,
# then npm test, which provisions every tool into that cache (Node 24, code-server, the VS Code
# tools, kube-apiserver built from source) and prints the time of each step and suite; as root the
# default root /var/cache/multus-nad is hidden behind the same empty folder. Debian
# packages are machine-wide and stay installed (the provisioning scripts check and install them).
# The temp folder is removed after a green run and kept (its path printed) after a red one.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d "${TMPDIR:-/tmp}/multus-nad-cold.XXXXXX")
commit=$(git rev-parse HEAD)
git clone -q --no-checkout --no-hardlinks . "$work/multus-nad"
git -C "$work/multus-nad" checkout -q "$commit"
# The corpus tests read ../shared next to the clone, as in this checkout.
[ -d ../shared ] && ln -s "$(cd ../shared && pwd)" "$work/shared"
mkdir "$work/cache"
echo "test:cold: $commit in $work/multus-nad, MULTUS_NAD_CACHE=$work/cache"
started=$(date +%s)
status=0
run_ci() { (cd "$work/multus-nad" && env MULTUS_NAD_CACHE="$work/cache" CI=true bash .ci/run); }
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
  # As root, the default cache root is hidden too: in a private mount namespace the empty cache is
  # bound over /var/cache/multus-nad, so code that ignored MULTUS_NAD_CACHE and read the default
  # would find nothing here instead of this machine's warm cache (as a test once did).
  mkdir -p /var/cache/multus-nad
  export -f run_ci
  export work
  unshare --mount --propagation private bash -c \
    'mount --bind "$work/cache" /var/cache/multus-nad && run_ci' || status=$?
else
  run_ci || status=$?
fi
echo "=== test:cold total: $(($(date +%s) - started)) s (exit $status)"
if [ $status -eq 0 ]; then rm -rf "$work"; else echo "test:cold: kept $work"; fi
exit $status
