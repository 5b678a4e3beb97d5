#!/bin/sh
# ci-docs.sh — the CI jobs of docs/ci.md are valid YAML and their docket
# commands work on the shipped policies.
#
#   sh tests/ci-docs.sh build/docket-san
if [ $# -ne 1 ]; then
    echo "usage: sh tests/ci-docs.sh DOCKET-BINARY" >&2
    exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
docket=$1
case $docket in /*) ;; *) docket=$root/$docket ;; esac
cd "$root" || exit 2
tmp=${TMPDIR:-/tmp}/docket-ci.$$
mkdir -p "$tmp" || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
if python3 -c 'import yaml' 2>/dev/null; then
    python3 - docs/ci.md <<'EOF_PY' || fail=1
import re, sys, yaml
text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
assert len(blocks) == 2, f"expected 2 YAML blocks, found {len(blocks)}"
gh, gl = (yaml.safe_load(b) for b in blocks)
steps = gh["jobs"]["docket"]["steps"]
assert any("upload-sarif" in s.get("uses", "") for s in steps), "no SARIF upload"
assert gl["docket-test"]["artifacts"]["reports"]["junit"] == "docket-junit.xml", "no JUnit report"
EOF_PY
    yaml_note="YAML parses"
else
    yaml_note="python3-yaml not installed: YAML not parsed"
fi
P="policies/islington/supervision_orders.docket policies/lincolnshire/cp_plans_and_isos.docket"
# The commands of the jobs, as written there.
# shellcheck disable=SC2086
"$docket" check --format github $P >"$tmp/gh" || { echo "FAIL docket check --format github"; fail=1; }
# shellcheck disable=SC2086
"$docket" check --format sarif $P >"$tmp/sarif" || { echo "FAIL docket check --format sarif"; fail=1; }
# shellcheck disable=SC2086
"$docket" test --format junit $P >"$tmp/junit.xml" || { echo "FAIL docket test --format junit"; fail=1; }
xmllint --noout --schema tests/formats/junit.xsd "$tmp/junit.xml" 2>/dev/null || { echo "FAIL the CI JUnit report does not validate"; fail=1; }
p=policies/examples/sample.docket
git show HEAD:$p 2>/dev/null >"$tmp/old.docket" || cp $p "$tmp/old.docket"
"$docket" diff --format markdown --old-name $p - $p <"$tmp/old.docket" >"$tmp/diff.md"
rc=$?
[ $rc -le 1 ] || { echo "FAIL docket diff --format markdown: exit status $rc"; fail=1; }
echo "ci docs: $yaml_note; the jobs' check, test and diff commands run"
exit $fail
