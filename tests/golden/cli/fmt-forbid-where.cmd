fmt tests/golden/cli/fmt-forbid-where.docket
