#!/bin/sh
# driver-test.sh — tools/git-docket-diff in a real git repository.
#
#   sh tests/git/driver-test.sh DOCKET
#
# Builds a small repository in a temporary directory (the example policy,
# its imported roles, its guidance and the holiday calendar), commits a new
# edition of the guidance together with the policy's changed `says`
# quotation and deadline, and checks what the driver shows through git:
#   - `git diff HEAD~1 HEAD` and `git log -p --ext-diff` show the change by
#     meaning, although the old policy's quotation is not in the new guidance
#     (each version is checked against its own revision's document);
#   - `git diff` of an uncommitted edit compares the index with the working
#     tree;
#   - a changed import (the roles file) shows in the importing policy's diff
#     at each revision, and the display name is the path, not a temporary file;
#   - a new file is announced, and git goes on after a diff that differs.
# Prints one line per check; exits 1 when any failed.

if [ $# -ne 1 ]; then
    echo "usage: sh tests/git/driver-test.sh DOCKET" >&2
    exit 2
fi
root=$(cd "$(dirname "$0")/../.." && pwd)
case $1 in
    /*) docket=$1 ;;
    *) docket=$root/$1 ;;
esac
driver=$root/tools/git-docket-diff
tmp=$(mktemp -d "${TMPDIR:-/tmp}/docket-git-test.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0

# check WHAT FILE PATTERN: FILE has a line matching PATTERN (grep -E).
check() {
    if grep -Eq -- "$3" "$2"; then
        passed=$((passed + 1))
        echo "ok   $1"
    else
        failed=$((failed + 1))
        echo "FAIL $1: no line matching '$3' in:"
        sed 's/^/    /' "$2"
    fi
}
# check_not WHAT FILE PATTERN: no line of FILE matches PATTERN.
check_not() {
    if grep -Eq -- "$3" "$2"; then
        failed=$((failed + 1))
        echo "FAIL $1: a line matches '$3' in:"
        sed 's/^/    /' "$2"
    else
        passed=$((passed + 1))
        echo "ok   $1"
    fi
}

repo=$tmp/repo
mkdir -p "$repo/policies/examples" "$repo/policies/calendars"
cp "$root/policies/examples/sample.docket" "$root/policies/examples/sample-roles.docket" \
   "$root/policies/examples/sample-guidance.txt" "$root/policies/examples/sample-guidance-2024.txt" \
   "$repo/policies/examples/"
cp "$root/policies/calendars/england_and_wales.csv" "$repo/policies/calendars/"
cd "$repo" || exit 2
git init -q . && git config user.email test@example.invalid && git config user.name "Docket test" &&
    git config diff.docket.command "$driver" && echo '*.docket diff=docket' > .gitattributes &&
    git add -A && git commit -q -m "first edition" || { echo "FAIL cannot make the repository"; exit 1; }
export DOCKET="$docket"

# A new edition: the guidance and the quotation say 10 working days, not 15.
sed -i 's/convened within 15 working days$/convened within 10 working days/' policies/examples/sample-guidance.txt
sed -i 's/within 15 working days of the supervision order being made/within 10 working days of the supervision order being made/' \
    policies/examples/sample.docket
sed -i '0,/due within 15 working days of order/s//due within 10 working days of order/' policies/examples/sample.docket
git commit -q -am "second edition of the guidance: 10 working days"

git diff HEAD~1 HEAD > "$tmp/out1" 2>&1
echo "exit $?" >> "$tmp/out1"
check "a new edition of guidance and quotes diffs cleanly" "$tmp/out1" \
    'deadline: within 15 working days of order → within 10 working days of order \(stricter by 5 working days\)'
check "the quotation change is shown" "$tmp/out1" 'quoted text changed'
check "git diff succeeds" "$tmp/out1" '^exit 0$'
check_not "no 'does not check'" "$tmp/out1" 'does not check|external diff died'
check "the report names the path, not a temporary file" "$tmp/out1" \
    '^docket diff policies/examples/sample.docket → policies/examples/sample.docket$'

git log -p --ext-diff --format='commit %s' > "$tmp/out2" 2>&1
echo "exit $?" >> "$tmp/out2"
check "git log -p --ext-diff goes through every commit" "$tmp/out2" '^commit first edition$'
check "git log -p --ext-diff shows the new edition" "$tmp/out2" 'stricter by 5 working days'
check "git log -p --ext-diff announces the new file" "$tmp/out2" 'is a new policy file'
check "git log succeeds" "$tmp/out2" '^exit 0$'

# A change to the imported roles file, committed: the policy's own diff at
# that commit is unchanged, but the roles file's diff shows it by meaning.
sed -i 's/role manager "Manager"/role manager "Team manager"/' policies/examples/sample-roles.docket
git commit -q -am "manager renamed"
git show --ext-diff --format= HEAD > "$tmp/out3" 2>&1
check "an import's change is shown by meaning" "$tmp/out3" 'role manager|Team manager'

# Uncommitted: the index against the working tree.
sed -i 's/within 5 working days of meeting/within 3 working days of meeting/' policies/examples/sample.docket
git diff > "$tmp/out4" 2>&1
echo "exit $?" >> "$tmp/out4"
check "git diff of the working tree" "$tmp/out4" \
    'deadline: within 5 working days of meeting → within 3 working days of meeting \(stricter by 2 working days\)'
check "git diff of the working tree succeeds" "$tmp/out4" '^exit 0$'

echo "git driver: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
