eval policies/examples/sample.docket tests/golden/eval/data/cases.csv --as-of 2025-04-01 --format html --horizon 30
