"""Entry point: parse the command line, load settings, open the store, run one command."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path
from typing import NoReturn

from bot.cli import build_parser
from bot.config import DEFAULT_DB, Settings, load_settings
from bot.console import load_samples
from retrieval.engine import Engine
from retrieval.errors import InputError, NewsbotError
from retrieval.store import Store

log = logging.getLogger("newsbot")


# Commands that only read the library: a mistyped --db must not become a new empty one.
READING = frozenset(
    {"list", "show", "ask", "check", "quotes", "stats", "backup", "preview", "feedback"}
)
# Of `feed`, the verbs that need a library with feeds in it already.
READING_FEED = frozenset({"list", "remove", "poll"})
# Commands that, as the first on the default library, find the sample articles there.
WITH_SAMPLES = frozenset({"ask", "check", "list", "show", "quotes", "stats", "preview"})


def _reads(args: argparse.Namespace) -> bool:
    """Whether a command only reads what a library already holds."""
    if args.command == "feed":
        return getattr(args, "feed_command", None) in READING_FEED
    return args.command in READING


def _check_library(path: Path, reads: bool, default: bool) -> bool:
    """Whether the library file is new; a one-line error when it cannot or must not be made."""
    if path.exists():
        if path.is_dir():
            raise InputError(f"{path} is a folder, not a library file (check --db)")
        return False
    if reads and not default:
        raise InputError(
            f"no library at {path}: check --db, or add articles to it first (newsbot --db "
            f"{path} add …)"
        )
    if not default and not path.parent.is_dir():
        raise InputError(f"cannot create a library at {path}: no folder {path.parent}")
    return True


async def run(args: argparse.Namespace, settings: Settings) -> int:
    """Open the database and run the chosen command."""
    if getattr(args, "needs_store", True) is False:
        return int(await args.func(None, args, settings))
    path = settings.database_path
    default = settings.database == DEFAULT_DB
    fresh = _check_library(path, _reads(args), default)
    async with Store.open(path) as store:
        engine = Engine(store, settings.engine)
        if fresh and default and args.command in WITH_SAMPLES:
            # A new install answers the README's first question: the samples are there.
            added = await load_samples(engine, None)
            sys.stderr.write(
                f"newsbot: a new library at {path}: loaded {added} sample articles "
                "(newsbot add adds your own)\n"
            )
        return int(await args.func(engine, args, settings))


class Parser(argparse.ArgumentParser):
    """argparse with every error on one line of standard error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def main(argv: list[str] | None = None) -> int:
    """`newsbot`: with no command, the console (or the Discord bot when DISCORD_TOKEN is set)."""
    parser = build_parser(Parser)
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        settings = load_settings(args.config)
        if args.db:
            settings = Settings(
                database=args.db,
                results=settings.results,
                engine=settings.engine,
                discord=settings.discord,
                token=settings.token,
            )
        if args.command is None:
            # The bot when a token is configured, otherwise the console with the samples.
            default = "run" if settings.token else "console"
            args = parser.parse_args([*(argv if argv is not None else sys.argv[1:]), default])
        return asyncio.run(run(args, settings))
    except NewsbotError as exc:
        sys.stderr.write(f"newsbot: {exc}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("newsbot: interrupted\n")
        return 130
    except Exception as exc:
        log.debug("unexpected error", exc_info=True)
        sys.stderr.write(
            f"newsbot: unexpected error ({type(exc).__name__}); run with --debug for details\n"
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
