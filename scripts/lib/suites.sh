# Helpers for scripts/test-all.sh: a failing step or suite is remembered, not fatal, so one run
# reports every failure; the counts of node's test runner are added up for the closing line.
PASSED=0
FAILED=0
BROKEN=()

step() {
  local name=$1
  shift
  echo "=== $name: $*"
  if ! "$@"; then BROKEN+=("$name"); fi
}

# suite NAME DIR... : runs node's test runner over the built test files in DIRs.
suite() {
  local name=$1
  shift
  local log
  log=$(mktemp)
  echo "=== suite: $name"
  node --test --test-reporter=spec "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  local pass fail
  pass=$(grep -E '^ℹ pass [0-9]+' "$log" | tail -1 | awk '{print $3}')
  fail=$(grep -E '^ℹ fail [0-9]+' "$log" | tail -1 | awk '{print $3}')
  PASSED=$((PASSED + ${pass:-0}))
  FAILED=$((FAILED + ${fail:-0}))
  if [ "$status" -ne 0 ] || [ -z "$pass" ]; then BROKEN+=("$name"); fi
  rm -f "$log"
}

# counted NAME COMMAND... : runs a suite whose own runner ends with a line "... N passed, N failed"
# (the VS Code end-to-end suites, which run mocha inside VS Code and Playwright outside it).
counted() {
  local name=$1
  shift
  local log
  log=$(mktemp)
  echo "=== suite: $name"
  "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  local counts
  counts=$(grep -oE '[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  PASSED=$((PASSED + $(echo "${counts:-0 passed}" | awk '{print $1}')))
  FAILED=$((FAILED + $(echo "${counts:-0 passed, 1 failed}" | awk '{print $3}')))
  if [ "$status" -ne 0 ] || [ -z "$counts" ]; then BROKEN+=("$name"); fi
  rm -f "$log"
}

finish() {
  echo
  if [ ${#BROKEN[@]} -gt 0 ]; then echo "failed steps: ${BROKEN[*]}"; fi
  echo "all suites: $PASSED passed, $FAILED failed"
  [ ${#BROKEN[@]} -eq 0 ] && [ "$FAILED" -eq 0 ]
}
