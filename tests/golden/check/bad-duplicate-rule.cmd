check tests/golden/check/bad-duplicate-rule.docket
