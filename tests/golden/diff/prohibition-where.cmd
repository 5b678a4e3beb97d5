diff tests/golden/diff/data/prohibition-literal.docket tests/golden/diff/data/prohibition-where.docket
