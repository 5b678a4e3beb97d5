check tests/golden/check/bad-missing-source.docket
