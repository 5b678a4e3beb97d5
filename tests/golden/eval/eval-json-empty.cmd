eval policies/examples/sample.docket tests/golden/eval/data/cases.csv --as-of 2025-04-01 --case C-003 --status late --format json
