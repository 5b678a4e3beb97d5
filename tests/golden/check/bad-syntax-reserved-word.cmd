check tests/golden/check/bad-syntax-reserved-word.docket
