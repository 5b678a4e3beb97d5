#!/usr/bin/env python3
"""validate-json.py SCHEMA FILE... — check JSON documents against a JSON Schema.

Each FILE holds one JSON document. Prints one line per file that does not
validate (with the first error's path) and exits 1 if any failed. Uses the
jsonschema package (Debian: python3-jsonschema, installed by `make deps`).
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    sys.exit("validate-json.py: the jsonschema module is missing; run: sudo apt-get install python3-jsonschema")


def main(argv):
    if len(argv) < 3:
        sys.exit("usage: validate-json.py SCHEMA FILE...")
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)
    bad = 0
    for path in argv[2:]:
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except ValueError as e:
            print(f"FAIL {path}: not JSON: {e}")
            bad += 1
            continue
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        if errors:
            e = errors[0]
            where = "/".join(str(p) for p in e.path) or "(top)"
            print(f"FAIL {path}: {where}: {e.message} ({len(errors)} errors) against {argv[1]}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
