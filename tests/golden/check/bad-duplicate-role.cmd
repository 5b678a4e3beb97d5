check tests/golden/check/bad-duplicate-role.docket
