check tests/golden/check/bad-type-date-int.docket
