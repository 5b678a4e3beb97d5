doc policies/examples/sample.docket
