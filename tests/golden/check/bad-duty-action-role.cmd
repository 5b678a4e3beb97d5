check tests/golden/check/bad-duty-action-role.docket
