date 2025-04-10 + 15 working days
