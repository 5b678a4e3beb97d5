#!/bin/sh
# check-architecture.sh — docs/architecture.md names every source file, so
# the map stays true as files are added.
#
#   sh tests/check-architecture.sh [ROOT]      check the tree at ROOT (default: the repository)
#   sh tests/check-architecture.sh --self-test check that a missing file is caught
#
# Every .c, .h, .l and .y file under lang/ and interpreter/ must appear in
# docs/architecture.md by its path from the root (`lang/units.c`), or with
# its stem and a brace list of endings that contains its own
# (`lang/units.{c,h}`). Each file missing is printed and the exit status is 1.

if [ "$1" = --self-test ]; then
    t=${TMPDIR:-/tmp}/docket-arch.$$
    trap 'rm -rf "$t"' EXIT INT TERM
    mkdir -p "$t/lang" "$t/interpreter/time" "$t/docs"
    : > "$t/lang/units.c"; : > "$t/lang/units.h"; : > "$t/lang/lexer.l"; : > "$t/interpreter/time/duration.c"
    printf '`lang/units.{c,h}` and `lang/lexer.l`, `interpreter/time/duration.c`\n' > "$t/docs/architecture.md"
    sh "$0" "$t" > "$t/out" 2>&1 || { echo "check-architecture self-test: a complete map was refused:"; cat "$t/out"; exit 1; }
    : > "$t/interpreter/time/duration.h"; : > "$t/lang/words.c"
    sh "$0" "$t" > "$t/out" 2>&1 && { echo "check-architecture self-test: missing files were not caught"; exit 1; }
    for want in "interpreter/time/duration.h" "lang/words.c"; do
        grep -q "^docs/architecture.md does not name $want\$" "$t/out" ||
            { echo "check-architecture self-test: \"$want\" not reported in:"; cat "$t/out"; exit 1; }
    done
    echo "check-architecture self-test: 2 files missing from the map caught, a complete map passes"
    exit 0
fi

root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root" || exit 2
doc=docs/architecture.md
[ -f "$doc" ] || { echo "check-architecture: $doc is missing"; exit 1; }
missing=0
for f in $(find lang interpreter -type f \( -name '*.c' -o -name '*.h' -o -name '*.l' -o -name '*.y' \) | sort); do
    grep -qF "$f" "$doc" && continue
    stem=${f%.*}
    ext=${f##*.}
    grep -q "$stem\.{[a-z,]*\b$ext\b[a-z,]*}" "$doc" && continue
    echo "$doc does not name $f"
    missing=$((missing + 1))
done
if [ "$missing" -gt 0 ]; then
    echo "$missing source file(s) missing from $doc: say what each is for"
    exit 1
fi
