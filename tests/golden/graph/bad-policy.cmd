graph tests/golden/graph/data/bad-policy.docket
