eval policies/examples/sample.docket tests/golden/eval/data/cases.csv --group-by role --format json
