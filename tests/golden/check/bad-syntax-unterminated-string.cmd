check tests/golden/check/bad-syntax-unterminated-string.docket
