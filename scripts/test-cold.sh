#!/usr/bin/env bash
# npm run test:cold: the CI run from nothing. Clones HEAD (committed work only) into a temp folder,
# points MULTUS_NAD_CACHE at a new empty folder, and runs `CI=true bash .ci/run` there: npm ci,
# then npm test, which provisions every tool into that cache (Node 24, code-server, the VS Code
# tools, kube-apiserver built from source) and prints the time of each step and suite. Debian
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
(cd "$work/multus-nad" && env MULTUS_NAD_CACHE="$work/cache" CI=true bash .ci/run) || status=$?
echo "=== test:cold total: $(($(date +%s) - started)) s (exit $status)"
if [ $status -eq 0 ]; then rm -rf "$work"; else echo "test:cold: kept $work"; fi
exit $status
