#!/bin/sh
# check-includes.sh — the include graph follows the pipeline (docs/architecture.md):
#   - nothing under lang/ includes a header under interpreter/;
#   - nothing outside interpreter/cli/ includes a header under interpreter/cli/.
#
#   sh tests/check-includes.sh [ROOT]      check the tree at ROOT (default: the repository)
#   sh tests/check-includes.sh --self-test check that a violation is caught
#
# Every `#include "..."` line of every .c, .h, .l and .y file under lang/,
# interpreter/, tests/ and tools/ is read. A name is looked for as the
# compiler does: in the including file's folder, then from the root (-I.); a
# name found in neither is a generated header (build/gen) and is not
# checked. Each
# violation is printed as FILE:LINE: ... and the exit status is 1.

if [ "$1" = --self-test ]; then
    t=${TMPDIR:-/tmp}/docket-includes.$$
    trap 'rm -rf "$t"' EXIT INT TERM
    mkdir -p "$t/lang" "$t/interpreter/cli" "$t/tests"
    : > "$t/interpreter/eval.h"
    : > "$t/interpreter/cli/cli.h"
    : > "$t/lang/ast.h"
    printf '#include "ast.h"\n#include "lang/ast.h"\n#include "parser.h"\n' > "$t/lang/ok.c"
    printf '#include "cli.h"\n#include "interpreter/eval.h"\n' > "$t/interpreter/cli/main.c"
    if ! sh "$0" "$t" > "$t/out" 2>&1; then
        echo "check-includes self-test: a clean tree was refused:"; cat "$t/out"; exit 1
    fi
    printf '#include <stdio.h>\n#include "ast.h"\n#include "interpreter/eval.h"\n' > "$t/lang/bad.c"
    printf '#include "lang/ast.h"\n#include "cli/cli.h"\n' > "$t/interpreter/run.c"
    printf '#include "interpreter/cli/cli.h"\n' > "$t/tests/test_x.c"
    printf '#include "../interpreter/eval.h"\n' > "$t/lang/sneaky.h"
    sh "$0" "$t" > "$t/out" 2>&1 && { echo "check-includes self-test: violations were not caught"; exit 1; }
    for want in "lang/bad.c:3: lang/ includes interpreter/eval.h" \
                "interpreter/run.c:2: only interpreter/cli/ may include interpreter/cli/cli.h" \
                "tests/test_x.c:1: only interpreter/cli/ may include interpreter/cli/cli.h" \
                "lang/sneaky.h:1: lang/ includes interpreter/eval.h"; do
        grep -qF "$want" "$t/out" || { echo "check-includes self-test: missing \"$want\" in:"; cat "$t/out"; exit 1; }
    done
    echo "check-includes self-test: 4 violations caught, a clean tree passes"
    exit 0
fi

root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root" || exit 2
files=$(find lang interpreter tests tools -type f \( -name '*.c' -o -name '*.h' -o -name '*.l' -o -name '*.y' \) \
        2>/dev/null | sort)
[ -n "$files" ] || { echo "check-includes: no source files under $root"; exit 2; }
# shellcheck disable=SC2086
awk '
    FNR == 1 { dir = FILENAME; sub(/\/[^\/]*$/, "", dir) }
    /^[ \t]*#[ \t]*include[ \t]*"/ {
        name = $0
        sub(/^[^"]*"/, "", name); sub(/".*$/, "", name)
        path = ""
        if (exists(dir "/" name)) path = dir "/" name
        else if (exists(name)) path = name
        if (path == "") next
        gsub(/\/\.\//, "/", path)
        while (sub(/[^\/]+\/\.\.\//, "", path)) ;
        if (FILENAME ~ /^lang\// && path ~ /^interpreter\//) {
            printf "%s:%d: lang/ includes %s: lang/ must never include interpreter/\n", FILENAME, FNR, path
            bad++
        }
        if (FILENAME !~ /^interpreter\/cli\// && path ~ /^interpreter\/cli\//) {
            printf "%s:%d: only interpreter/cli/ may include %s\n", FILENAME, FNR, path
            bad++
        }
    }
    function exists(p,    line, r) {
        if (p in seen) return seen[p]
        r = (getline line < p) >= 0
        close(p)
        seen[p] = r
        return r
    }
    END {
        if (bad) { printf "%d include(s) against the pipeline (docs/architecture.md)\n", bad; exit 1 }
    }
' $files
