#!/bin/sh
# completion.sh — the bash completion offers what docket has.
#
#   sh tests/completion.sh build/docket
#
# With editors/completion/docket.bash sourced into bash (and DOCKET on PATH
# as `docket`), completing `docket ` must offer every command of
# `docket --help`, `docket check --format ` the formats check documents,
# `docket test --` its options, `docket help ` the commands and `codes`.
# The zsh script is checked with `zsh -n` when zsh is installed.
if [ $# -ne 1 ]; then
    echo "usage: sh tests/completion.sh DOCKET-BINARY" >&2
    exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
docket=$1
case $docket in /*) ;; *) docket=$root/$docket ;; esac
cd "$root" || exit 2
tmp=${TMPDIR:-/tmp}/docket-completion.$$
mkdir -p "$tmp/bin" || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
ln -s "$docket" "$tmp/bin/docket"
fail=0

if ! command -v bash >/dev/null 2>&1; then
    echo "completion: bash is not installed; skipped"
    exit 0
fi
# complete LINE...: the words bash offers after the words of LINE (the last
# word, possibly empty, is the one being completed).
cat >"$tmp/run.bash" <<'EOF_BASH'
. editors/completion/docket.bash
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
_docket
printf '%s\n' "${COMPREPLY[@]}" | sort
EOF_BASH
offer() {
    PATH="$tmp/bin:$PATH" bash "$tmp/run.bash" "$@"
}
expect() {
    want=$1
    shift
    got=$(offer "$@" | tr '\n' ' ')
    if [ "$got" != "$want" ]; then
        echo "FAIL completing 'docket $*': offered '$got', expected '$want'"
        fail=1
    fi
}
cmds=$("$docket" --help | sed -n 's/^  \([a-z][a-z]*\)  *.*/\1/p' | sort | tr '\n' ' ')
expect "$(printf '%s\n' $cmds --help --version -V | sort | tr '\n' ' ')" docket ""
expect "check " docket ch
expect "github json sarif text " docket check --format ""
expect "json junit text " docket test --format ""
expect "json text " docket eval --diagnostics ""
expect "--coverage --coverage-min --diagnostics --filter --format --help --jobs --mutants " docket test --
expect "$(printf '%s\n' $cmds codes | sort | tr '\n' ' ')" docket help ""
expect "tests/lsp/roles.docket " docket check tests/lsp/ro
if command -v zsh >/dev/null 2>&1; then
    zsh -n editors/completion/_docket || { echo "FAIL editors/completion/_docket: zsh syntax error"; fail=1; }
    zsh_note="zsh script parses"
else
    zsh_note="zsh not installed: _docket not checked"
fi
echo "completion: bash offers the commands, options and values docket documents; $zsh_note"
exit $fail
