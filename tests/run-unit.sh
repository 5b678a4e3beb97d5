#!/bin/sh
# run-unit.sh — run each cmocka unit test binary given as an argument.
#
#   sh tests/run-unit.sh build/san/tests/test_lang build/san/tests/test_table ...
#
# Prints each binary's output, then one line "N passed, N failed" summing the
# test counts cmocka reports ("[  PASSED  ] N test(s)." and
# "[  FAILED  ] N test(s)"). Exits 1 when any binary fails a test or exits
# non-zero; a sanitizer finding aborts the binary, so it counts as a failure
# even if cmocka never printed its summary.

passed=0
failed=0
status=0
tmp=${TMPDIR:-/tmp}/docket-unit.$$
trap 'rm -f "$tmp"' EXIT INT TERM

for bin in "$@"; do
    echo "== $bin"
    if [ ! -x "$bin" ]; then
        echo "run-unit: $bin: not an executable"
        failed=$((failed + 1))
        status=1
        continue
    fi
    "$bin" >"$tmp" 2>&1
    rc=$?
    cat "$tmp"
    p=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test.*/\1/p' "$tmp" | tail -n 1)
    f=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test.*/\1/p' "$tmp" | tail -n 1)
    p=${p:-0}
    f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        # Crashed, aborted by a sanitizer, or failed outside a test: count
        # the binary itself as one failure.
        echo "run-unit: $bin exited with status $rc"
        f=1
    fi
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ]; then
        status=1
    fi
done

echo "$passed passed, $failed failed"
exit $status
