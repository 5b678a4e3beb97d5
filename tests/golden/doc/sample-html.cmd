doc policies/examples/sample.docket --format html
