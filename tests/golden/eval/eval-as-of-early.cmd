eval policies/examples/sample.docket tests/golden/eval/data/cases.csv --as-of 2025-01-15 --format json
