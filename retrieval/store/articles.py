"""Articles: storing them whole (paragraphs, quotations and index rows in one transaction),
finding duplicates, editing, removing, and reading them back."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import aiosqlite

from retrieval.errors import InputError, NotFound
from retrieval.index import writer
from retrieval.models import AddResult, Article, Draft, QuoteRow
from retrieval.store.database import Database
from retrieval.store.rows import ARTICLE_COLUMNS, OWN, VISIBLE, article, like_pattern

INSERT_ARTICLE = (
    "INSERT INTO articles (id, scope, ref, title, source, url, author, published, added_at, "
    "added_by, content_hash, paragraph_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_PARAGRAPH = "INSERT INTO paragraphs (id, article_id, position, text) VALUES (?, ?, ?, ?)"
INSERT_QUOTE = (
    "INSERT INTO quotes (article_id, paragraph_id, speaker, role, quote, cue, confidence) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
SELECT_ARTICLE = f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.id = :id AND {VISIBLE}"
# What an edit may change (the text is the article: a new text is a new article).
EDITABLE = frozenset({"title", "source", "url", "published"})


def content_hash(draft: Draft) -> str:
    """Hash of the normalised paragraphs: the same story pasted twice hashes the same."""
    digest = hashlib.sha256()
    for paragraph in draft.paragraphs:
        digest.update(" ".join(paragraph.casefold().split()).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Articles:
    """The articles of one library."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(
        self,
        batch: Sequence[tuple[Draft, Sequence[QuoteRow]]],
        scope: int | None,
        added_by: str | None,
        tokenised: Sequence[Sequence[str]] | None = None,
    ) -> list[AddResult]:
        """Store articles, each whole with its paragraphs, quotations and index rows, in one
        transaction; duplicates (of stored articles or of one earlier in the batch) are
        reported and left out. `tokenised` holds each draft's paragraph tokens, when a bulk
        import's workers have made them (otherwise the index makes them)."""
        if not batch:
            return []
        async with self._db.transaction() as conn:
            return await self.insert(conn, batch, scope, added_by, tokenised)

    async def insert(
        self,
        conn: aiosqlite.Connection,
        batch: Sequence[tuple[Draft, Sequence[QuoteRow]]],
        scope: int | None,
        added_by: str | None,
        tokenised: Sequence[Sequence[str]] | None = None,
    ) -> list[AddResult]:
        """`add`, inside a transaction the caller holds (a feed records the entry an article
        came from in the same one)."""
        added_at = _now()
        hashes = [content_hash(draft) for draft, _ in batch]
        seen = await self._visible_duplicates(hashes, [d.url for d, _ in batch], scope)
        async with conn.execute(
            "SELECT coalesce(max(id), 0) + 1, "
            "(SELECT coalesce(max(id), 0) + 1 FROM paragraphs) FROM articles"
        ) as cur:
            row = await cur.fetchone()
        assert row is not None
        # Ids are given here rather than read back after each insert: the whole batch is
        # then a handful of statements, and the write lock keeps them from being taken.
        next_article, next_paragraph = int(row[0]), int(row[1])
        results: list[AddResult] = []
        articles: list[tuple[Any, ...]] = []
        paragraphs: list[tuple[int, int, int, str]] = []
        quote_rows: list[tuple[Any, ...]] = []
        indexed: list[writer.Indexed] = []
        for n, ((draft, quotes), digest) in enumerate(zip(batch, hashes, strict=True)):
            duplicate = seen.get(digest) or (seen.get(draft.url) if draft.url else None)
            if duplicate is not None:
                results.append(AddResult(None, duplicate_of=duplicate, reason="already stored"))
                continue
            article_id, first = next_article, next_paragraph
            next_article += 1
            next_paragraph += len(draft.paragraphs)
            seen[digest] = article_id
            if draft.url:
                seen[draft.url] = article_id
            stored = Article(
                id=article_id,
                scope=scope,
                ref=draft.ref,
                title=draft.title,
                source=draft.source,
                url=draft.url,
                author=draft.author,
                published=draft.published,
                added_at=added_at,
                added_by=added_by,
                paragraphs=len(draft.paragraphs),
            )
            articles.append(
                (article_id, scope, draft.ref, draft.title, draft.source, draft.url,
                 draft.author, draft.published, added_at, added_by, digest,
                 len(draft.paragraphs))
            )  # fmt: skip
            ids = [(first + i, text) for i, text in enumerate(draft.paragraphs)]
            paragraphs.extend((pid, article_id, i + 1, t) for i, (pid, t) in enumerate(ids))
            made = tokenised[n] if tokenised is not None else None
            indexed.append(writer.Indexed(article_id, draft.title, ids, made or None))
            quote_rows.extend(
                (article_id, first + pos - 1, speaker, role, text, cue, conf)
                for pos, speaker, role, text, cue, conf in quotes
            )
            results.append(AddResult(stored))
        await conn.executemany(INSERT_ARTICLE, articles)
        await conn.executemany(INSERT_PARAGRAPH, paragraphs)
        await conn.executemany(INSERT_QUOTE, quote_rows)
        await writer.add_articles(conn, indexed)
        await writer.add_quotes(conn, [a.id for a in indexed])
        return results

    async def _visible_duplicates(
        self, hashes: Sequence[str], urls: Sequence[str | None], scope: int | None
    ) -> dict[str, int]:
        """Content hash or URL → id of a stored article visible in `scope` that has it."""
        wanted_urls = [u for u in urls if u]
        # Two indexed lookups rather than one OR, which SQLite would answer by a full scan.
        sql = (
            f"SELECT id, scope, content_hash, url FROM articles WHERE content_hash IN "
            f"({','.join('?' * len(hashes))}) UNION ALL SELECT id, scope, content_hash, url "
            f"FROM articles WHERE url IN ({','.join('?' * len(wanted_urls))})"
        )
        found: dict[str, int] = {}
        async with self._db.writer.execute(sql, (*hashes, *wanted_urls)) as cur:
            for row in await cur.fetchall():
                if row["scope"] is None or row["scope"] == scope:
                    found.setdefault(str(row["content_hash"]), int(row["id"]))
                    if row["url"]:
                        found.setdefault(str(row["url"]), int(row["id"]))
        return found

    async def get(self, article_id: int, scope: int | None) -> Article:
        """One article visible in `scope`, or NotFound."""
        async with self._db.writer.execute(
            SELECT_ARTICLE, {"id": article_id, "scope": scope}
        ) as cur:
            row = await cur.fetchone()
        if row is None:
            raise NotFound(f"no article {article_id}")
        return article(row)

    async def own(self, article_id: int, scope: int | None) -> Article:
        """One of the scope's own articles, which it may edit or remove: a server sees the
        global library but changes only its own articles; the command line without --guild
        changes the global library."""
        found = await self.get(article_id, scope)
        if found.scope != scope:
            raise NotFound(
                f"article {article_id} is in the global library: a server cannot change it "
                "(the command line without --guild can)"
            )
        return found

    async def edit(
        self, article_id: int, scope: int | None, changes: Mapping[str, str | None]
    ) -> Article:
        """Change an own article's title, source, URL or publication day (values already
        checked by the engine), its indexes kept exact in the same transaction."""
        unknown = set(changes) - EDITABLE
        if unknown:
            raise InputError(f"cannot edit {sorted(unknown)[0]}")
        async with self._db.transaction() as conn:
            # Read inside the transaction: the old title taken out of the index must be the
            # one indexed, whatever another process changed a moment before.
            before = await self.own(article_id, scope)
            url = changes.get("url")
            if url and url != before.url:
                sql = (
                    "SELECT a.id FROM articles a WHERE a.url = :url AND a.id != :id "
                    f"AND {VISIBLE} LIMIT 1"
                )
                async with conn.execute(sql, {"url": url, "id": article_id, "scope": scope}) as cur:
                    taken = await cur.fetchone()
                if taken is not None:
                    raise InputError(f"article {taken['id']} already has the URL {url}")
            if changes:
                columns = ", ".join(f"{name} = :{name}" for name in changes)
                await conn.execute(
                    f"UPDATE articles SET {columns} WHERE id = :id", {**changes, "id": article_id}
                )
            title = changes.get("title")
            if title is not None and title != before.title:
                await writer.retitle(conn, article_id, before.title, title)
        return await self.get(article_id, scope)

    async def remove(self, article_id: int, scope: int | None) -> Article:
        """Delete an own article with its paragraphs, quotations and index rows."""
        async with self._db.transaction() as conn:
            found = await self.own(article_id, scope)
            await writer.remove_article(conn, article_id)
            # The foreign keys' cascade deletes its paragraphs and quotations.
            await conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        return found

    async def paragraphs(self, article_id: int) -> list[str]:
        """The article's paragraphs in order."""
        async with self._db.writer.execute(
            "SELECT text FROM paragraphs WHERE article_id = ? ORDER BY position", (article_id,)
        ) as cur:
            return [str(r["text"]) for r in await cur.fetchall()]

    @staticmethod
    def _filter(scope: int | None, search: str | None, own: bool) -> tuple[str, dict[str, Any]]:
        sql = OWN if own else VISIBLE
        params: dict[str, Any] = {"scope": scope}
        if search:
            sql += " AND (a.title LIKE :pattern ESCAPE '\\' OR a.source LIKE :pattern ESCAPE '\\')"
            params["pattern"] = like_pattern(search)
        return sql, params

    async def newest(
        self,
        scope: int | None,
        search: str | None = None,
        limit: int = 50,
        offset: int = 0,
        own: bool = False,
    ) -> list[Article]:
        """Newest first; `search` filters titles and sources by substring; `own` keeps the
        scope's own articles (those it may change), not the global ones it sees."""
        where, params = self._filter(scope, search, own)
        sql = (
            f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE {where} "
            "ORDER BY a.id DESC LIMIT :limit OFFSET :offset"
        )
        params.update(limit=limit, offset=offset)
        async with self._db.writer.execute(sql, params) as cur:
            return [article(r) for r in await cur.fetchall()]

    async def count(self, scope: int | None, search: str | None = None, own: bool = False) -> int:
        """How many articles `newest` would page through."""
        where, params = self._filter(scope, search, own)
        async with self._db.writer.execute(
            f"SELECT count(*) FROM articles a WHERE {where}", params
        ) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def known_refs(self, scope: int | None) -> set[str]:
        """Import refs already stored in exactly this scope (for resumable imports)."""
        async with self._db.writer.execute(
            "SELECT ref FROM articles WHERE ref IS NOT NULL AND scope IS ?", (scope,)
        ) as cur:
            return {str(r["ref"]) for r in await cur.fetchall()}

    async def ids(self) -> list[int]:
        """Every article id, for maintenance such as `reindex`."""
        async with self._db.writer.execute("SELECT id FROM articles ORDER BY id") as cur:
            return [int(r["id"]) for r in await cur.fetchall()]
