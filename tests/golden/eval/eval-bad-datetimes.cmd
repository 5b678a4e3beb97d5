eval policies/examples/sample.docket tests/golden/eval/data/bad-datetimes.csv --as-of 2025-03-01
