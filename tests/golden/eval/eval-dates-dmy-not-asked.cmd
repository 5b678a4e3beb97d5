eval policies/examples/sample.docket tests/golden/eval/data/dmy.csv --as-of 2025-03-01 --null NULL
