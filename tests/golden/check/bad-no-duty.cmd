check tests/golden/check/bad-no-duty.docket
