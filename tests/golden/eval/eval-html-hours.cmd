eval policies/examples/sample.docket tests/golden/eval/data/hours-clock-changes.csv --as-of 2025-11-03 --status met,late --format html
