test tests/golden/check/ok-empty-calendar.docket
