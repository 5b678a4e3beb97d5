check tests/golden/check/bad-schedule-order.docket
