doc --format pdf policies/examples/sample.docket
