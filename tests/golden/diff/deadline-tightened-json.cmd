diff tests/golden/diff/data/sample.docket tests/golden/diff/data/deadline-tightened.docket --format json
