diff tests/golden/diff/data/editions-old.docket tests/golden/diff/data/editions-new.docket --format json
