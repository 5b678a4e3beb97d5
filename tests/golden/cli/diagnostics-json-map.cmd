map --diagnostics json tests/golden/map/data/bad-extract.docket tests/golden/map/data/bad-extract
