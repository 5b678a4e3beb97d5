map policies/mappings/ssd.docket tests/ssd/extract
