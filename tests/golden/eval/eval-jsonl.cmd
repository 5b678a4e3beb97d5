eval policies/examples/sample.docket tests/golden/eval/data/cases.jsonl --as-of 2025-04-01 --format json
