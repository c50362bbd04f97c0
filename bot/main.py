"""Entry point: parse the command line, load settings, open the store, run one command."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from bot.cli import build_parser
from bot.config import Settings, load_settings
from retrieval.engine import Engine
from retrieval.errors import NewsbotError
from retrieval.store import Store

log = logging.getLogger("newsbot")


async def run(args: argparse.Namespace, settings: Settings) -> int:
    """Open the database and run the chosen command."""
    if getattr(args, "needs_store", True) is False:
        return int(await args.func(None, args, settings))
    async with Store.open(settings.database_path) as store:
        engine = Engine(store, settings.engine)
        return int(await args.func(engine, args, settings))


def main(argv: list[str] | None = None) -> int:
    """`newsbot`: with no command, the console (or the Discord bot when DISCORD_TOKEN is set)."""
    parser = build_parser()
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
