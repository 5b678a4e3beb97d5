graph tests/golden/graph/data/edge-kinds.docket
