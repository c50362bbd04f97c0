"""`newsbot feed add|list|remove|poll` and `newsbot feedback`."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from bot.commands.output import console_out, out_json
from bot.config import Settings
from retrieval.engine import Engine


async def cmd_feed_add(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """Subscribe to a feed (its URL is read first, and must be an RSS or Atom feed)."""
    feed = await engine.feeds.subscribe(args.url, args.guild, args.every, added_by="cli")
    if args.json:
        out_json(feed.to_json())
    else:
        console_out().print(
            f"subscribed to {feed.title or feed.url} as feed {feed.id}, polled every "
            f"{feed.every} minutes (newsbot feed poll reads it now)",
            markup=False,
        )
    return 0


async def cmd_feed_list(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """The feeds of the library (or of one server), with how their last poll went."""
    feeds = await engine.feeds.of_scope(args.guild)
    if args.json:
        out_json([f.to_json() for f in feeds])
        return 0
    if not feeds:
        console_out().print("no feeds: newsbot feed add URL subscribes to one", markup=False)
        return 0
    headers = ("id", "title", "every", "last polled", "last poll")
    table = Table(*headers, box=None, header_style="bold")
    for feed in feeds:
        title = escape(feed.title or "") + f"\n[dim]{escape(feed.url)}[/]"
        state = "[red]failed[/]" if feed.last_error else ("ok" if feed.last_polled else "")
        table.add_row(str(feed.id), title, f"{feed.every} min", feed.last_polled or "never", state)
    con = console_out()
    con.print(table)
    # Errors in full, below the table: they are what an admin has to act on.
    for feed in feeds:
        if feed.last_error:
            con.print(f"feed {feed.id}: {feed.last_error}", markup=False, soft_wrap=True)
    return 0


async def cmd_feed_remove(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """Unsubscribe from a feed; the articles it brought stay."""
    feed = await engine.feeds.unsubscribe(args.feed_id, args.guild)
    console_out().print(
        f"removed feed {feed.id}: {feed.title or feed.url} (its articles stay)", markup=False
    )
    return 0


async def cmd_feed_poll(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """Poll every feed now; exit 1 when any could not be read."""
    columns = (TextColumn("polling feeds"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("poll", total=None)
        polls = await engine.feeds.poll(
            args.guild, lambda done, total: bar.update(task, completed=done, total=total)
        )
    failed = sum(1 for p in polls if p.error)
    if args.json:
        out_json(
            {
                "added": sum(len(p.added) for p in polls),
                "skipped": sum(p.skipped for p in polls),
                "failed": failed,
                "feeds": [p.to_json() for p in polls],
            }
        )
        return 1 if failed else 0
    con = console_out()
    if not polls:
        con.print("no feeds to poll: newsbot feed add URL subscribes to one", markup=False)
    for poll in polls:
        name = poll.feed.title or poll.feed.url
        if poll.error:
            con.print(f"feed {poll.feed.id} {name}: failed: {poll.error}", markup=False)
        else:
            con.print(
                f"feed {poll.feed.id} {name}: added {len(poll.added)}, skipped {poll.skipped}",
                markup=False,
            )
    return 1 if failed else 0


async def cmd_feedback(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """The answers people voted 👎, the most disputed first."""
    wrong = await engine.found_wrong(args.guild, args.limit or -1)
    if args.json:
        out_json([r.to_json() for r in wrong])
        return 0
    con = console_out()
    if not wrong:
        con.print("no answer has been voted wrong", markup=False)
        return 0
    for r in wrong:
        where = f"server {r.scope}" if r.scope is not None else "global"
        con.print(
            f"[bold]{escape(r.question)}[/]\n  👎 {r.down} 👍 {r.up} · {r.kind} · "
            f"confidence {r.confidence:.2f} · {where} · {r.asked_at}"
            + (f" · answered {escape(r.speaker)}" if r.speaker else "")
        )
        for c in r.cited:
            con.print(f"  cited article {c.article_id} ¶{c.paragraph}: {c.title}", markup=False)
        if not r.cited:
            con.print("  cited nothing", markup=False)
    return 0
