"""`newsbot eval retrieval|quotes|asked|calibration`: quality figures on ../shared/data,
printed and saved."""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bot.config import Settings
from retrieval.errors import InputError
from retrieval.rank import SEMANTIC_WEIGHT
from retrieval.semantic import missing

DEFAULT_DATA = Path("../shared/data")


def _table(rows: list[dict[str, Any]]) -> Table:
    columns = list(dict.fromkeys(k for row in rows for k in row))
    table = Table(*columns, header_style="bold")
    for row in rows:
        table.add_row(
            *(
                f"{v:.3f}" if isinstance(v, float) else str(v)
                for v in (row.get(c, "") for c in columns)
            )
        )
    return table


def _finish(rows: list[dict[str, Any]], args: argparse.Namespace) -> int:
    if not rows:
        raise InputError(f"no evaluation data found in {args.data}")
    Console(width=160).print(_table(rows))
    if args.out:
        Path(args.out).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


async def cmd_eval_retrieval(_: object, args: argparse.Namespace, settings: Settings) -> int:
    """RealTime QA, XQuAD and Vaswani retrieval figures."""
    from evaluation.retrieval import evaluate

    weights = settings.engine.weights
    if args.semantic:
        if problem := missing():
            raise InputError(problem)
        weights = replace(weights, semantic=SEMANTIC_WEIGHT)
    rows = await evaluate(Path(args.data), weights, args.only or ())
    return _finish(rows, args)


async def cmd_eval_quotes(_: object, args: argparse.Namespace, settings: Settings) -> int:
    """PolNeAR quotation extraction, speaker accuracy and end-to-end who-said accuracy."""
    from evaluation.quotes import evaluate

    rows = await evaluate(Path(args.data), args.splits, not args.no_end_to_end)
    return _finish(rows, args)


async def cmd_eval_asked(_: object, args: argparse.Namespace, settings: Settings) -> int:
    """The public chat-style questions, scored on what `newsbot ask` returns."""
    from evaluation.asked import evaluate

    failures = Path(args.failures) if args.failures else None
    rows = await evaluate(Path(args.data), settings.engine.weights, failures)
    return _finish(rows, args)


async def cmd_eval_calibration(_: object, args: argparse.Namespace, settings: Settings) -> int:
    """What the confidence means: answers right per confidence band, with and without the
    answer in the library."""
    from evaluation.calibration import evaluate, plot

    calibration = await evaluate(Path(args.data), settings.engine.weights)
    rows = calibration.rows()
    if args.plot and calibration.answerable:
        plot(calibration, Path(args.plot))
    return _finish(rows if calibration.answerable else [], args)


def add_eval_parser(sub: Any) -> None:
    """Register `newsbot eval retrieval|quotes|asked|calibration`."""
    p: argparse.ArgumentParser = sub.add_parser(
        "eval", help="measure answer quality on ../shared/data"
    )
    inner = p.add_subparsers(dest="eval_command", metavar="WHAT", required=True)
    r = inner.add_parser("retrieval", help="RealTime QA, XQuAD, Vaswani")
    r.set_defaults(func=cmd_eval_retrieval, needs_store=False)
    r.add_argument("--only", nargs="*", choices=["realtimeqa", "xquad", "vaswani"])
    r.add_argument(
        "--semantic", action="store_true", help="with semantic re-ranking ([search] semantic)"
    )
    q = inner.add_parser("quotes", help="PolNeAR quotations and speakers")
    q.set_defaults(func=cmd_eval_quotes, needs_store=False)
    q.add_argument("--splits", nargs="*", default=["dev", "train"], choices=["dev", "train"])
    q.add_argument("--no-end-to-end", action="store_true", help="skip the who-said questions")
    a = inner.add_parser("asked", help="the chat-style questions of ../shared/data/asked")
    a.set_defaults(func=cmd_eval_asked, needs_store=False)
    a.add_argument("--failures", help="write the questions answered wrong to this JSONL file")
    c = inner.add_parser("calibration", help="confidence against right answers (XQuAD)")
    c.set_defaults(func=cmd_eval_calibration, needs_store=False)
    c.add_argument("--plot", help="also draw the bands to this PNG file")
    for parser in (r, q, a, c):
        parser.add_argument("--data", default=str(DEFAULT_DATA), help="the shared data folder")
        parser.add_argument("--out", help="also write the figures to this JSON file")
