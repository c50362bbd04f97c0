"""The connections to one library file, its migrations, and the one way to write."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from retrieval.errors import StoreError
from retrieval.index import writer
from retrieval.schema import MIGRATIONS
from retrieval.sqlite import connect, sqlite3

log = logging.getLogger(__name__)

# Python steps that finish a migration inside its transaction: migration 4 adds
# `paragraph_tokens`, which the paragraphs already stored are filled into.
BACKFILLS: dict[int, Callable[[aiosqlite.Connection], Awaitable[None]]] = {
    4: writer.fill_tokens,
}


class Database:
    """One long-lived aiosqlite connection that writes, and two that only read: questions are
    searched on those (in WAL mode they never wait for a write transaction), the paragraphs
    on `search` while the whole articles are searched on `reader` (SQLite works outside the
    GIL, so both run at once). Every row is read by column name."""

    def __init__(
        self,
        path: str,
        writer_conn: aiosqlite.Connection,
        search: aiosqlite.Connection | None = None,
        reader: aiosqlite.Connection | None = None,
    ) -> None:
        self.path = path
        self.writer = writer_conn
        # One connection writes: tasks that write at once (two servers importing, feeds
        # polled side by side) take turns for whole transactions.
        self._writing = asyncio.Lock()
        self.search = search or writer_conn
        self.reader = reader or writer_conn

    @classmethod
    @asynccontextmanager
    async def open(cls, path: str | Path) -> AsyncIterator[Database]:
        """Open (creating if needed) and migrate the database at `path`."""
        path = str(path)
        if path != ":memory:":
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = await connect(path, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open database {path}: {exc}") from exc
        readers: list[aiosqlite.Connection] = []
        try:
            conn.row_factory = sqlite3.Row
            for pragma in (
                "journal_mode = WAL",
                "foreign_keys = ON",
                "busy_timeout = 10000",
                "synchronous = NORMAL",
                "temp_store = MEMORY",
            ):
                await conn.execute(f"PRAGMA {pragma}")
            await _migrate(conn)
            await writer.prepare(conn)
            if path != ":memory:":
                for _ in range(2):
                    reader = await connect(path, isolation_level=None)
                    readers.append(reader)
                    reader.row_factory = sqlite3.Row
                    await reader.execute("PRAGMA query_only = ON")
                    await reader.execute("PRAGMA busy_timeout = 10000")
            yield cls(path, conn, *readers)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"database {path} is not usable: {exc}") from exc
        finally:
            for reader in readers:
                await reader.close()
            await conn.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Everything inside commits together or not at all."""
        async with self._writing:
            await self.writer.execute("BEGIN IMMEDIATE")
            try:
                yield self.writer
            except BaseException:
                await self.writer.execute("ROLLBACK")
                raise
            await self.writer.execute("COMMIT")


async def _migrate(conn: aiosqlite.Connection) -> None:
    """Apply the migrations this database lacks, each in its own transaction."""
    async with conn.execute("PRAGMA user_version") as cur:
        row = await cur.fetchone()
    version = int(row[0]) if row else 0
    if version > len(MIGRATIONS):
        raise StoreError(
            f"database schema {version} is newer than this newsbot ({len(MIGRATIONS)})"
        )
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        log.info("applying migration %d", number)
        try:
            await conn.executescript(f"BEGIN IMMEDIATE;\n{script}")
            if number in BACKFILLS:
                await BACKFILLS[number](conn)
            # execute, not executescript: that would commit first, without the version.
            await conn.execute(f"PRAGMA user_version = {number}")
            await conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                await conn.execute("ROLLBACK")
            raise
