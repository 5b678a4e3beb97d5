eval policies/examples/sample.docket
