"""`newsbot ask` and `newsbot quotes`."""

from __future__ import annotations

import argparse
import sys

from bot.commands.output import console_out, list_limit, out_json, say_cut
from bot.config import Settings
from bot.terminal import answer_view, check_view, quotes_table
from retrieval.engine import Engine
from retrieval.errors import InputError
from retrieval.query import analyse


async def cmd_ask(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """Answer a question, or one per line of standard input with `-`."""

    k = args.k or settings.results
    if args.question == "-":
        for line in sys.stdin:
            if line.strip():
                answer = await engine.ask(line.rstrip("\n"), args.guild, k, today=args.as_of)
                out_json(answer.to_json())
        return 0
    if analyse(args.question).empty:
        raise InputError(
            "nothing to search for: ask with a few words that could appear in an article"
        )
    if await engine.is_empty(args.guild):
        raise InputError(
            "the library is empty: add articles with `newsbot add`, or open `newsbot console` "
            "to load the samples"
        )
    answer = await engine.ask(args.question, args.guild, k, today=args.as_of)
    if args.json:
        out_json(answer.to_json())
    else:
        console_out().print(answer_view(answer))
    return 0


async def cmd_quotes(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """List quotations, by speaker or article."""
    limit = list_limit(args)
    quotes = await engine.quotes(args.guild, args.speaker, args.article, limit)
    if args.json:
        out_json([q.to_json() for q in quotes])
    elif quotes:
        con = console_out()
        con.print(quotes_table(quotes))
        total = await engine.count_quotes(args.guild, args.speaker, args.article)
        say_cut(con, len(quotes), total, "quotations")
    else:
        console_out().print("no quotations", markup=False)
    return 0


async def cmd_check(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """Check the quotations in a text (a post, a message) against the library; `-` reads the
    text from standard input."""
    text = sys.stdin.read() if args.text == "-" else args.text
    if not text.strip():
        raise InputError("nothing to check: give the text of a message with its quotations")
    if await engine.is_empty(args.guild):
        raise InputError("the library is empty: add articles with `newsbot add` first")
    report = await engine.check(text, args.guild)
    if args.json:
        out_json(report.to_json())
    else:
        console_out().print(check_view(report))
    return 0
