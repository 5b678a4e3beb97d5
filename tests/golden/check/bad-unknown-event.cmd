check tests/golden/check/bad-unknown-event.docket
