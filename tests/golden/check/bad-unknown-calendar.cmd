check tests/golden/check/bad-unknown-calendar.docket
