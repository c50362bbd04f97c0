"""Feed subscriptions, the entries each has read, and the articles they bring, stored with
their entry in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from retrieval.errors import InputError, NotFound
from retrieval.models import AddResult, Draft, Feed, QuoteRow
from retrieval.sqlite import sqlite3
from retrieval.store.articles import Articles
from retrieval.store.database import Database
from retrieval.store.rows import Row

FEED_COLUMNS = (
    "id, scope, url, title, every, channel, added_at, last_polled, next_poll, last_error, "
    "failures, etag, modified"
)
# A scope's own feeds: the global library's are changed from the command line only.
OWN_FEED = "scope IS :scope"


def _feed(row: Row) -> Feed:
    return Feed(
        id=int(row["id"]),
        scope=row["scope"],
        url=str(row["url"]),
        title=row["title"],
        every=int(row["every"]),
        channel=row["channel"],
        added_at=str(row["added_at"]),
        last_polled=row["last_polled"],
        next_poll=str(row["next_poll"]),
        last_error=row["last_error"],
        failures=int(row["failures"]),
        etag=row["etag"],
        modified=row["modified"],
    )


def stamp(moment: datetime) -> str:
    """A moment as the feeds table keeps it (UTC, to the second, sortable as text)."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


class Feeds:
    """The feeds of one library."""

    def __init__(self, db: Database, articles: Articles) -> None:
        self._db = db
        self._articles = articles

    async def subscribe(
        self,
        scope: int | None,
        url: str,
        title: str | None,
        every: int,
        channel: int | None,
        added_by: str | None,
        now: datetime,
    ) -> Feed:
        """A new subscription, polled first at `now`; one per URL and scope."""
        sql = (
            "INSERT INTO feeds (scope, url, title, every, channel, added_at, added_by, "
            "next_poll) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        )
        try:
            async with self._db.transaction() as conn:
                cur = await conn.execute(
                    sql, (scope, url, title, every, channel, stamp(now), added_by, stamp(now))
                )
                feed_id = int(cur.lastrowid or 0)
        except sqlite3.IntegrityError:
            existing = await self._by_url(scope, url)
            raise InputError(f"already subscribed to {url} as feed {existing}") from None
        return await self.get(feed_id, scope)

    async def _by_url(self, scope: int | None, url: str) -> int | None:
        async with self._db.writer.execute(
            f"SELECT id FROM feeds WHERE url = :url AND {OWN_FEED}", {"url": url, "scope": scope}
        ) as cur:
            row = await cur.fetchone()
        return int(row["id"]) if row else None

    async def get(self, feed_id: int, scope: int | None) -> Feed:
        """One of the scope's feeds, or NotFound."""
        async with self._db.writer.execute(
            f"SELECT {FEED_COLUMNS} FROM feeds WHERE id = :id AND {OWN_FEED}",
            {"id": feed_id, "scope": scope},
        ) as cur:
            row = await cur.fetchone()
        if row is None:
            raise NotFound(f"no feed {feed_id}")
        return _feed(row)

    async def of_scope(self, scope: int | None) -> list[Feed]:
        """The scope's feeds, in the order they were added."""
        async with self._db.writer.execute(
            f"SELECT {FEED_COLUMNS} FROM feeds WHERE {OWN_FEED} ORDER BY id", {"scope": scope}
        ) as cur:
            return [_feed(r) for r in await cur.fetchall()]

    async def due(self, now: datetime, limit: int = 50) -> list[Feed]:
        """Every scope's feeds whose next poll has come, the longest waiting first."""
        async with self._db.writer.execute(
            f"SELECT {FEED_COLUMNS} FROM feeds WHERE next_poll <= ? ORDER BY next_poll LIMIT ?",
            (stamp(now), limit),
        ) as cur:
            return [_feed(r) for r in await cur.fetchall()]

    async def claim(self, feed: Feed, until: datetime) -> bool:
        """Move a due feed's next poll on to `until`, if no one has since it was read as due:
        whoever moves it polls it, and any other process polling meanwhile leaves it."""
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE feeds SET next_poll = ? WHERE id = ? AND next_poll = ?",
                (stamp(until), feed.id, feed.next_poll),
            )
            return cur.rowcount == 1

    async def remove(self, feed_id: int, scope: int | None) -> Feed:
        """Unsubscribe; the articles it brought stay in the library."""
        feed = await self.get(feed_id, scope)
        async with self._db.transaction() as conn:
            await conn.execute("DELETE FROM feeds WHERE id = ?", (feed_id,))
        return feed

    async def seen(self, feed_id: int, entries: Sequence[str]) -> set[str]:
        """Which of these entries the feed has already read."""
        if not entries:
            return set()
        marks = ",".join("?" * len(entries))
        async with self._db.writer.execute(
            f"SELECT entry FROM feed_entries WHERE feed_id = ? AND entry IN ({marks})",
            (feed_id, *entries),
        ) as cur:
            return {str(r["entry"]) for r in await cur.fetchall()}

    async def stored_url(self, url: str, scope: int | None) -> int | None:
        """The article visible in `scope` stored from this URL, if any."""
        async with self._db.writer.execute(
            "SELECT a.id FROM articles a WHERE a.url = :url AND (a.scope IS NULL OR "
            "a.scope = :scope) LIMIT 1",
            {"url": url, "scope": scope},
        ) as cur:
            row = await cur.fetchone()
        return int(row["id"]) if row else None

    async def mark_seen(
        self, feed: Feed, entry: str, article_id: int | None, now: datetime
    ) -> None:
        """Record an entry read without storing an article from it."""
        async with self._db.transaction() as conn:
            await _record(conn, feed.id, entry, article_id, now)

    async def store_entry(
        self,
        feed: Feed,
        entry: str,
        draft: Draft,
        quotes: Sequence[QuoteRow],
        now: datetime,
    ) -> AddResult:
        """An entry's article stored in the feed's scope, and the entry recorded as read, in
        one transaction: never an article without its entry, nor an entry without its article."""
        async with self._db.transaction() as conn:
            [result] = await self._articles.insert(
                conn, [(draft, quotes)], feed.scope, f"feed:{feed.id}"
            )
            stored = result.article.id if result.article else result.duplicate_of
            await _record(conn, feed.id, entry, stored, now)
        return result

    async def polled(
        self,
        feed: Feed,
        now: datetime,
        next_poll: datetime,
        error: str | None,
        validators: tuple[str | None, str | None] | None = None,
        title: str | None = None,
    ) -> None:
        """How a poll went: when, the validators for the next conditional request, the error
        (and how many in a row), and when to poll next."""
        changes: dict[str, Any] = {
            "last_polled": stamp(now),
            "next_poll": stamp(next_poll),
            "last_error": error,
            "failures": feed.failures + 1 if error else 0,
            "id": feed.id,
        }
        if validators is not None:
            changes["etag"], changes["modified"] = validators
        if title:
            changes["title"] = title
        columns = ", ".join(f"{name} = :{name}" for name in changes if name != "id")
        async with self._db.transaction() as conn:
            await conn.execute(f"UPDATE feeds SET {columns} WHERE id = :id", changes)


async def _record(
    conn: Any, feed_id: int, entry: str, article_id: int | None, now: datetime
) -> None:
    await conn.execute(
        "INSERT OR IGNORE INTO feed_entries (feed_id, entry, article_id, seen_at) "
        "VALUES (?, ?, ?, ?)",
        (feed_id, entry, article_id, stamp(now)),
    )
