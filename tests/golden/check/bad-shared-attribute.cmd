check tests/golden/check/bad-shared-attribute.docket
