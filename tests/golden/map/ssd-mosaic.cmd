map policies/mappings/ssd.docket tests/ssd/extract --set cms=mosaic --set so_default_months=6
