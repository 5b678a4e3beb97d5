eval policies/examples/sample.docket policies/examples/sample-caseload.csv --as-of 2025-11-03 --format csv --case S-002
