graph policies/examples/sample.docket tests/golden/graph/data/edge-kinds.docket
