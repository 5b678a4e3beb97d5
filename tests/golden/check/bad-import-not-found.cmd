check tests/golden/check/bad-import-not-found.docket
