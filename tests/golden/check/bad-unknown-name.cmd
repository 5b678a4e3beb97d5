check tests/golden/check/bad-unknown-name.docket
