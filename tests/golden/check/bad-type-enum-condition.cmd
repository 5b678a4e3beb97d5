check tests/golden/check/bad-type-enum-condition.docket
