"""The `newsbot` command line: the contract in DESIGN.md, over the engine."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from bot.config import Settings
from bot.terminal import article_view, articles_table, cut_notice, quotes_table
from retrieval.engine import Engine
from retrieval.errors import InputError
from retrieval.ingest import human_size
from retrieval.models import AddResult, Article
from retrieval.query import analyse

Command = Callable[[Engine, argparse.Namespace, Settings], Awaitable[int]]


def _out(data: Any) -> None:
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


async def cmd_add(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """Add files, URLs or standard input."""
    failures = 0
    con = console_out()
    for source in args.sources:
        try:
            drafts = await engine.drafts_from(
                source,
                title=args.title,
                url=args.url,
                source_name=args.source,
                published=args.published,
            )
            results: list[AddResult] = [
                await engine.add_draft(d, args.guild, "cli") for d in drafts
            ]
        except InputError as exc:
            failures += 1
            if args.json:
                _out({"source": source, "error": str(exc)})
            else:
                sys.stderr.write(f"newsbot: {exc}\n")
            continue
        for result in results:
            if result.article is None:
                message = f"{source}: already stored as article {result.duplicate_of}"
                if args.json:
                    _out({"source": source, "error": message, "duplicate_of": result.duplicate_of})
                else:
                    sys.stderr.write(f"newsbot: {message}\n")
                failures += 1
                continue
            if args.json:
                _out(await article_json(engine, result.article))
            else:
                a = result.article
                count = f"{a.paragraphs} paragraph{'' if a.paragraphs == 1 else 's'}"
                con.print(f"added article {a.id}: {a.title} ({count})", markup=False)
    return 1 if failures else 0


async def cmd_import(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """Bulk import JSONL with a progress bar; resumable; prints a summary."""
    path = Path(args.file)
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    with path.open("r", encoding="utf-8", errors="replace") as handle:
        total = sum(1 for _ in handle)
    con = Console(stderr=True)
    columns = (TextColumn("importing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with (
        Progress(*columns, console=con, transient=False, disable=args.quiet) as bar,
        path.open("r", encoding="utf-8", errors="replace") as handle,
    ):
        task = bar.add_task("import", total=total)
        summary = await engine.import_jsonl(
            handle,
            path.name,
            scope=args.guild,
            added_by="cli",
            progress=lambda n: bar.update(task, completed=n),
        )
        bar.update(task, completed=total)
    if args.json:
        _out(
            {
                "added": summary.added,
                "skipped": summary.skipped,
                "rejected": [{"line": n, "reason": r} for n, r in summary.rejected],
            }
        )
    if summary.rejected and not summary.added and not summary.skipped:
        # Not one line was an article (a binary file, a CSV): one line says so.
        first, reason = summary.rejected[0]
        raise InputError(
            f"no article could be read from {path} ({len(summary.rejected)} lines rejected; "
            f"line {first}: {reason}); each line must be a JSON object with a text"
        )
    if not args.json:
        out = console_out()
        out.print(
            f"added {summary.added}, skipped {summary.skipped} (already stored), "
            f"rejected {len(summary.rejected)}",
            markup=False,
        )
        for number, reason in summary.rejected[:50]:
            out.print(f"  rejected line {number}: {reason}", markup=False)
        if len(summary.rejected) > 50:
            out.print(f"  … and {len(summary.rejected) - 50} more", markup=False)
    return 1 if summary.rejected else 0


# How many rows text output shows unless --limit says otherwise (--json shows every row).
TEXT_LIMIT = 50


def _limit(args: argparse.Namespace) -> int:
    """Rows a list shows: --limit, or 50 as text and all of them (-1) as JSON."""
    return int(args.limit) if args.limit is not None else (-1 if args.json else TEXT_LIMIT)


def _showing(con: Console, shown: int, total: int, what: str) -> None:
    if notice := cut_notice(shown, total, what, "--limit N shows more"):
        con.print(notice, markup=False)


async def cmd_list(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """List articles, newest first."""
    limit = _limit(args)
    articles = await engine.articles(args.guild, args.search, limit=limit)
    if args.json:
        _out([a.to_json() for a in articles])
    elif articles:
        con = console_out()
        con.print(articles_table(articles))
        total = await engine.count_articles(args.guild, args.search)
        _showing(con, len(articles), total, "articles")
    else:
        console_out().print("no articles", markup=False)
    return 0


async def cmd_show(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """One article with its paragraphs."""
    article = await engine.article(args.article_id, args.guild)
    if args.json:
        _out(await article_json(engine, article))
    else:
        console_out().print(article_view(article, await engine.paragraphs(article)))
    return 0


async def cmd_remove(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """Delete an article with its paragraphs and quotes."""
    article = await engine.remove_article(args.article_id, args.guild)
    console_out().print(f"removed article {article.id}: {article.title}", markup=False)
    return 0


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {value!r}")
    return int(value)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


async def cmd_ask(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """Answer a question, or one per line of standard input with `-`."""
    from bot.terminal import answer_view

    k = args.k or settings.results
    if args.question == "-":
        for line in sys.stdin:
            if line.strip():
                answer = await engine.ask(line.rstrip("\n"), args.guild, k, today=args.as_of)
                _out(answer.to_json())
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
        _out(answer.to_json())
    else:
        console_out().print(answer_view(answer))
    return 0


async def cmd_quotes(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """List quotations, by speaker or article."""
    limit = _limit(args)
    quotes = await engine.quotes(args.guild, args.speaker, args.article, limit)
    if args.json:
        _out([q.to_json() for q in quotes])
    elif quotes:
        con = console_out()
        con.print(quotes_table(quotes))
        total = await engine.count_quotes(args.guild, args.speaker, args.article)
        _showing(con, len(quotes), total, "quotations")
    else:
        console_out().print("no quotations", markup=False)
    return 0


async def cmd_reindex(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """Re-extract quotations of every stored article."""
    found = await engine.reindex_quotes()
    console_out().print(f"{found} quotations extracted", markup=False)
    return 0


async def cmd_stats(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """Counts of what the library holds."""
    stats = await engine.stats(args.guild)
    if args.json:
        _out(stats.__dict__)
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


def build_parser(
    parser_class: type[argparse.ArgumentParser] = argparse.ArgumentParser,
) -> argparse.ArgumentParser:
    """The argument parser for every command (its subcommands are of the same class)."""
    parser = parser_class(
        prog="newsbot", description="Answers questions about news articles, with citations."
    )
    parser.add_argument(
        "--db",
        help="database file (default: config, $NEWSBOT_DB, or ~/.local/share/newsbot/newsbot.db)",
    )
    parser.add_argument("--config", type=Path, help="TOML configuration file")
    parser.add_argument("--debug", action="store_true", help="log details, tracebacks included")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(
        name: str, func: Command, help_text: str, guild: bool = True, json_flag: bool = True
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        if guild:
            p.add_argument(
                "--guild", type=int, help="Discord server id (default: the global library)"
            )
        if json_flag:
            p.add_argument("--json", action="store_true", help="print JSON")
        return p

    p = command(
        "add", cmd_add, "add articles from files (.txt .md .html .json), URLs, or - for stdin"
    )
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    p.add_argument("--title")
    p.add_argument("--url")
    p.add_argument("--source")
    p.add_argument("--published")

    p = command("import", cmd_import, "bulk add a JSONL file with a progress bar (resumable)")
    p.add_argument("file", metavar="FILE.jsonl")
    p.add_argument("--quiet", action="store_true", help="no progress bar")

    p = command("list", cmd_list, "list articles, newest first")
    p.add_argument("--search", help="filter titles and sources")
    p.add_argument(
        "--limit", type=_positive, help="at most N (default: 50 as text, all with --json)"
    )

    p = command("show", cmd_show, "show one article with its paragraphs")
    p.add_argument("article_id", type=int, metavar="ARTICLE_ID")

    p = command("remove", cmd_remove, "remove an article", json_flag=False)
    p.add_argument("article_id", type=int, metavar="ARTICLE_ID")

    p = command("ask", cmd_ask, "ask a question (- reads one per line and prints JSON lines)")
    p.add_argument("question", metavar="QUESTION|-")
    p.add_argument(
        "-k", type=int, choices=range(1, 11), metavar="N", help="passages to show (1 to 10)"
    )
    p.add_argument(
        "--as-of",
        type=_day,
        metavar="YYYY-MM-DD",
        help='the day to answer as of ("this week" is the week before it; default today)',
    )

    p = command("quotes", cmd_quotes, "list quotations")
    p.add_argument("--speaker")
    p.add_argument("--article", type=int)
    p.add_argument(
        "--limit", type=_positive, help="at most N (default: 50 as text, all with --json)"
    )

    command("stats", cmd_stats, "counts of articles, paragraphs and quotations")
    command(
        "reindex",
        cmd_reindex,
        "re-extract quotations of every article",
        guild=False,
        json_flag=False,
    )

    p = command(
        "backup",
        cmd_backup,
        "copy the library to PATH while newsbot keeps answering",
        guild=False,
        json_flag=False,
    )
    p.add_argument("path", metavar="PATH")

    from bot.console import cmd_console

    command("console", cmd_console, "interactive questions in the terminal", json_flag=False)

    from bot.discordbot.run import cmd_run, cmd_sync

    command(
        "run",
        cmd_run,
        "run the Discord bot (token from DISCORD_TOKEN)",
        guild=False,
        json_flag=False,
    )
    p = command(
        "sync", cmd_sync, "publish slash commands (to --guild, or globally)", json_flag=False
    )

    from bot.discordbot.preview import cmd_preview

    p = command(
        "preview", cmd_preview, "write answers as a Discord-like HTML page", json_flag=False
    )
    p.add_argument("questions", nargs="+", metavar="QUESTION")
    p.add_argument("--out", default="preview.html", help="the HTML file to write")

    from evaluation.cli import add_eval_parser

    add_eval_parser(sub)
    return parser
