doc --coverage policies/examples/sample.docket
