map policies/mappings/ssd.docket
