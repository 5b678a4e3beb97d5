date 2025-01-06 + 100 years
