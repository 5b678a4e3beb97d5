eval policies/examples/sample.docket tests/golden/eval/data/cases.csv --format html --horizon soon
