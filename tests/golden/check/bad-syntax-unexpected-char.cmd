check tests/golden/check/bad-syntax-unexpected-char.docket
