check --format json tests/golden/check/bad-three-mistakes.docket
