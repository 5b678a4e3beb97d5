diff tests/golden/diff/data/sample.docket tests/golden/diff/data/sample.docket --as-of 2025-11-03
