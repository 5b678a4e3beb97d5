eval policies/examples/sample.docket tests/golden/eval/data/easter.csv --as-of 2025-06-01 --explain
