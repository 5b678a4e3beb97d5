check tests/golden/check/bad-syntax-impossible-date.docket
