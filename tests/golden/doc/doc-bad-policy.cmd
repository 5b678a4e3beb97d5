doc tests/golden/doc/data/bad-quotes.docket
