diff tests/golden/diff/data/sample.docket tests/golden/diff/data/exception-added.docket
