check tests/golden/check/bad-no-trigger.docket
