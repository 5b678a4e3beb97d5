doc --coverage tests/golden/doc/data/partial.docket
