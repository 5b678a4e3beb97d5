graph --format svg policies/examples/sample.docket
