check tests/golden/check/bad-unknown-attribute.docket
