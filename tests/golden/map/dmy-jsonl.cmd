map tests/golden/map/data/dmy.docket tests/golden/map/data/dmy-extract --format jsonl
