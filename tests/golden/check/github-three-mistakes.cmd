check --format github tests/golden/check/bad-three-mistakes.docket
