eval policies/examples/sample.docket tests/golden/eval/data/cases.csv --set cms=mosaic
