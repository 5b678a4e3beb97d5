check tests/golden/map/data/bad-syntax.docket
