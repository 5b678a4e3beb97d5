eval policies/examples/sample.docket tests/golden/eval/data/range-after.csv --as-of 2036-03-01 --format json --status overdue
