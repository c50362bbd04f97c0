"""`newsbot add`, `import`, `list`, `show`, `edit` and `remove`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from bot.commands.output import article_json, console_out, list_limit, out_json, say_cut
from bot.config import Settings
from bot.terminal import article_view, articles_table
from retrieval.engine import Engine
from retrieval.errors import InputError
from retrieval.models import AddResult


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
                out_json({"source": source, "error": str(exc)})
            else:
                sys.stderr.write(f"newsbot: {exc}\n")
            continue
        for result in results:
            if result.article is None:
                message = f"{source}: already stored as article {result.duplicate_of}"
                if args.json:
                    out_json(
                        {"source": source, "error": message, "duplicate_of": result.duplicate_of}
                    )
                else:
                    sys.stderr.write(f"newsbot: {message}\n")
                failures += 1
                continue
            if args.json:
                out_json(await article_json(engine, result.article))
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
        out_json(
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


async def cmd_list(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """List articles, newest first."""
    limit = list_limit(args)
    articles = await engine.articles(args.guild, args.search, limit=limit)
    if args.json:
        out_json([a.to_json() for a in articles])
    elif articles:
        con = console_out()
        con.print(articles_table(articles))
        total = await engine.count_articles(args.guild, args.search)
        say_cut(con, len(articles), total, "articles")
    else:
        console_out().print("no articles", markup=False)
    return 0


async def cmd_show(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """One article with its paragraphs."""
    article = await engine.article(args.article_id, args.guild)
    if args.json:
        out_json(await article_json(engine, article))
    else:
        console_out().print(article_view(article, await engine.paragraphs(article)))
    return 0


async def cmd_remove(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """Delete an article with its paragraphs and quotes."""
    article = await engine.remove_article(args.article_id, args.guild)
    console_out().print(f"removed article {article.id}: {article.title}", markup=False)
    return 0


async def cmd_edit(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """Change an article's title, source, URL or publication day (an empty value clears a
    source, URL or day)."""
    changes = {
        name: getattr(args, name)
        for name in ("title", "source", "url", "published")
        if getattr(args, name) is not None
    }
    before = await engine.own_article(args.article_id, args.guild)
    article = await engine.edit_article(args.article_id, args.guild, changes)
    if args.json:
        out_json(await article_json(engine, article))
        return 0
    changed = [n for n in changes if getattr(before, n) != getattr(article, n)]
    what = ", ".join(changed) if changed else "nothing changed"
    console_out().print(f"edited article {article.id}: {article.title} ({what})", markup=False)
    return 0
