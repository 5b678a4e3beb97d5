check tests/golden/check/warn-no-calendar.docket
