eval policies/examples/sample.docket tests/golden/eval/data/from-data-places.csv --as-of 2025-06-01
