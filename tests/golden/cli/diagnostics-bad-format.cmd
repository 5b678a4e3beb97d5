check --diagnostics yaml policies/examples/sample.docket
