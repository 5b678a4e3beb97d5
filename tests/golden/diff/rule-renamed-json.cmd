diff tests/golden/diff/data/sample.docket tests/golden/diff/data/rule-renamed.docket --format json
