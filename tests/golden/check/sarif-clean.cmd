check --format sarif policies/examples/sample.docket
