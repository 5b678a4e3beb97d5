eval tests/golden/eval/data/durations.docket tests/golden/eval/data/durations-too-long.csv --as-of 2025-04-01
