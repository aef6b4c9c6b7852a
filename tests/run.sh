#!/bin/sh
# Run every test binary of a build directory; print each suite's cmocka
# output and a closing line "tests: N passed, M failed".
set -u
B=${1:-build}
RELUREF_BIN="$B/reluref"
export RELUREF_BIN
passed=0
failed=0
for t in "$B"/tests/t-*; do
    [ -x "$t" ] || continue
    out=$("$t" 2>&1)
    rc=$?
    printf '%s\n' "$out"
    p=$(printf '%s\n' "$out" | grep -o '\[  PASSED  \] [0-9]* test' | grep -o '[0-9]*')
    f=$(printf '%s\n' "$out" | grep -o '\[  FAILED  \] [0-9]* test' | grep -o '[0-9]*')
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
    if [ "$rc" -ne 0 ] && [ -z "$f" ]; then
        echo "$t: exited with status $rc"
        failed=$((failed + 1))
    fi
done
echo "test run in $B"
echo "tests: $passed passed, $failed failed"
echo "$passed $failed" > "$B/test-counts"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
