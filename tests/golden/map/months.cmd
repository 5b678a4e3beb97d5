map tests/golden/map/data/months.docket tests/golden/map/data/months-extract
