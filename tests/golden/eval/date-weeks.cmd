date 2025-01-06 + 8 weeks
