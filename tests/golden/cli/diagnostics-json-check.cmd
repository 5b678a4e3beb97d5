check --diagnostics json tests/golden/check/bad-three-mistakes.docket
