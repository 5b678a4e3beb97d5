date 2025-05-31 - 3 months
