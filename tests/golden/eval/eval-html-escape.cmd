eval policies/examples/sample.docket tests/golden/eval/data/markup-case.csv --as-of 2025-02-01 --format html
