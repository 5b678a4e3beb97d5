check tests/golden/check/bad-syntax-stray-string.docket
