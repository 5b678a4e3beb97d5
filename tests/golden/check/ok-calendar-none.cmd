check tests/golden/check/ok-calendar-none.docket
