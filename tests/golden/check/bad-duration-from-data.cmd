check tests/golden/check/bad-duration-from-data.docket
