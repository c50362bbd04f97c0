"""The `newsbot` command line: the contract in DESIGN.md, each command a function over the
engine (`bot/commands/`)."""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

from bot.commands import articles, asking, feeds, upkeep
from bot.config import Settings
from retrieval.engine import Engine
from retrieval.feeds.poller import EVERY, MAX_EVERY, MIN_EVERY

Command = Callable[[Engine, argparse.Namespace, Settings], Awaitable[int]]


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {value!r}")
    return int(value)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


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
        "add",
        articles.cmd_add,
        "add articles from files (.txt .md .html .json), URLs, or - for stdin",
    )
    p.add_argument("sources", nargs="+", metavar="SOURCE")
    p.add_argument("--title")
    p.add_argument("--url")
    p.add_argument("--source")
    p.add_argument("--published")

    p = command(
        "import", articles.cmd_import, "bulk add a JSONL file with a progress bar (resumable)"
    )
    p.add_argument("file", metavar="FILE.jsonl")
    p.add_argument("--quiet", action="store_true", help="no progress bar")

    p = command("list", articles.cmd_list, "list articles, newest first")
    p.add_argument("--search", help="filter titles and sources")
    p.add_argument(
        "--limit", type=_positive, help="at most N (default: 50 as text, all with --json)"
    )

    p = command("show", articles.cmd_show, "show one article with its paragraphs")
    p.add_argument("article_id", type=int, metavar="ARTICLE_ID")

    p = command(
        "edit",
        articles.cmd_edit,
        "change an article's title, source, URL or publication day ('' clears one)",
    )
    p.add_argument("article_id", type=int, metavar="ARTICLE_ID")
    p.add_argument("--title", help="the new title")
    p.add_argument("--source", help="the new source name")
    p.add_argument("--url", help="the new http(s) address")
    p.add_argument("--published", help="the new publication day (2025-03-03, March 3, 2025)")

    p = command("remove", articles.cmd_remove, "remove an article", json_flag=False)
    p.add_argument("article_id", type=int, metavar="ARTICLE_ID")

    p = command(
        "ask", asking.cmd_ask, "ask a question (- reads one per line and prints JSON lines)"
    )
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

    p = command(
        "check", asking.cmd_check, "check the quotations in a message (- reads it from stdin)"
    )
    p.add_argument("text", metavar="TEXT|-")

    p = command("quotes", asking.cmd_quotes, "list quotations")
    p.add_argument("--speaker")
    p.add_argument("--article", type=int)
    p.add_argument(
        "--limit", type=_positive, help="at most N (default: 50 as text, all with --json)"
    )

    feed = sub.add_parser("feed", help="RSS and Atom feeds that keep the library current")
    verbs = feed.add_subparsers(dest="feed_command", metavar="add|list|remove|poll", required=True)

    def feed_verb(name: str, func: Command, help_text: str, json_flag: bool = True) -> Any:
        v = verbs.add_parser(name, help=help_text, description=help_text)
        v.set_defaults(func=func)
        v.add_argument("--guild", type=int, help="Discord server id (default: the global library)")
        if json_flag:
            v.add_argument("--json", action="store_true", help="print JSON")
        return v

    v = feed_verb("add", feeds.cmd_feed_add, "subscribe to a feed (checks the URL is a feed)")
    v.add_argument("url", metavar="URL")
    v.add_argument(
        "--every",
        type=_positive,
        default=EVERY,
        metavar="MINUTES",
        help=f"minutes between polls ({MIN_EVERY} to {MAX_EVERY}, default {EVERY})",
    )
    feed_verb("list", feeds.cmd_feed_list, "the feeds, with how their last poll went")
    v = feed_verb("remove", feeds.cmd_feed_remove, "unsubscribe (articles stay)", json_flag=False)
    v.add_argument("feed_id", type=int, metavar="FEED_ID")
    feed_verb("poll", feeds.cmd_feed_poll, "poll every feed now (exit 1 if any failed)")

    p = command(
        "feedback", feeds.cmd_feedback, "answers people voted wrong (👎), most disputed first"
    )
    p.add_argument("--limit", type=_positive, help="at most N")

    command("stats", upkeep.cmd_stats, "counts of articles, paragraphs and quotations")
    command(
        "reindex",
        upkeep.cmd_reindex,
        "re-extract quotations of every article",
        guild=False,
        json_flag=False,
    )

    p = command(
        "backup",
        upkeep.cmd_backup,
        "copy the library to PATH while newsbot keeps answering",
        guild=False,
        json_flag=False,
    )
    p.add_argument("path", metavar="PATH")

    from bot.console import cmd_console

    command("console", cmd_console, "interactive questions in the terminal", json_flag=False)

    from bot.discordbot.run import cmd_run, cmd_sync

    p = command(
        "run",
        cmd_run,
        "run the Discord bot (token from DISCORD_TOKEN)",
        guild=False,
        json_flag=False,
    )
    p.add_argument(
        "--shard-count", type=int, metavar="N", help="shards in all, across every process"
    )
    p.add_argument(
        "--shards", metavar="A-B", help="the shards this process connects (with --shard-count)"
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
