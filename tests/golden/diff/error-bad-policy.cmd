diff tests/golden/diff/data/sample.docket tests/golden/diff/data/bad-unknown-role.docket
