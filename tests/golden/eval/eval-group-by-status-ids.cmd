eval policies/examples/sample.docket tests/golden/eval/data/cases.csv --as-of 2025-04-01 --ids --group-by status --horizon 30
