# Helpers for scripts/test-all.sh: a failing step or suite is remembered, not fatal, so one run
# reports every failure; the counts of node's test runner are added up for the closing line.
# Each step and suite prints "=== <name>: <N> s" when it ends, and `finish` prints all the times.
# With CI=true a suite that ran nothing (no passing test, or node's runner skipped some) fails.
PASSED=0
FAILED=0
BROKEN=()
TIMES=()

# Remembers how long NAME took since STARTED (seconds since the epoch) and prints it.
timed() {
  local name=$1 started=$2
  local seconds=$(($(date +%s) - started))
  TIMES+=("$(printf '%6d s  %s' "$seconds" "$name")")
  echo "=== $name: $seconds s"
}

step() {
  local name=$1 started
  shift
  started=$(date +%s)
  echo "=== $name: $*"
  if ! "$@"; then BROKEN+=("$name"); fi
  timed "$name" "$started"
}

# A suite that ran nothing fails a CI run, naming why (the skip reasons node printed).
ran_nothing() {
  local name=$1 pass=$2 skipped=$3 log=$4
  [ "${CI:-}" = true ] || return 1
  [ "${pass:-0}" -gt 0 ] && [ "${skipped:-0}" -eq 0 ] && return 1
  echo "=== $name: ran nothing or skipped tests under CI=true (pass ${pass:-0}, skipped ${skipped:-0}):"
  grep -E '^ *﹣' "$log" | sed 's/^ */    /' | head -20
  return 0
}

# suite NAME DIR... : runs node's test runner over the built test files in DIRs, with $SUITE_NODE
# (default: the `node` in PATH). The files are listed, because Node 20 takes folders and Node 22+
# takes only files or globs.
suite() {
  local name=$1 started log files
  shift
  started=$(date +%s)
  log=$(mktemp)
  mapfile -t files < <(find "$@" -name '*.test.js' | sort)
  echo "=== suite: $name"
  "${SUITE_NODE:-node}" --test --test-reporter=spec "${files[@]}" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  local pass fail skipped
  pass=$(grep -E '^ℹ pass [0-9]+' "$log" | tail -1 | awk '{print $3}')
  fail=$(grep -E '^ℹ fail [0-9]+' "$log" | tail -1 | awk '{print $3}')
  # Node's spec reporter marks a skipped test or describe with "﹣" (a skipped describe is not
  # in its "skipped" count).
  skipped=$(grep -cE '^ *﹣' "$log")
  PASSED=$((PASSED + ${pass:-0}))
  FAILED=$((FAILED + ${fail:-0}))
  if [ "$status" -ne 0 ] || [ -z "$pass" ] || ran_nothing "$name" "$pass" "$skipped" "$log"; then
    BROKEN+=("$name")
  fi
  rm -f "$log"
  timed "$name" "$started"
}

# counted NAME COMMAND... : runs a suite whose own runner ends with a line "... N passed, N failed"
# (the VS Code end-to-end suites, which run mocha inside VS Code and Playwright outside it).
counted() {
  local name=$1 started log
  shift
  started=$(date +%s)
  log=$(mktemp)
  echo "=== suite: $name"
  "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  local counts pass
  counts=$(grep -oE '[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  pass=$(echo "${counts:-0 passed}" | awk '{print $1}')
  PASSED=$((PASSED + pass))
  FAILED=$((FAILED + $(echo "${counts:-0 passed, 1 failed}" | awk '{print $3}')))
  if [ "$status" -ne 0 ] || [ -z "$counts" ] || ran_nothing "$name" "$pass" 0 "$log"; then BROKEN+=("$name"); fi
  rm -f "$log"
  timed "$name" "$started"
}

finish() {
  echo
  echo "time per step and suite:"
  printf '%s\n' "${TIMES[@]}"
  if [ ${#BROKEN[@]} -gt 0 ]; then echo "failed steps: ${BROKEN[*]}"; fi
  echo "all suites: $PASSED passed, $FAILED failed"
  [ ${#BROKEN[@]} -eq 0 ] && [ "$FAILED" -eq 0 ]
}
