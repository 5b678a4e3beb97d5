diff tests/golden/diff/data/frequency-literal.docket tests/golden/diff/data/frequency-from-plan.docket
