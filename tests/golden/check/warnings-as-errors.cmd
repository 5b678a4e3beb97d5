check --warnings-as-errors tests/golden/check/warn-only.docket
