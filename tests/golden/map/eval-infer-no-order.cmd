eval policies/lincolnshire/cp_plans_and_isos.docket tests/ssd/extract --mapping policies/mappings/ssd.docket --as-of 2025-11-03 --set infer_no_order=true --case 1005
