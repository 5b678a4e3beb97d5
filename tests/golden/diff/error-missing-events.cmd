diff tests/golden/diff/data/sample.docket tests/golden/diff/data/rule-added.docket --events tests/golden/diff/data/missing.csv
