eval policies/islington/supervision_orders.docket tests/ssd/extract --mapping policies/mappings/ssd.docket --as-of 2025-11-03 --format json --case 1001
