"""Build the benchmark's data, or describe what to measure in it; bench.run calls both.

    python -m bench.seed build --profile full|short
    python -m bench.seed targets --profile full|short --out PATH

Run with the settings and environment of the server under test (bench.run passes them):
DJANGO_SETTINGS_MODULE=config.settings.production and DATABASE_URL naming the bench database.
`build` expects an empty, migrated database. `targets` writes JSON: the pages' URLs, fresh
session cookies for the signed-in member and the editor, and what the data holds (with
`complete` false when it holds less than the profile asks, so that bench.run rebuilds it).
"""

import argparse
import json
import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.seed", description=__doc__)
    parser.add_argument("command", choices=["build", "targets"])
    parser.add_argument("--profile", choices=["full", "short"], default="full")
    parser.add_argument("--out", type=Path, help="where `targets` writes its JSON")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    import django

    django.setup()
    # Only importable once Django is set up.
    from bench import dataset

    profile = dataset.PROFILES[args.profile]
    if args.command == "build":
        dataset.build(profile, log=lambda line: print(line, flush=True))
        return 0
    result = dataset.targets(profile)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
