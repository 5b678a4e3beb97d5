eval tests/golden/eval/data/forbid-where.docket tests/golden/eval/data/forbid-where.csv --as-of 2025-05-01 --explain --case F-2
