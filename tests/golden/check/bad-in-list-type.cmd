check tests/golden/check/bad-in-list-type.docket
