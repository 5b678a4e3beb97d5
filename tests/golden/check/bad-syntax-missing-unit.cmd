check tests/golden/check/bad-syntax-missing-unit.docket
