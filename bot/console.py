"""`newsbot console`: an interactive chat on the engine, rendered like the bot's answers."""

from __future__ import annotations

import argparse
from importlib import resources

from rich.console import Console

from bot.config import Settings
from bot.terminal import answer_view, articles_table, quotes_table
from retrieval.engine import Engine

HELP = """[bold]Ask anything[/] about the articles, for example:
  who said we are not on the same side of the coin?
  what did the mayor say about the flood?
  did Ruiz say "the bridge will open in May"?
[bold]Commands[/]
  :list [words]     articles (filtered by title)
  :quotes [name]    quotations (by speaker)
  :help             this help
  :quit             leave (or Ctrl-D)"""


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
    if engine.similarity is not None:
        with con.status("loading the semantic model"):
            await engine.prepare()
    stats = await engine.store.stats(args.guild)
    if stats.articles == 0:
        added = await load_samples(engine, args.guild)
        con.print(f"[dim]The library was empty: loaded {added} sample articles.[/]")
        stats = await engine.store.stats(args.guild)
    con.print(
        f"[bold]newsbot[/] · {stats.articles} articles, {stats.quotes} quotations · "
        "type a question, [bold]:help[/] or [bold]:quit[/]"
    )
    while True:
        try:
            line = con.input("[bold cyan]ask ›[/] ").strip()
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
            con.print(
                articles_table(await engine.store.list_articles(args.guild, search, limit=25))
            )
        elif line.startswith(":quotes"):
            speaker = line[len(":quotes") :].strip() or None
            quotes = await engine.store.quotes(args.guild, speaker=speaker, limit=25)
            con.print(quotes_table(quotes) if quotes else "no quotations")
        elif line.startswith(":"):
            con.print(f"unknown command {line.split()[0]!r}: try :help", markup=False)
        else:
            con.print(answer_view(await engine.ask(line, args.guild, settings.results)))
