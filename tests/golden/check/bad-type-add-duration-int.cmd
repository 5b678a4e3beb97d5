check tests/golden/check/bad-type-add-duration-int.docket
