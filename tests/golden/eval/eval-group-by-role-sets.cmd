eval tests/golden/eval/data/roles-attention.docket tests/golden/eval/data/roles-attention.csv --as-of 2025-01-25 --group-by role
