date --between 2025-01-06 2025-01-27
