#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Validate LAVA job definitions and test definitions against LAVA's own
schemas, from Debian's lava-common package (the code lava-server runs on
submission).

usage: validate.py job|testdef FILE...   exit 0 valid, 1 invalid, 3 no lava-common
"""
import sys

try:
    import yaml
    from lava_common.schemas import validate as validate_job
    from lava_common.schemas.test.testdef import validate as validate_testdef
except ImportError as e:
    print(f"validate.py: lava-common missing ({e}); apt-get install lava-common", file=sys.stderr)
    sys.exit(3)


def main(argv):
    if len(argv) < 3 or argv[1] not in ("job", "testdef"):
        print(__doc__, file=sys.stderr)
        return 2
    status = 0
    for path in argv[2:]:
        try:
            with open(path, encoding="utf-8") as f:
                data = yaml.safe_load(f)
            if argv[1] == "job":
                validate_job(data, strict=True)
            else:
                validate_testdef(data)
            print(f"{path}: valid LAVA {argv[1]}")
        except Exception as e:  # voluptuous.Invalid, yaml errors, ...
            print(f"{path}: invalid LAVA {argv[1]}: {e}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
