diff tests/golden/diff/data/sample.docket
