#!/bin/sh
# vim-check.sh — editors/vim/syntax/docket.vim names every keyword of the
# scanner (lang/lexer.l) and every unit word (lang/units.c); with vim
# installed, the syntax file loads on a shipped policy without an error and
# highlights a keyword, a string, a date and a comment.
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
fail=0
syn=editors/vim/syntax/docket.vim
words=$(sed -n 's/^"\([a-z][a-z]*\)"[ \t]*\(DECL\|return KW_\).*/\1/p' lang/lexer.l;
        sed -n 's/.*{DUR_[A-Z_]*, "\([a-z ]*\)", "\([a-z ]*\)".*/\1 \2/p' lang/units.c | tr ' ' '\n')
n=0
for w in $words; do
    n=$((n + 1))
    grep '^syn keyword' "$syn" | grep -qw -- "$w" || { echo "FAIL $syn: no syn keyword for '$w'"; fail=1; }
done
if command -v vim >/dev/null 2>&1; then
    tmp=${TMPDIR:-/tmp}/docket-vim.$$
    trap 'rm -f "$tmp"' EXIT INT TERM
    # Line 3 of sample.docket is `policy example...`; line 4 holds a string;
    # line 7 a date; line 1 a comment.
    vim -u NONE -i NONE -N -es \
        -c 'set rtp^=editors/vim' -c 'filetype on' -c 'syntax on' \
        -c 'e policies/examples/sample.docket' \
        -c "call writefile([&filetype, synIDattr(synID(3,1,1),'name'), synIDattr(synID(4,10,1),'name'), synIDattr(synID(7,10,1),'name'), synIDattr(synID(1,3,1),'name')], '$tmp')" \
        -c 'qa!' </dev/null >/dev/null 2>&1
    got=$(tr '\n' ' ' <"$tmp" 2>/dev/null)
    want="docket docketDeclaration docketString docketDate docketComment "
    [ "$got" = "$want" ] || { echo "FAIL vim highlights sample.docket as '$got', expected '$want'"; fail=1; }
    note="vim highlights a policy"
else
    note="vim not installed: not loaded"
fi
echo "vim: $n keywords and unit words in $syn; $note"
exit $fail
