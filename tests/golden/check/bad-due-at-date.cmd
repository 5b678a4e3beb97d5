check tests/golden/check/bad-due-at-date.docket
