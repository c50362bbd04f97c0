"""`newsbot stats`, `reindex` and `backup`."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.commands.output import console_out, out_json
from bot.config import Settings
from retrieval.engine import Engine
from retrieval.ingest import human_size


async def cmd_reindex(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """Re-extract quotations of every stored article."""
    found = await engine.reindex_quotes()
    console_out().print(f"{found} quotations extracted", markup=False)
    return 0


async def cmd_stats(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """Counts of what the library holds."""
    stats = await engine.stats(args.guild)
    if args.json:
        out_json(stats.__dict__)
    else:
        console_out().print(
            f"{stats.articles} articles, {stats.paragraphs} paragraphs, {stats.quotes} quotations "
            f"from {stats.speakers} speakers",
            markup=False,
        )
    return 0


async def cmd_backup(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """Copy the library to a file while it stays in use."""
    size = await engine.backup(Path(args.path))
    stats = await engine.stats(None)
    console_out().print(
        f"backed up {stats.articles} articles to {args.path} ({human_size(size)})", markup=False
    )
    return 0
