check policies/examples/sample.docket
