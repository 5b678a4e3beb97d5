map policies/mappings/ssd.docket tests/ssd/extract --set so_default_month=6
