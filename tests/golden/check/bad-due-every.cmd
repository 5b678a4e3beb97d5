check tests/golden/check/bad-due-every.docket
