#!/bin/sh
# formats.sh — the machine-readable outputs: JUnit XML, the JSON reports and
# SARIF, checked exactly on a fixture and against their schemas.
#
#   sh tests/formats.sh build/docket-san
#
# 1. `docket test --format junit` on tests/formats/{visits,broken}.docket
#    must equal tests/formats/visits.junit.xml (times replaced by T) and
#    validate against tests/formats/junit.xsd (xmllint, libxml2-utils).
# 2. `docket test --format json` on the same files must equal
#    tests/formats/visits.test.json (durations replaced by 0).
# 3. Real outputs of every JSON-writing command must validate against their
#    schemas in docs/schemas/ (tests/validate-json.py, python3-jsonschema).
# UPDATE=1 rewrites the expected files of 1 and 2.
if [ $# -ne 1 ]; then
    echo "usage: sh tests/formats.sh DOCKET-BINARY" >&2
    exit 2
fi
docket=$1
case $docket in
    /*) ;;
    *) docket=$(pwd)/$docket ;;
esac
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
NO_COLOR=1
export NO_COLOR
tmp=${TMPDIR:-/tmp}/docket-formats.$$
mkdir -p "$tmp" || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
fx=tests/formats

# expect NAME EXPECTED ACTUAL: compare, or rewrite under UPDATE=1.
expect() {
    if [ -n "$UPDATE" ]; then
        cp "$3" "$2"
        echo "updated $2"
    elif ! cmp -s "$2" "$3"; then
        echo "FAIL $1: output differs from $2"
        diff -u "$2" "$3" | head -40
        fail=1
    fi
}

"$docket" test --format junit --filter visit $fx/visits.docket $fx/broken.docket >"$tmp/junit.xml" 2>/dev/null
rc=$?
[ $rc -eq 1 ] || { echo "FAIL test --format junit: exit status $rc, expected 1"; fail=1; }
sed 's/time="[0-9.]*"/time="T"/g' "$tmp/junit.xml" >"$tmp/junit.norm"
expect "test --format junit" $fx/visits.junit.xml "$tmp/junit.norm"
if ! xmllint --noout --schema $fx/junit.xsd "$tmp/junit.xml" 2>"$tmp/xmllint.err"; then
    echo "FAIL test --format junit does not validate against $fx/junit.xsd:"
    cat "$tmp/xmllint.err"
    fail=1
fi

"$docket" test --format json --filter visit $fx/visits.docket $fx/broken.docket >"$tmp/test.json" 2>"$tmp/test.err"
sed 's/"duration": [0-9.]*/"duration": 0/g' "$tmp/test.json" >"$tmp/test.norm"
expect "test --format json" $fx/visits.test.json "$tmp/test.norm"
sed 's/"duration": [0-9.]*/"duration": 0/g' "$tmp/test.err" >"$tmp/test.err.norm"
expect "test --format json (diagnostics)" $fx/visits.test-diagnostics.json "$tmp/test.err.norm"

# Real outputs against the schemas. ONE command per line: SCHEMA ARGS...
s=docs/schemas
n=0
while read -r schema args; do
    [ -n "$schema" ] || continue
    n=$((n + 1))
    case $schema in
        diagnostics-stderr)
            schema=diagnostics
            # shellcheck disable=SC2086
            "$docket" $args 2>"$tmp/$n.json" >/dev/null ;;
        *)
            # shellcheck disable=SC2086
            "$docket" $args >"$tmp/$n.json" 2>/dev/null ;;
    esac
    if [ ! -s "$tmp/$n.json" ]; then
        echo "FAIL docket $args: no output to validate"
        fail=1
        continue
    fi
    set -- "$@" "$s/$schema.schema.json:$tmp/$n.json"
    echo "$s/$schema.schema.json $tmp/$n.json" >>"$tmp/pairs"
done <<EOF_CMDS
diagnostics check --format json tests/golden/check/bad-three-mistakes.docket
diagnostics check --format json policies/examples/sample.docket
diagnostics check --format json --warnings-as-errors tests/golden/check/warn-only.docket
diagnostics-stderr eval --diagnostics json policies/examples/sample.docket tests/golden/eval/data/bad.csv --as-of 2025-04-01
diagnostics-stderr test --format json tests/formats/broken.docket
eval eval --format json policies/examples/sample.docket policies/examples/sample-caseload.csv --as-of 2025-11-03
eval eval --format json policies/islington/supervision_orders.docket policies/islington/examples/caseload.csv --as-of 2025-11-03
diff diff --format json tests/golden/diff/data/sample.docket tests/golden/diff/data/deadline-tightened.docket
diff diff --format json tests/golden/diff/data/sample.docket tests/golden/diff/data/other-authority.docket --events policies/examples/sample-caseload.csv --as-of 2025-11-03
test test --format json policies/examples/sample-tests.docket
test test --format json --coverage policies/examples/sample-tests.docket policies/lincolnshire/cp_plans_and_isos.docket
test test --format json tests/formats/visits.docket tests/formats/broken.docket
sarif check --format sarif tests/golden/check/bad-three-mistakes.docket
sarif check --format sarif policies/examples/sample.docket
EOF_CMDS
while read -r schema file; do
    python3 tests/validate-json.py "$schema" "$file" || fail=1
done <"$tmp/pairs"
echo "formats: JUnit (xmllint against $fx/junit.xsd) and JSON reports exact; $n real outputs checked against docs/schemas/"
exit $fail
