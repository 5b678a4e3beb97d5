eval --format json policies/examples/sample.docket tests/golden/eval/data/bad.csv --as-of 2025-04-01
