check tests/golden/check/bad-or-near-misses.docket
