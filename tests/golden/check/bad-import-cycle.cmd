check tests/golden/check/bad-import-cycle.docket
