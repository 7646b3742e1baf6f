#!/usr/bin/env bash
# Provisions the CNI oracle (test/oracle): Debian's reference plugins (containernetworking-plugins,
<<<<<<< HEAD
# v1.1.1 in bookworm) in /usr/lib/cni, iproute2 and ping (iputils-ping, the connectivity oracle). Idempotent: installs only what is missing; the
# package index is refreshed once if a package is unknown. Needs root (CI runs as root).
set -euo pipefail
PACKAGES=(containernetworking-plugins iproute2 iputils-ping)
missing=()
for p in "${PACKAGES[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "provision-cni-oracle: missing ${missing[*]} and not root; the oracle tests will be skipped" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
=======
# v1.1.1 in bookworm) in /usr/lib/cni, `ip` for the namespaces, and what the plugins themselves
# run: `nft` (bridge's macspoofchk) and `iptables` (portmap, firewall, bridge's ipMasq).
# Idempotent: installs only what is missing. Needs root to install (CI runs as root); without it
# and with something missing it fails with one line naming the packages.
#   provision-cni-oracle.sh            install what is missing
#   provision-cni-oracle.sh --check    only check (the oracle tests call this at run time)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/provision.sh

# Every plugin an oracle test runs (test/oracle/*.test.ts, and the corpus NADs' types).
PLUGINS=(bandwidth bridge dhcp firewall host-device host-local ipvlan macvlan portmap ptp sbr static tuning vlan vrf)
TOOLS=(ip:iproute2 nft:nftables iptables:iptables)
for p in "${PLUGINS[@]}"; do TOOLS+=("/usr/lib/cni/$p:containernetworking-plugins"); done

ensure_tools provision-cni-oracle "$@" "${TOOLS[@]}"
>>>>>>> main
