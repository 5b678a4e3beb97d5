check tests/golden/check/ok-clean.docket
