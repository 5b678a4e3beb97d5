diff tests/golden/diff/data/sample.docket tests/golden/diff/data/wording-changed.docket
