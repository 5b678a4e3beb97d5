#!/bin/sh
# render-graphs.sh — draw every policy as docs/graphs/NAME.svg.
#
#   sh tests/render-graphs.sh [DOCKET-BINARY]     (default build/docket)
#
# Every file policies/*/*.docket with a `policy` header (not the shared
# vocabulary, which has none) is drawn with `docket graph` and rendered
# with Graphviz `dot -Tsvg` into docs/graphs/NAME.svg, NAME being the file
# name without .docket (DIR-NAME when two policies share a file name).
# Without `dot` it says so and renders nothing (exit 0): Graphviz is not a
# build or test dependency. Exit 1 when some policy could not be drawn.

docket=${1:-build/docket}
case $docket in
    /*) ;;
    *) docket=$(pwd)/$docket ;;
esac
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2

if ! command -v dot >/dev/null 2>&1; then
    echo "render-graphs: Graphviz 'dot' not found; nothing rendered (apt-get install graphviz)"
    exit 0
fi
if [ ! -x "$docket" ]; then
    echo "render-graphs: $docket not found; run make first" >&2
    exit 2
fi

out=docs/graphs
mkdir -p "$out" || exit 2
tmp=${TMPDIR:-/tmp}/docket-graph.$$
trap 'rm -f "$tmp.dot" "$tmp.svg" "$tmp.list"' EXIT INT TERM

for f in policies/*/*.docket; do
    [ -f "$f" ] || continue
    grep -q '^[[:space:]]*policy[[:space:]]' "$f" && echo "$f"
done | LC_ALL=C sort >"$tmp.list"

status=0
count=0
# shellcheck disable=SC2094 # the list is only read
while IFS= read -r f; do
    name=$(basename "$f" .docket)
    # Two policies with one file name: prefix each with its directory.
    same=$(grep -c "/$name\.docket\$" "$tmp.list")
    if [ "$same" -gt 1 ]; then
        name=$(basename "$(dirname "$f")")-$name
    fi
    if ! "$docket" graph "$f" >"$tmp.dot"; then
        echo "render-graphs: FAILED $f (docket graph)" >&2
        status=1
        continue
    fi
    if ! dot -Tsvg "$tmp.dot" -o "$tmp.svg"; then
        echo "render-graphs: FAILED $f (dot)" >&2
        status=1
        continue
    fi
    mv "$tmp.svg" "$out/$name.svg" || { status=1; continue; }
    echo "rendered $f -> $out/$name.svg"
    count=$((count + 1))
done <"$tmp.list"

echo "render-graphs: $count graph(s) in $out/"
exit $status
