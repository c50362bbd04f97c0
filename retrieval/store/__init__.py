"""The store: every SQL statement newsbot runs, split by what it is about.

- `database`: the connections, migrations and the one transaction helper.
- `articles`: storing articles whole, duplicates, edits, removal, reading them back.
- `passages`: searching paragraphs and whole articles, and the term statistics.
- `quotations`: quotations and speakers.
- `feeds`: feed subscriptions and the entries each has read.
- `feedback`: answers shown with vote buttons, and the votes.
- `leases`: work that must run in one process only, when several share the library.
- `upkeep`: counts, backups and the integrity check.
- `rows`: the columns they share, read by name into `retrieval.models`.

Derived data (FTS5 indexes, term counts, stored tokens) is written only through
`retrieval.index.writer`, inside the store's transactions.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from retrieval.models import Stats
from retrieval.store import upkeep
from retrieval.store.articles import Articles
from retrieval.store.database import Database
from retrieval.store.feedback import Feedback
from retrieval.store.feeds import Feeds
from retrieval.store.leases import Leases
from retrieval.store.passages import Passages
from retrieval.store.quotations import Quotations

__all__ = ["Store"]


class Store:
    """One library file: its articles, passages and quotations."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.articles = Articles(db)
        self.passages = Passages(db)
        self.quotes = Quotations(db)
        self.feeds = Feeds(db, self.articles)
        self.feedback = Feedback(db)
        self.leases = Leases(db)

    @property
    def path(self) -> str:
        """The database file (or `:memory:`)."""
        return self.db.path

    @classmethod
    @asynccontextmanager
    async def open(cls, path: str | Path) -> AsyncIterator[Store]:
        """Open (creating if needed) and migrate the library at `path`."""
        async with Database.open(path) as db:
            yield cls(db)

    async def stats(self, scope: int | None) -> Stats:
        """What `scope` sees: articles, paragraphs, quotations and speakers."""
        return await upkeep.stats(self.db, scope)

    async def backup(self, target: Path, pages: int = 1024) -> int:
        """An online copy of the library at `target`; its size in bytes."""
        return await upkeep.backup(self.db, target, pages)

    async def check_integrity(self) -> list[str]:
        """What is wrong with the library (empty when it is sound)."""
        return await upkeep.check_integrity(self.db)
