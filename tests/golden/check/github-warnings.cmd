check --format github tests/golden/check/warn-only.docket policies/examples/sample.docket
