#!/bin/sh
# make valgrind: the unit tests (built without sanitizers) and the main
# commands on the shipped policies, under valgrind's memcheck. Any error or
# leak fails the run. Usage: tests/valgrind.sh DOCKET UNIT-TEST-BINARY...
docket=$1
shift
vg="valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible"
passed=0
failed=0
run() {
    if $vg "$@" >/dev/null 2>/tmp/docket-vg.$$; then
        passed=$((passed + 1))
    else
        status=$?
        if [ "$status" -eq 99 ] || grep -q "==[0-9]*==" /tmp/docket-vg.$$; then
            failed=$((failed + 1))
            echo "FAIL (valgrind): $*"
            cat /tmp/docket-vg.$$
        else
            passed=$((passed + 1))   # the command's own non-zero exit is not a memory error
        fi
    fi
}
for t in "$@"; do
    run "$t"
done
policies=$(find policies -name '*.docket' | sort)
run "$docket" check $policies
run "$docket" fmt --check $policies
run "$docket" test $policies
run "$docket" test --coverage --mutants policies/examples/sample-tests.docket
run "$docket" eval policies/examples/sample.docket policies/examples/sample-caseload.csv --as-of 2025-11-03 --explain
run "$docket" eval policies/examples/sample.docket policies/examples/sample-caseload.csv --as-of 2025-11-03 --format json
run "$docket" doc policies/examples/sample.docket --format html
run "$docket" graph policies/examples/sample.docket
run "$docket" date 2025-04-10 + 15 working days
for d in policies/lincolnshire policies/islington; do
    for p in "$d"/*.docket; do
        [ -f "$p" ] || continue
        for c in "$d"/examples/*.csv; do
            [ -f "$c" ] && run "$docket" eval "$p" "$c" --as-of 2025-11-03
        done
    done
done
rm -f /tmp/docket-vg.$$
echo "valgrind: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
