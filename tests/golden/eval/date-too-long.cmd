date 2025-01-06 + 101 years
