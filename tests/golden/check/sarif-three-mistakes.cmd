check --format sarif tests/golden/check/bad-three-mistakes.docket
