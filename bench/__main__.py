"""`python -m bench ingest`: benchmarks that write their figures to files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench import ingest


def main(argv: list[str] | None = None) -> int:
    """Run one benchmark and print its figures."""
    parser = argparse.ArgumentParser(prog="python -m bench")
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("ingest", help="import speed with and without quotation extraction")
    p.add_argument("--data", type=Path, default=Path("../shared/data"))
    p.add_argument("--out", type=Path, default=Path("bench-results/ingest.json"))
    p.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    source = args.data / "bbc_news" / "articles.jsonl"
    if not source.is_file():
        sys.stderr.write(f"bench: {source} is absent\n")
        return 1
    result = ingest.run(args.data, args.out, args.repeat)
    for key, value in result.items():
        sys.stdout.write(f"{key}: {value}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
