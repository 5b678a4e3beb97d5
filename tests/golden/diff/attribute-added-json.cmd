diff tests/golden/diff/data/sample.docket tests/golden/diff/data/attribute-added.docket --format json
