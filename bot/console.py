"""`newsbot console`: an interactive chat on the engine, rendered like the bot's answers."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from importlib import resources

from rich.console import Console

from bot.config import Settings
from bot.terminal import answer_view, articles_table, check_view, cut_notice, quotes_table
from retrieval.engine import Engine

# The examples are answered by the sample articles the console starts with.
HELP = """[bold]Ask anything[/] about the articles, for example:
  who said nobody wins when the trains stop?
  what did the minister say about the storm?
  did Ruiz say "nobody should have to drive thirty minutes to cross a river"?
[bold]Commands[/]
  :list \\[words]     articles (filtered by title)
  :quotes \\[name]    quotations (by speaker)
  :check TEXT       the quotations in a message, checked
  :help             this help
  :quit             leave (or Ctrl-D, Ctrl-C)
[bold]Keys[/]
  Up and Down go through earlier questions; Ctrl-R searches them."""
# How many rows :list and :quotes show.
LIST_LIMIT = 25
PROMPT = "ask › "


async def load_samples(engine: Engine, scope: int | None) -> int:
    """Import the bundled sample articles; returns how many were added."""
    text = resources.files("retrieval").joinpath("samples/articles.jsonl").read_text("utf-8")
    summary = await engine.import_jsonl(
        text.splitlines(), "samples", scope=scope, added_by="samples"
    )
    return summary.added


async def cmd_console(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """The interactive loop."""
    con = Console(highlight=False)
    if engine.slow_start:
        with con.status("loading the semantic model"):
            await engine.prepare()
    stats = await engine.stats(args.guild)
    if stats.articles == 0:
        added = await load_samples(engine, args.guild)
        con.print(f"[dim]The library was empty: loaded {added} sample articles.[/]")
        stats = await engine.stats(args.guild)
    con.print(
        f"[bold]newsbot[/] · {stats.articles} articles, {stats.quotes} quotations · "
        "type a question, [bold]:help[/] or [bold]:quit[/]"
    )
    read = _terminal_reader(settings) if sys.stdin.isatty() else _piped_reader()
    while True:
        try:
            line = (await read()).strip()
        except (EOFError, KeyboardInterrupt):
            con.print()
            return 0
        if not line:
            continue
        if line in (":quit", ":q", ":exit"):
            return 0
        if line in (":help", ":h", "?"):
            con.print(HELP)
        elif line.startswith(":list"):
            search = line[len(":list") :].strip() or None
            articles = await engine.articles(args.guild, search, limit=LIST_LIMIT)
            con.print(articles_table(articles) if articles else "no articles")
            total = await engine.count_articles(args.guild, search)
            _say_cut(con, cut_notice(len(articles), total, "articles", ":list WORDS narrows it"))
        elif line.startswith(":quotes"):
            speaker = line[len(":quotes") :].strip() or None
            quotes = await engine.quotes(args.guild, speaker, limit=LIST_LIMIT)
            con.print(quotes_table(quotes) if quotes else "no quotations")
            total = await engine.count_quotes(args.guild, speaker)
            _say_cut(con, cut_notice(len(quotes), total, "quotations", ":quotes NAME narrows it"))
        elif line.startswith(":check"):
            text = line[len(":check") :].strip()
            if text:
                con.print(check_view(await engine.check(text, args.guild)))
            else:
                con.print("paste a message after :check", markup=False)
        elif line.startswith(":"):
            con.print(f"unknown command {line.split()[0]!r}: try :help", markup=False)
        else:
            con.print(answer_view(await engine.ask(line, args.guild, settings.results)))


def _say_cut(con: Console, notice: str | None) -> None:
    if notice:
        con.print(notice, markup=False)


Reader = Callable[[], Awaitable[str]]


def _terminal_reader(settings: Settings) -> Reader:
    """Line editing and a history kept beside the library (prompt_toolkit): Ctrl-C and
    Ctrl-D leave at once, Up brings back earlier questions."""
    # Imported here: every other command would pay its 70 ms import at start.
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory

    folder = settings.database_path.expanduser().parent
    folder.mkdir(parents=True, exist_ok=True)
    session: PromptSession[str] = PromptSession(
        history=FileHistory(str(folder / "console-history")), enable_history_search=True
    )

    async def read() -> str:
        return await session.prompt_async(PROMPT)

    return read


def _piped_reader() -> Reader:
    """Questions from a pipe or a file, one a line, read off the event loop."""

    async def read() -> str:
        line: str = await asyncio.to_thread(sys.stdin.readline)
        if not line:
            raise EOFError
        return line

    return read
