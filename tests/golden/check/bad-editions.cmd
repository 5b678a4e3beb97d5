check tests/golden/check/bad-editions.docket
