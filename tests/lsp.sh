#!/bin/sh
# lsp.sh — the language server, driven by a scripted client over a pipe.
#
#   sh tests/lsp.sh build/docket-san build/frames
#
# 1. tests/lsp/session.txt (one JSON-RPC message a line) is framed by
#    build/frames (tests/lsp/frames.c), piped into `docket lsp`, and every
#    answer and notification must equal tests/lsp/session.expected, in
#    order; the server must exit 0 (shutdown, then exit).
# 2. The completion answer offers every keyword of the scanner (lang/lexer.l).
# 3. Robustness: the framed session cut short at 60 points, and byte soup,
#    must never crash the server (exit 0 or 1 under ASan and UBSan).
# UPDATE=1 rewrites session.expected.
if [ $# -ne 2 ]; then
    echo "usage: sh tests/lsp.sh DOCKET-BINARY FRAMES-BINARY" >&2
    exit 2
fi
docket=$1
frames=$2
root=$(cd "$(dirname "$0")/.." && pwd)
case $docket in /*) ;; *) docket=$root/$docket ;; esac
case $frames in /*) ;; *) frames=$root/$frames ;; esac
cd "$root" || exit 2
tmp=${TMPDIR:-/tmp}/docket-lsp.$$
mkdir -p "$tmp" || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0

sed "s|@ROOT@|$root|g" tests/lsp/session.txt | "$frames" wrap >"$tmp/framed" || exit 1
"$docket" lsp <"$tmp/framed" >"$tmp/answers"
rc=$?
[ $rc -eq 0 ] || { echo "FAIL docket lsp: exit status $rc after shutdown and exit, expected 0"; fail=1; }
if ! "$frames" unwrap <"$tmp/answers" >"$tmp/lines"; then
    echo "FAIL docket lsp: an answer is not a well-formed frame"
    fail=1
fi
sed "s|$root|@ROOT@|g" "$tmp/lines" >"$tmp/got"
if [ -n "$UPDATE" ]; then
    cp "$tmp/got" tests/lsp/session.expected
    echo "updated tests/lsp/session.expected"
elif ! cmp -s tests/lsp/session.expected "$tmp/got"; then
    echo "FAIL docket lsp: answers differ from tests/lsp/session.expected"
    diff -u tests/lsp/session.expected "$tmp/got" | cut -c1-300 | head -40
    fail=1
fi
nanswers=$(wc -l <"$tmp/got")

sed -n 's/^"\([a-z][a-z]*\)"[ \t]*\(DECL\|return KW_\).*/\1/p' lang/lexer.l | sort >"$tmp/kw.lexer"
grep '"id":18,' "$tmp/got" | grep -o '"label":"[a-z]*","kind":14' | sed 's/"label":"\([a-z]*\)".*/\1/' | sort >"$tmp/kw.lsp"
if ! cmp -s "$tmp/kw.lexer" "$tmp/kw.lsp"; then
    echo "FAIL completion keywords differ from lang/lexer.l (< lexer, > server):"
    diff "$tmp/kw.lexer" "$tmp/kw.lsp" | grep '^[<>]'
    fail=1
fi

# A sanitizer finding (a leak too) exits 86, apart from the server's 0 and 1.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=86"
export ASAN_OPTIONS UBSAN_OPTIONS
size=$(wc -c <"$tmp/framed")
cuts=0
i=1
while [ $i -le 60 ]; do
    n=$((size * i / 61))
    head -c "$n" "$tmp/framed" >"$tmp/cut"
    "$docket" lsp <"$tmp/cut" >/dev/null 2>"$tmp/cut.err"
    rc=$?
    if [ $rc -gt 1 ]; then
        echo "FAIL docket lsp crashed (exit $rc) on the session cut at byte $n:"
        head -20 "$tmp/cut.err"
        fail=1
    fi
    cuts=$((cuts + 1))
    i=$((i + 1))
done
for soup in tests/lsp/visits.docket lang/lexer.l "$tmp/framed"; do
    # Frames around garbage: a policy as a body, a header that never ends,
    # a body shorter than announced.
    { printf 'Content-Length: 40\r\n\r\n'; head -c 4000 "$soup"; } >"$tmp/soup1"
    { printf 'Content-Length: 12\r\nContent-Length: x\r\n'; tr '\n' ' ' <"$soup" | head -c 3000; } >"$tmp/soup2"
    { printf 'Content-Length: -3\r\n\r\nContent-Length: 2\r\n\r\n{}'; cat "$soup"; } >"$tmp/soup3"
    for s in "$tmp/soup1" "$tmp/soup2" "$tmp/soup3"; do
        "$docket" lsp <"$s" >/dev/null 2>"$tmp/soup.err"
        rc=$?
        if [ $rc -gt 1 ]; then
            echo "FAIL docket lsp crashed (exit $rc) on malformed input built from $soup:"
            head -20 "$tmp/soup.err"
            fail=1
        fi
        cuts=$((cuts + 1))
    done
done
echo "lsp: $nanswers answers as expected; keywords complete; $cuts truncated or malformed streams, no crash"
exit $fail
