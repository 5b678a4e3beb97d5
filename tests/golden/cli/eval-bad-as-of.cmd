eval policies/examples/sample.docket policies/examples/sample-caseload.csv --as-of 2025-02-30
