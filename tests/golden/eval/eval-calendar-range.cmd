eval policies/examples/sample.docket tests/golden/eval/data/range.csv --as-of 2036-03-01
