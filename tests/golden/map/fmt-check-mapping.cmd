fmt policies/mappings/ssd.docket --check
