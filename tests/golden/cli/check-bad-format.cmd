check --format yaml policies/examples/sample.docket
