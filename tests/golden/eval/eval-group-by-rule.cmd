eval policies/examples/sample.docket tests/golden/eval/data/cases.csv --as-of 2025-04-01 --group-by rule --role social_worker
