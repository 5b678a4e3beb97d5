check tests/golden/check/bad-unknown-role.docket
