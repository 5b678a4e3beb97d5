eval tests/golden/eval/data/durations.docket tests/golden/eval/data/durations.csv --as-of 2025-04-10
