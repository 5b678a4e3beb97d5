chek policies/examples/sample.docket
