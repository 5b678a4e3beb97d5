check tests/golden/check/bad-data-duration-places.docket
