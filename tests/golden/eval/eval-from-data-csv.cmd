eval policies/examples/sample.docket tests/golden/eval/data/from-data.csv --as-of 2025-11-03 --format csv
