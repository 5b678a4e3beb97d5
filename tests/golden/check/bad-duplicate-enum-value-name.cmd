check tests/golden/check/bad-duplicate-enum-value-name.docket
