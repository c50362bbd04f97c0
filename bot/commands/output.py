"""What the command line prints: JSON lines for scripts, rich text for people."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.console import Console

from bot.terminal import cut_notice
from retrieval.engine import Engine
from retrieval.models import Article


def out_json(data: Any) -> None:
    """One JSON document on one line of standard output."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def console_out() -> Console:
    """Where human-readable output goes."""
    return Console(highlight=False, soft_wrap=False)


async def article_json(engine: Engine, article: Article) -> dict[str, Any]:
    """The `show --json` shape: metadata with its paragraphs."""
    paragraphs = await engine.paragraphs(article)
    data = article.to_json()
    data["paragraphs"] = [{"paragraph": n, "text": t} for n, t in enumerate(paragraphs, start=1)]
    return data


# How many rows text output shows unless --limit says otherwise (--json shows every row).
TEXT_LIMIT = 50


def list_limit(args: argparse.Namespace) -> int:
    """Rows a list shows: --limit, or 50 as text and all of them (-1) as JSON."""
    return int(args.limit) if args.limit is not None else (-1 if args.json else TEXT_LIMIT)


def say_cut(con: Console, shown: int, total: int, what: str) -> None:
    """Say that a list shows `shown` of `total` rows, and how to see more."""
    if notice := cut_notice(shown, total, what, "--limit N shows more"):
        con.print(notice, markup=False)
