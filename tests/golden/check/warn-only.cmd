check tests/golden/check/warn-only.docket
