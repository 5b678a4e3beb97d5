check policies/mappings/ssd.docket
