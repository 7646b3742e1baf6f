# Shared by scripts/provision-*.sh: the one cache root, and the tools the suites run, each checked
# by the executable (or file) a suite calls and installed from its Debian package when missing.
# A script that cannot provide a tool fails with ONE line naming the Debian package(s).

# Everything provisioned outside the clone lives under this root (npm run test:cold empties it).
MULTUS_NAD_CACHE=${MULTUS_NAD_CACHE:-/var/cache/multus-nad}
export MULTUS_NAD_CACHE
# Several CI steps and helpers may run apt at once; by default apt fails at once on a held lock.
APT_GET=(apt-get -q -o DPkg::Lock::Timeout=600)

# missing_packages WHAT:PACKAGE... : the Debian packages, one per line, of the WHATs not present.
# WHAT is a command (checked with command -v) or an absolute path (a plugin binary, a header).
missing_packages() {
  local entry what package
  for entry in "$@"; do
    what=${entry%%:*}
    package=${entry#*:}
    if [[ $what == /* ]]; then [ -e "$what" ] && continue; else command -v "$what" >/dev/null 2>&1 && continue; fi
    echo "$package"
  done | sort -u
}

# The one line a script or a suite prints when tools are missing: what and from which package.
describe_missing() {
  local entry what package names=()
  for entry in "$@"; do
    what=${entry%%:*}
    package=${entry#*:}
    if [[ $what == /* ]]; then [ -e "$what" ] && continue; else command -v "$what" >/dev/null 2>&1 && continue; fi
    names+=("$what (Debian $package)")
  done
  local joined
  joined=$(printf '%s, ' "${names[@]}")
  echo "${joined%, }"
}

# ensure_tools SCRIPT [--check] WHAT:PACKAGE... : installs the packages of missing tools (root),
# else exits 1 with one line. --check only reports (the suites call it at run time).
ensure_tools() {
  local script=$1 check=no
  shift
  if [ "${1:-}" = --check ]; then
    check=yes
    shift
  fi
  local packages
  mapfile -t packages < <(missing_packages "$@")
  [ ${#packages[@]} -eq 0 ] && return 0
  local what
  what=$(describe_missing "$@")
  if [ $check = yes ]; then
    echo "$script: missing $what: run bash scripts/$script.sh as root (apt-get install ${packages[*]})" >&2
    exit 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "$script: missing $what and not root: apt-get install ${packages[*]}" >&2
    exit 1
  fi
  echo "$script: apt-get install ${packages[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  # The package index is refreshed once, when a package is unknown to it (a new machine).
  if ! "${APT_GET[@]}" install -y --no-install-recommends "${packages[@]}" >/dev/null 2>&1; then
    "${APT_GET[@]}" update >/dev/null
    "${APT_GET[@]}" install -y --no-install-recommends "${packages[@]}" >/dev/null
  fi
  mapfile -t packages < <(missing_packages "$@")
  if [ ${#packages[@]} -ne 0 ]; then
    echo "$script: still missing $(describe_missing "$@") after apt-get install ${packages[*]}" >&2
    exit 1
  fi
}
