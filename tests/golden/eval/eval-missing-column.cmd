eval policies/examples/sample.docket tests/golden/eval/data/nodate.csv --as-of 2025-04-01
