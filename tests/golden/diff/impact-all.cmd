diff tests/golden/diff/data/sample.docket tests/golden/diff/data/deadline-tightened.docket --events policies/examples/sample-caseload.csv --as-of 2025-11-03 --all
