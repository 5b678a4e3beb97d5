diff tests/golden/diff/data/length-literal.docket tests/golden/diff/data/length-from-data.docket
