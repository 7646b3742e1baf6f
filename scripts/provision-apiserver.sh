#!/usr/bin/env bash
# Provisions a real Kubernetes control plane for test/kube: kube-apiserver, kube-controller-manager and
# kube-scheduler built once from Debian's `kubernetes` source package (the only place a server can come from on
# this project's machines: no container runtime, only the Debian and npm registries), plus Debian's etcd.
#
# The binaries are cached OUTSIDE the clone, keyed by the source package version, so a machine that built them
# before skips the ~6 minute build. Idempotent; concurrent runs wait on a lock. Prints the bin directory last.
#
#   scripts/provision-apiserver.sh            build if needed, print the bin directory
#   MULTUS_NAD_CACHE=/some/dir ...            cache root (default /var/cache/multus-nad)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/provision.sh

# Debian bookworm's package: upstream v1.20.2 (the "+really" version), with only kubectl patches on top.
DEB_VERSION=1.20.5+really1.20.2-1.1+deb12u1
UPSTREAM_VERSION=v1.20.2
TARGET=$MULTUS_NAD_CACHE/k8s-$UPSTREAM_VERSION
BIN=$TARGET/bin
COMPONENTS=(kube-apiserver kube-controller-manager kube-scheduler)
REFLECT2=/usr/share/gocode/src/github.com/modern-go/reflect2

log() { echo "provision-apiserver: $*" >&2; }

cache_is_complete() {
  [ -f "$TARGET/VERSION" ] && [ "$(cat "$TARGET/VERSION")" = "$DEB_VERSION" ] || return 1
  for c in "${COMPONENTS[@]}"; do [ -x "$BIN/$c" ] || return 1; done
}

build() {
  local work=$TARGET.build
  rm -rf "$work"
  mkdir -p "$work/apt/lists/partial" "$work/apt/cache/archives/partial" "$work/apt/sources" "$work/home"

  # A private apt configuration that only knows a deb-src entry for the mirror this machine already uses;
  # the system's apt configuration is not touched.
  local mirror
  mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$mirror" ] || mirror=$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list)
  cat >"$work/apt/sources/src.sources" <<EOF
Types: deb-src
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  cat >"$work/apt/apt.conf" <<EOF
Dir::Etc::SourceList "/dev/null";
Dir::Etc::SourceParts "$work/apt/sources";
Dir::State::Lists "$work/apt/lists";
Dir::Cache "$work/apt/cache";
APT::Sandbox::User "root";
EOF
  log "fetching the kubernetes $DEB_VERSION source package from $mirror"
  (
    cd "$work"
    export APT_CONFIG=$work/apt/apt.conf
    apt-get update -q >/dev/null
    apt-get source -q --download-only "kubernetes=$DEB_VERSION" >/dev/null
  )
  local orig
  orig=$(ls "$work"/kubernetes_*.orig.tar.gz)
  tar -C "$work" -xzf "$orig"
  local src
  src=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'kubernetes-*' | head -1)

  # The vendored modern-go/reflect2 v1.0.1 crashes the apiserver under Go >= 1.18 on the first custom
  # resource write (fault in runtime.mapiternext); Debian ships the fixed 1.0.2.
  rm -rf "$src/vendor/github.com/modern-go/reflect2"
  cp -r "$REFLECT2" "$src/vendor/github.com/modern-go/reflect2"

  log "building ${COMPONENTS[*]} (several minutes)"
  local whats=()
  for c in "${COMPONENTS[@]}"; do whats+=("cmd/$c"); done
  # k8s 1.20 builds in GOPATH mode through its own make targets, which also generate the OpenAPI code.
  (
    cd "$src"
    unset GOPATH GOFLAGS GO111MODULE GOROOT
    env PATH="/usr/lib/go-1.19/bin:$PATH" HOME="$work/home" KUBE_GIT_VERSION=$UPSTREAM_VERSION \
      KUBE_GIT_TREE_STATE=clean KUBE_BUILD_PLATFORMS=linux/amd64 CGO_ENABLED=0 \
      nice make WHAT="${whats[*]}" >"$work/build.log" 2>&1
  ) || {
    tail -30 "$work/build.log" >&2
    log "build failed; full log in $work/build.log"
    exit 1
  }

  rm -rf "$BIN"
  mkdir -p "$BIN"
  for c in "${COMPONENTS[@]}"; do install -m 0755 "$src/_output/bin/$c" "$BIN/$c"; done
  "$BIN/kube-apiserver" --version | grep -q "$UPSTREAM_VERSION"
  echo "$DEB_VERSION" >"$TARGET/VERSION"
  rm -rf "$work"
}

# What the tests run (etcd, openssl for the test PKI) is checked on every run; what the build needs
# only when a build happens.
ensure_tools provision-apiserver etcd:etcd-server openssl:openssl
mkdir -p "$MULTUS_NAD_CACHE"
exec 9>"$MULTUS_NAD_CACHE/.k8s-$UPSTREAM_VERSION.lock"
flock 9
if cache_is_complete; then
  log "cached: $BIN"
else
  ensure_tools provision-apiserver /usr/lib/go-1.19/bin/go:golang-1.19-go rsync:rsync make:make \
    "$REFLECT2:golang-github-modern-go-reflect2-dev" /etc/ssl/certs/ca-certificates.crt:ca-certificates
  started=$(date +%s)
  build
  log "built in $(($(date +%s) - started)) s: $BIN"
fi
echo "$BIN"
