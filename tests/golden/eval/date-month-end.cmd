date 2024-01-31 + 1 month
