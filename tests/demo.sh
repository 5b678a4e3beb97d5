#!/bin/sh
# make demo: check the shipped policies, then evaluate the shipped synthetic
# caseloads and print the reports. Usage: tests/demo.sh path/to/docket
set -e
docket=${1:-build/docket}
as_of=2025-11-03
echo "== docket check policies/examples/sample.docket"
"$docket" check policies/examples/sample.docket
echo
echo "== docket eval policies/examples/sample.docket policies/examples/sample-caseload.csv --as-of $as_of"
"$docket" eval policies/examples/sample.docket policies/examples/sample-caseload.csv --as-of "$as_of"
for dir in policies/lincolnshire policies/islington; do
  [ -d "$dir" ] || continue
  for policy in "$dir"/*.docket; do
    [ -f "$policy" ] || continue
    for cases in "$dir"/examples/*.csv; do
      [ -f "$cases" ] || continue
      echo
      echo "== docket eval $policy $cases --as-of $as_of --status late,overdue,breached"
      echo "   (the obligations that need attention; drop --status for the full report)"
      "$docket" eval "$policy" "$cases" --as-of "$as_of" --status late,overdue,breached
    done
  done
done

# An SSD extract (synthetic: tests/ssd/gen-extract.sh) evaluated against the
# Lincolnshire policy through the SSD mapping, as docs/data.md shows.
echo
echo "== docket eval policies/lincolnshire/cp_plans_and_isos.docket tests/ssd/extract --mapping policies/mappings/ssd.docket --as-of $as_of --status late,overdue,breached"
echo "   (a Standard Safeguarding Dataset extract, mapped and evaluated in one step)"
"$docket" eval policies/lincolnshire/cp_plans_and_isos.docket tests/ssd/extract \
  --mapping policies/mappings/ssd.docket --as-of "$as_of" --status late,overdue,breached
