eval policies/examples/sample.docket tests/golden/eval/data/dmy.csv --dates mdy
