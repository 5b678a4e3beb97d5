eval policies/islington/supervision_orders.docket policies/islington/examples/caseload.csv --as-of 2025-11-03 --status overdue --group-by role
