graph tests/golden/graph/data/missing.docket
