check tests/golden/check/bad-deadline-without-due.docket
