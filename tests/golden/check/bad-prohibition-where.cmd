check tests/golden/check/bad-prohibition-where.docket
