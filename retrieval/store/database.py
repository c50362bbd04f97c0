"""The connections to one library file, its migrations, and the one way to write."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
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
            # The busy timeout first: switching to WAL waits for other processes opening
            # the same file (shards started together).
            for pragma in (
                "busy_timeout = 10000",
                "journal_mode = WAL",
                "foreign_keys = ON",
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
            try:
                await self.writer.execute("BEGIN IMMEDIATE")
                yield self.writer
                await self.writer.execute("COMMIT")
            except BaseException:
                # Also when cancelled while BEGIN or COMMIT was under way: the connection's
                # thread runs them in order, so this ROLLBACK comes after whatever began.
                await _roll_back(self.writer)
                raise


async def _roll_back(conn: aiosqlite.Connection) -> None:
    """End whatever transaction the connection is in (none is fine)."""
    with suppress(sqlite3.OperationalError):
        await conn.execute("ROLLBACK")


async def _migrate(conn: aiosqlite.Connection) -> None:
    """Apply the migrations this database lacks, each in its own transaction. The version is
    read inside the transaction that applies the next one: processes started together on one
    library (shards) take turns, and none applies a migration another already has."""
    while True:
        try:
            await conn.execute("BEGIN IMMEDIATE")
            async with conn.execute("PRAGMA user_version") as cur:
                row = await cur.fetchone()
            version = int(row[0]) if row else 0
            if version > len(MIGRATIONS):
                raise StoreError(
                    f"database schema {version} is newer than this newsbot ({len(MIGRATIONS)})"
                )
            if version == len(MIGRATIONS):
                await conn.execute("COMMIT")
                return
            number = version + 1
            log.info("applying migration %d", number)
            # executescript would commit first: the script's statements run one by one.
            for statement in _statements(MIGRATIONS[version]):
                await conn.execute(statement)
            if number in BACKFILLS:
                await BACKFILLS[number](conn)
            await conn.execute(f"PRAGMA user_version = {number}")
            await conn.execute("COMMIT")
        except BaseException:
            await _roll_back(conn)
            raise


def _statements(script: str) -> list[str]:
    """A migration's statements, split where SQLite says each one is complete (a trigger's
    body holds semicolons of its own)."""
    statements: list[str] = []
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                statements.append(current.strip())
            current = ""
    if current.strip() and not current.strip().startswith("--"):
        statements.append(current.strip())
    return statements
