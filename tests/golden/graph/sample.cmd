graph policies/examples/sample.docket
