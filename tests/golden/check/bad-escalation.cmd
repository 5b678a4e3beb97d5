check tests/golden/check/bad-escalation.docket
