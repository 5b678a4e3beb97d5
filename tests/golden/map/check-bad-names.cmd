check tests/golden/map/data/bad-names.docket
