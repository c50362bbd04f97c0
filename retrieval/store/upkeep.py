"""Keeping a library sound: its counts, an online backup, and the integrity check."""

from __future__ import annotations

import os
from pathlib import Path

from retrieval.errors import StoreError
from retrieval.index import integrity
from retrieval.models import Stats
from retrieval.sqlite import connect, sqlite3
from retrieval.store.database import Database
from retrieval.store.rows import VISIBLE

_STATS = (
    "SELECT count(*) AS articles, coalesce(sum(a.paragraph_count), 0) AS paragraphs, "
    "(SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id WHERE "
    f"{VISIBLE}) AS quotes, (SELECT count(DISTINCT q.speaker) FROM quotes q JOIN articles a "
    f"ON a.id = q.article_id WHERE {VISIBLE}) AS speakers FROM articles a WHERE {VISIBLE}"
)


async def stats(db: Database, scope: int | None) -> Stats:
    """What `scope` sees: articles, paragraphs, quotations and speakers."""
    async with db.writer.execute(_STATS, {"scope": scope}) as cur:
        row = await cur.fetchone()
    assert row is not None
    return Stats(
        int(row["articles"]), int(row["paragraphs"]), int(row["quotes"]), int(row["speakers"])
    )


async def backup(db: Database, target: Path, pages: int = 1024) -> int:
    """Copy the library to `target` with SQLite's online backup, a few pages at a time on a
    connection of its own, so that questions go on being answered meanwhile. The copy is
    checked, then renamed into place: a crash never leaves half a backup at `target`.
    Returns its size in bytes."""
    if db.path == ":memory:":
        raise StoreError("an in-memory library cannot be backed up")
    target = target.expanduser()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    copy = sqlite3.connect(partial, check_same_thread=False)
    try:
        async with connect(db.path) as source:
            await source.backup(copy, pages=pages, sleep=0.001)
        problems = [r[0] for r in copy.execute("PRAGMA quick_check") if r[0] != "ok"]
        if problems:
            raise StoreError(f"the backup failed its check: {problems[0]}")
        # One self-contained file: no -wal beside it to forget when it is copied.
        copy.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.Error as exc:
        raise StoreError(f"cannot back up to {target}: {exc}") from exc
    finally:
        copy.close()
    size = partial.stat().st_size
    with partial.open("rb") as handle:
        os.fsync(handle.fileno())
    partial.replace(target)
    return size


async def check_integrity(db: Database) -> list[str]:
    """Problems found by SQLite's and FTS5's integrity checks (empty when sound)."""
    return await integrity.check(db.writer)
