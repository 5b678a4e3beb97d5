check tests/golden/check/bad-three-mistakes.docket
