#!/usr/bin/env bash
# Provisions the CNI oracle (test/oracle): Debian's reference plugins (containernetworking-plugins,
# v1.1.1 in bookworm) in /usr/lib/cni, `ip` for the namespaces, and what the plugins themselves
# run: `nft` (bridge's macspoofchk) and `iptables` (portmap, firewall, bridge's ipMasq).
# `ping` decides reachability in the connectivity oracle.
# Idempotent: installs only what is missing. Needs root to install (CI runs as root); without it
# and with something missing it fails with one line naming the packages.
#   provision-cni-oracle.sh            install what is missing
#   provision-cni-oracle.sh --check    only check (the oracle tests call this at run time)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/provision.sh

# Every plugin an oracle test runs (test/oracle/*.test.ts, and the corpus NADs' types).
PLUGINS=(bandwidth bridge dhcp firewall host-device host-local ipvlan macvlan portmap ptp sbr static tuning vlan vrf)
TOOLS=(ip:iproute2 nft:nftables iptables:iptables ping:iputils-ping)
for p in "${PLUGINS[@]}"; do TOOLS+=("/usr/lib/cni/$p:containernetworking-plugins"); done

ensure_tools provision-cni-oracle "$@" "${TOOLS[@]}"
