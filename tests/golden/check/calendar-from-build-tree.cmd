check tests/golden/check/calendar-from-build-tree.docket
