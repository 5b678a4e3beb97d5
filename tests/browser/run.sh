#!/bin/sh
# run.sh — the browser test of `docket eval --format html`.
#
#   sh tests/browser/run.sh DOCKET [OUTDIR]
#
# Runs tests/browser/report-test.mjs (Node.js, no npm packages) with headless
# Chromium on every shipped caseload, and leaves the screenshots in OUTDIR
# (default build/browser). Chromium is $CHROMIUM, else /usr/bin/chromium,
# else `chromium` on the PATH; it is never downloaded. When Chromium or
# Node.js is missing the test is skipped, saying so plainly, and the status
# is 0 (`.ci/run` installs Chromium, so CI always runs it); set
# DOCKET_BROWSER_REQUIRED=1 to make a missing browser a failure.

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: sh tests/browser/run.sh DOCKET [OUTDIR]" >&2
    exit 2
fi
docket=$1
outdir=${2:-build/browser}
chromium=${CHROMIUM:-}
if [ -z "$chromium" ]; then
    if [ -x /usr/bin/chromium ]; then
        chromium=/usr/bin/chromium
    else
        chromium=$(command -v chromium 2>/dev/null)
    fi
fi
missing=""
[ -n "$chromium" ] && [ -x "$chromium" ] || missing="chromium (apt-get install chromium)"
command -v node >/dev/null 2>&1 || missing="${missing:+$missing and }Node.js"
if [ -n "$missing" ]; then
    echo "== browser test of the HTML report: SKIPPED, no $missing"
    [ -z "$DOCKET_BROWSER_REQUIRED" ] || exit 1
    exit 0
fi
echo "== browser test of the HTML report ($chromium; screenshots in $outdir)"
log=${TMPDIR:-/tmp}/docket-browser.$$
trap 'rm -f "$log"' EXIT INT TERM
if node "$(dirname "$0")/report-test.mjs" "$docket" "$chromium" "$outdir" > "$log" 2>&1; then
    tail -n 1 "$log"
else
    cat "$log"
    exit 1
fi
