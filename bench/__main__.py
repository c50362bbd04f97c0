"""`python -m bench WHAT`: benchmarks that write their figures to files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bench import budgets, concurrency, crash, ingest, scale, semantic, servers


def _say(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _command(sub: Any, name: str, help_: str, pages: bool = False) -> argparse.ArgumentParser:
    """A benchmark's subcommand with the options every one has: where the data is and where its
    results go; with `pages`, also its corpus cache and the folder of its Markdown page."""
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help_)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=Path(f"bench-results/{name}.json"))
    if pages:
        parser.add_argument("--cache", type=Path, default=Path("bench-data"))
        parser.add_argument("--docs", type=Path, default=Path("docs"))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one benchmark and print its figures."""
    parser = argparse.ArgumentParser(prog="python -m bench")
    sub = parser.add_subparsers(dest="what", required=True)
    p = _command(sub, "ingest", "import speed with and without quotation extraction")
    p.add_argument("--repeat", type=int, default=3)
    s = _command(sub, "scale", "newsbot beside the BM25 baselines at growing sizes", pages=True)
    s.add_argument("--sizes", default="10000,100000,1000000")
    s.add_argument("--questions", type=int, default=200, help="quiz questions and snippets")
    s.add_argument("--cap", type=float, default=60.0, help="seconds of questions per engine")
    b = _command(sub, "budgets", "the [search] budgets: quality and latency together", pages=True)
    b.add_argument("--sizes", default="100000,1000000")
    b.add_argument("--questions", type=int, default=200, help="quiz questions timed")
    m = _command(sub, "semantic", "what [search] semantic costs, beside the default", pages=True)
    m.add_argument("--size", type=int, default=100_000, help="paragraphs in the library")
    m.add_argument("--questions", type=int, default=200, help="quiz questions timed")
    c = _command(sub, "crash", "SIGKILL bulk imports at random moments, then check")
    c.add_argument("--articles", type=int, default=2000)
    c.add_argument("--trials", type=int, default=20)
    c.add_argument("--seed", type=int, default=1)
    k = _command(sub, "concurrency", "questions while a bulk import runs, and a reader")
    k.add_argument("--articles", type=int, default=10_000)
    k.add_argument("--questions", type=int, default=50)
    v = _command(sub, "servers", "several newsbot processes on one library", pages=True)
    v.add_argument("--size", type=int, default=1_000_000, help="paragraphs in the library")
    v.add_argument("--questions", type=int, default=200, help="quiz questions and snippets")
    v.add_argument("--seconds", type=float, default=30.0, help="seconds each count answers")
    v.add_argument("--processes", default="1,2,4", help="process counts, e.g. 1,2,4")
    args = parser.parse_args(argv)
    if not (args.data / "realtimeqa" / "questions.jsonl").is_file():
        sys.stderr.write(f"bench: {args.data} has no RealTime QA questions\n")
        return 1
    if args.what == "concurrency":
        result = concurrency.run(args.data, args.articles, args.questions, _say)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        sys.stdout.write(json.dumps(result) + "\n")
        return 0 if not result["failures"] and not result["integrity_problems"] else 1
    if args.what == "crash":
        result = crash.run(args.data, args.articles, args.trials, args.seed, _say)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        summary = {k: v for k, v in result.items() if k != "trials"}
        sys.stdout.write(json.dumps(summary) + "\n")
        ok = result["exact_after_rerun"] == result["sound_after_kill"] == len(result["trials"])
        return 0 if ok and result["no_partial_article"] == len(result["trials"]) else 1
    if args.what == "budgets":
        sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
        budgets.run(args.data, sizes, args.questions, args.cache, args.out, args.docs, _say)
        sys.stdout.write(f"wrote {args.out} and {args.docs / 'budgets.md'}\n")
        return 0
    if args.what == "servers":
        counts = tuple(int(x) for x in args.processes.split(",") if x.strip())
        servers.run(
            args.data, args.size, args.questions, args.seconds, args.cache, args.out,
            args.docs, _say, counts,
        )  # fmt: skip
        sys.stdout.write(f"wrote {args.out} and {args.docs / 'scaling.md'}\n")
        return 0
    if args.what == "semantic":
        semantic.run(args.data, args.size, args.questions, args.cache, args.out, args.docs, _say)
        sys.stdout.write(f"wrote {args.out} and {args.docs / 'semantic.md'}\n")
        return 0
    if args.what == "scale":
        sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
        scale.run(
            args.data,
            sizes,
            args.questions,
            args.cache,
            args.out,
            args.docs,
            args.cap,
            _say,
        )
        sys.stdout.write(f"wrote {args.out} and {args.docs / 'benchmarks.md'}\n")
        return 0
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
