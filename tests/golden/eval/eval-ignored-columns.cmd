eval policies/examples/sample.docket tests/golden/eval/data/ignored-columns.csv --as-of 2025-02-01 --status met
