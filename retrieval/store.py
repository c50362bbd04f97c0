"""The one module that owns SQL: articles, paragraphs, quotes and their FTS5 indexes."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import astuple, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite

from retrieval.errors import NotFound, StoreError
from retrieval.models import AddResult, Article, Draft, Quote
from retrieval.query import fts_string
from retrieval.schema import MIGRATIONS
from retrieval.sqlite import connect, sqlite3
from retrieval.text import tokens, words

log = logging.getLogger(__name__)

ARTICLE_COLUMNS = (
    "a.id, a.scope, a.ref, a.title, a.source, a.url, a.author, a.published, a.added_at, "
    "a.added_by, a.paragraph_count"
)
# A scope sees its own articles and the global library (scope NULL). The CLI without --guild
# (scope None) sees the global library only.
VISIBLE = "(a.scope IS NULL OR a.scope = :scope)"

SELECT_ARTICLE = f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.id = :id AND {VISIBLE}"
INSERT_ARTICLE = (
    "INSERT INTO articles (id, scope, ref, title, source, url, author, published, added_at, "
    "added_by, content_hash, paragraph_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
INSERT_PARAGRAPH = "INSERT INTO paragraphs (id, article_id, position, text) VALUES (?, ?, ?, ?)"
INSERT_TOKENS = "INSERT INTO paragraph_tokens (id, tokens) VALUES (?, ?)"
INSERT_QUOTE = (
    "INSERT INTO quotes (article_id, paragraph_id, speaker, role, quote, cue, confidence) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
QUOTE_FROM = (
    "SELECT q.id, q.article_id, p.position, q.speaker, q.role, q.quote, q.cue, q.confidence, "
    "a.title, q.paragraph_id, a.published FROM quotes q JOIN paragraphs p ON p.id = q.paragraph_id "
    "JOIN articles a ON a.id = q.article_id"
)
# The unary + keeps SQLite from starting at the scope index (every global article): walking
# the quotations' article index from the newest is what a limited list wants.
SELECT_QUOTES = f"{QUOTE_FROM} WHERE (+a.scope IS NULL OR +a.scope = :scope)"


@dataclass(frozen=True)
class PassageRow:
    """A paragraph with what a citation needs from its article."""

    paragraph_id: int
    position: int
    text: str
    score: float
    article: Article
    # The text's stemmed tokens, space-separated, when the store read them with it.
    tokens: str | None = None

    def token_list(self) -> list[str]:
        """The text's stemmed tokens in order (read with the row, or tokenised now)."""
        return self.tokens.split() if self.tokens is not None else tokens(self.text)


@dataclass(frozen=True)
class CandidateRow:
    """A paragraph found by BM25, with what exact re-scoring needs; the citation it becomes
    (`passage`) is built only for the paragraphs kept."""

    id: int
    score: float
    text: str
    title: str
    size: int
    tokens: str
    row: tuple[Any, ...]

    def passage(self, score: float | None = None) -> PassageRow:
        """The paragraph with its article, scored `score` (or its BM25 score)."""
        r = self.row
        score = self.score if score is None else score
        return PassageRow(self.id, int(r[1]), self.text, score, _article(r[4:]), self.tokens)


@dataclass(frozen=True)
class Stats:
    """Counts for `/stats` and the CLI."""

    articles: int
    paragraphs: int
    quotes: int
    speakers: int


def content_hash(draft: Draft) -> str:
    """Hash of the normalised paragraphs: the same story pasted twice hashes the same."""
    digest = hashlib.sha256()
    for paragraph in draft.paragraphs:
        digest.update(" ".join(paragraph.casefold().split()).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def _article(row: Sequence[Any]) -> Article:
    return Article(*row)


def _quote(r: Sequence[Any]) -> Quote:
    return Quote(
        id=int(r[0]),
        article_id=int(r[1]),
        paragraph=int(r[2]),
        speaker=r[3],
        role=r[4],
        text=str(r[5]),
        cue=r[6],
        confidence=float(r[7]),
        article_title=str(r[8]),
        paragraph_id=int(r[9]),
        published=r[10],
    )


def _varints(data: bytes) -> list[int]:
    """The SQLite varints FTS5 packs its counts into (big-endian, 7 bits a byte, up to 9)."""
    values: list[int] = []
    at = 0
    while at < len(data):
        value = 0
        for n in range(9):
            byte = data[at]
            at += 1
            if n == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        values.append(value)
    return values


def paragraph_tokens(paragraphs: Iterable[str]) -> list[str]:
    """Each paragraph's stemmed tokens, space-separated, as `paragraph_tokens` keeps them."""
    return [" ".join(tokens(p)) for p in paragraphs]


def _stem_ending(length: int) -> int:
    """How many trailing letters of a typed word stemming may have changed in the index."""
    return 0 if length <= 4 else 1 if length == 5 else 2


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# The migration that adds `paragraph_tokens`, which existing paragraphs are filled into.
TOKENS_MIGRATION = 4

QuoteRow = tuple[int, str | None, str | None, str, str | None, float]
"""A quotation to store: (paragraph position, speaker, role, text, cue, confidence)."""


class Store:
    """SQLite through one long-lived aiosqlite connection that writes, and two that only read:
    questions are searched on those (in WAL mode they never wait for a write transaction),
    the paragraphs on one while the whole articles are searched on the other (SQLite works
    outside the GIL, so both run at once)."""

    def __init__(self, conn: aiosqlite.Connection, path: str) -> None:
        self._conn = conn
        self._search = conn
        self._reader = conn
        self.path = path

    @classmethod
    @asynccontextmanager
    async def open(cls, path: str | Path) -> AsyncIterator[Store]:
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
            await conn.execute("PRAGMA journal_mode = WAL")
            await conn.execute("PRAGMA foreign_keys = ON")
            await conn.execute("PRAGMA busy_timeout = 10000")
            await conn.execute("PRAGMA synchronous = NORMAL")
            await conn.execute("PRAGMA temp_store = MEMORY")
            store = cls(conn, path)
            await store._migrate()
            # Tokenises paragraphs exactly as the index does, to keep `terms` in step.
            await conn.executescript(
                "CREATE VIRTUAL TABLE temp.scratch USING fts5(text, title, content='', "
                "tokenize='porter unicode61 remove_diacritics 2');"
                "CREATE VIRTUAL TABLE temp.scratch_vocab USING fts5vocab(temp, scratch, 'row');"
            )
            if path != ":memory:":
                for _ in range(2):
                    reader = await connect(path, isolation_level=None)
                    readers.append(reader)
                    await reader.execute("PRAGMA query_only = ON")
                    await reader.execute("PRAGMA busy_timeout = 10000")
                store._search, store._reader = readers
            yield store
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"database {path} is not usable: {exc}") from exc
        finally:
            for reader in readers:
                await reader.close()
            await conn.close()

    async def _migrate(self) -> None:
        async with self._conn.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        version = int(row[0]) if row else 0
        if version > len(MIGRATIONS):
            raise StoreError(
                f"database schema {version} is newer than this newsbot ({len(MIGRATIONS)})"
            )
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            log.info("applying migration %d", number)
            try:
                await self._conn.executescript(f"BEGIN IMMEDIATE;\n{script}")
                if number == TOKENS_MIGRATION:
                    await self._fill_tokens()
                # execute, not executescript: that would commit first, without the version.
                await self._conn.execute(f"PRAGMA user_version = {number}")
                await self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    await self._conn.execute("ROLLBACK")
                raise

    async def _fill_tokens(self, batch: int = 5000) -> None:
        """The tokens of paragraphs stored before `paragraph_tokens` existed, in the
        migration's transaction: the database moves to the new schema with all of them or
        not at all."""
        last = 0
        while True:
            async with self._conn.execute(
                "SELECT id, text FROM paragraphs WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
            ) as cur:
                rows = list(await cur.fetchall())
            if not rows:
                return
            if not last:
                log.warning("indexing the tokens of stored paragraphs (once)")
            made = paragraph_tokens(str(text) for _, text in rows)
            await self._conn.executemany(
                INSERT_TOKENS, [(int(r[0]), t) for r, t in zip(rows, made, strict=True)]
            )
            last = int(rows[-1][0])

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Everything inside commits together or not at all."""
        await self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            await self._conn.execute("ROLLBACK")
            raise
        await self._conn.execute("COMMIT")

    # -- writing ---------------------------------------------------------------------------

    async def add_article(
        self,
        draft: Draft,
        scope: int | None,
        added_by: str | None,
        quotes: Iterable[QuoteRow] = (),
    ) -> AddResult:
        """Store an article with its paragraphs, index rows and quotes in one transaction."""
        return (await self.add_articles([(draft, list(quotes))], scope, added_by))[0]

    async def add_articles(
        self,
        batch: Sequence[tuple[Draft, Sequence[QuoteRow]]],
        scope: int | None,
        added_by: str | None,
        tokenised: Sequence[Sequence[str]] | None = None,
    ) -> list[AddResult]:
        """Store several articles, each whole with its paragraphs, index rows and quotes, in
        one transaction; duplicates (of stored articles or of one earlier in the batch) are
        reported and left out. `tokenised` holds each draft's `paragraph_tokens`, when a bulk
        import's workers have made them (otherwise they are made here)."""
        if not batch:
            return []
        added_at = _now()
        hashes = [content_hash(draft) for draft, _ in batch]
        async with self.transaction() as conn:
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
            token_rows: list[tuple[int, str]] = []
            bodies: list[tuple[int, str, str]] = []
            quote_rows: list[tuple[Any, ...]] = []
            for n, ((draft, quotes), digest) in enumerate(zip(batch, hashes, strict=True)):
                duplicate = seen.get(digest) or (seen.get(draft.url) if draft.url else None)
                if duplicate is not None:
                    results.append(AddResult(None, duplicate_of=duplicate, reason="already stored"))
                    continue
                article_id = next_article
                next_article += 1
                seen[digest] = article_id
                if draft.url:
                    seen[draft.url] = article_id
                first = next_paragraph
                next_paragraph += len(draft.paragraphs)
                article = Article(
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
                # INSERT_ARTICLE's columns: the article's own, with its hash before its count.
                fields = astuple(article)
                articles.append((*fields[:-1], digest, fields[-1]))
                paragraphs.extend(
                    (first + i, article_id, i + 1, text) for i, text in enumerate(draft.paragraphs)
                )
                made = tokenised[n] if tokenised is not None else None
                token_rows.extend(
                    enumerate(made or paragraph_tokens(draft.paragraphs), start=first)
                )
                bodies.append((article_id, draft.title, "\n".join(draft.paragraphs)))
                quote_rows.extend(
                    (article_id, first + pos - 1, speaker, role, text, cue, conf)
                    for pos, speaker, role, text, cue, conf in quotes
                )
                results.append(AddResult(article))
            await conn.executemany(INSERT_ARTICLE, articles)
            await conn.executemany(INSERT_PARAGRAPH, paragraphs)
            await conn.executemany(INSERT_TOKENS, token_rows)
            await conn.executemany(
                "INSERT INTO articles_fts(rowid, title, body) VALUES (?, ?, ?)", bodies
            )
            await conn.executemany(INSERT_QUOTE, quote_rows)
            titles = {a[0]: a[3] for a in articles}
            await self._count_terms(
                [(text, titles[aid]) for _, aid, _, text in paragraphs],
                [(body, title) for _, title, body in bodies],
                +1,
            )
        return results

    async def _count_terms(
        self, paragraphs: Sequence[tuple[str, str]], articles: Sequence[tuple[str, str]], sign: int
    ) -> None:
        """Add (or, with sign -1, take away) the terms of these (text, title) paragraphs and
        (body, title) articles in `terms`. They are tokenised by FTS5 itself, in a scratch
        index, so the counts are the indexes' own."""
        for rows, column in ((paragraphs, "docs"), (articles, "articles")):
            if not rows:
                continue
            await self._conn.executemany(
                "INSERT INTO temp.scratch(text, title) VALUES (?, ?)", rows
            )
            await self._conn.execute(
                f"INSERT INTO terms (term, docs, articles) SELECT term, "
                f"{'doc' if column == 'docs' else '0'} * :sign, "
                f"{'doc' if column == 'articles' else '0'} * :sign FROM temp.scratch_vocab "
                f"WHERE true ON CONFLICT (term) DO UPDATE SET {column} = {column} + "
                f"excluded.{column}",
                {"sign": sign},
            )
            await self._conn.execute("INSERT INTO temp.scratch(scratch) VALUES ('delete-all')")
        if sign < 0:
            await self._conn.execute("DELETE FROM terms WHERE docs <= 0")

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
        async with self._conn.execute(sql, (*hashes, *wanted_urls)) as cur:
            for article_id, owner, digest, url in await cur.fetchall():
                if owner is None or owner == scope:
                    found.setdefault(str(digest), int(article_id))
                    if url:
                        found.setdefault(str(url), int(article_id))
        return found

    async def replace_quotes(self, article_id: int, quotes: Iterable[QuoteRow]) -> int:
        """Re-extracted quotations replace the stored ones, atomically."""
        async with self.transaction() as conn:
            async with conn.execute(
                "SELECT position, id FROM paragraphs WHERE article_id = ?", (article_id,)
            ) as cur:
                ids = {int(pos): int(pid) for pos, pid in await cur.fetchall()}
            await conn.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
            rows = [
                (article_id, ids[pos], speaker, role, text, cue, conf)
                for pos, speaker, role, text, cue, conf in quotes
            ]
            await conn.executemany(INSERT_QUOTE, rows)
        return len(rows)

    async def remove_article(self, article_id: int, scope: int | None) -> Article:
        """Delete an article visible in `scope` (a server may remove only its own)."""
        article = await self.get_article(article_id, scope)
        if article.scope != scope:
            raise NotFound(f"article {article_id} belongs to the global library")
        texts = await self.paragraphs(article_id)
        body = "\n".join(texts)
        async with self.transaction() as conn:
            await self._count_terms(
                [(text, article.title) for text in texts], [(body, article.title)], -1
            )
            await conn.execute(
                "INSERT INTO articles_fts(articles_fts, rowid, title, body) "
                "VALUES ('delete', ?, ?, ?)",
                (article_id, article.title, body),
            )
            await conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        return article

    # -- reading ---------------------------------------------------------------------------

    async def get_article(self, article_id: int, scope: int | None) -> Article:
        """One visible article, or NotFound."""
        async with self._conn.execute(SELECT_ARTICLE, {"id": article_id, "scope": scope}) as cur:
            row = await cur.fetchone()
        if row is None:
            raise NotFound(f"no article {article_id}")
        return _article(row)

    async def paragraphs(self, article_id: int) -> list[str]:
        """The article's paragraphs in order."""
        async with self._conn.execute(
            "SELECT text FROM paragraphs WHERE article_id = ? ORDER BY position", (article_id,)
        ) as cur:
            return [str(r[0]) for r in await cur.fetchall()]

    @staticmethod
    def _article_filter(
        scope: int | None, search: str | None, own: bool = False
    ) -> tuple[str, dict[str, Any]]:
        # `own`: the scope's own articles only, not the global library it also sees.
        sql = "a.scope IS :scope" if own else VISIBLE
        params: dict[str, Any] = {"scope": scope}
        if search:
            sql += " AND (a.title LIKE :pattern ESCAPE '\\' OR a.source LIKE :pattern ESCAPE '\\')"
            escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params["pattern"] = f"%{escaped}%"
        return sql, params

    async def list_articles(
        self,
        scope: int | None,
        search: str | None = None,
        limit: int = 50,
        offset: int = 0,
        own: bool = False,
    ) -> list[Article]:
        """Newest first; `search` filters titles and sources by substring; `own` keeps the
        scope's own articles (those it may remove), not the global ones it sees."""
        where, params = self._article_filter(scope, search, own)
        sql = (
            f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE {where} "
            "ORDER BY a.id DESC LIMIT :limit OFFSET :offset"
        )
        async with self._conn.execute(sql, {**params, "limit": limit, "offset": offset}) as cur:
            return [_article(r) for r in await cur.fetchall()]

    async def count_articles(self, scope: int | None, search: str | None = None) -> int:
        """How many articles `list_articles` would page through."""
        where, params = self._article_filter(scope, search)
        sql = f"SELECT count(*) FROM articles a WHERE {where}"
        async with self._conn.execute(sql, params) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def known_refs(self, scope: int | None) -> set[str]:
        """Import refs already stored in exactly this scope (for resumable imports)."""
        async with self._conn.execute(
            "SELECT ref FROM articles WHERE ref IS NOT NULL AND scope IS ?", (scope,)
        ) as cur:
            return {str(r[0]) for r in await cur.fetchall()}

    async def search_paragraphs(
        self,
        match: str,
        scope: int | None,
        limit: int,
        title_weight: float,
        article_id: int | None = None,
    ) -> list[PassageRow]:
        """Paragraphs matching an FTS5 query, best BM25 first (optionally of one article).
        `match` comes from query.py."""
        sql = (
            f"SELECT p.id, p.position, p.text, -bm25(paragraphs_fts, 1.0, :tw) AS score, "
            f"{ARTICLE_COLUMNS} FROM paragraphs_fts "
            "JOIN paragraphs p ON p.id = paragraphs_fts.rowid "
            f"JOIN articles a ON a.id = p.article_id "
            f"WHERE paragraphs_fts MATCH :match AND {VISIBLE} "
            + ("AND a.id = :article " if article_id is not None else "")
            + "ORDER BY bm25(paragraphs_fts, 1.0, :tw) LIMIT :limit"
        )
        params = {
            "match": match,
            "scope": scope,
            "limit": limit,
            "tw": title_weight,
            "article": article_id,
        }
        async with self._search.execute(sql, params) as cur:
            rows = await cur.fetchall()
        return [
            PassageRow(int(r[0]), int(r[1]), str(r[2]), float(r[3]), _article(r[4:])) for r in rows
        ]

    async def search_articles(
        self, match: str, scope: int | None, limit: int, title_weight: float
    ) -> dict[int, float]:
        """Article id → whole-article BM25 score, for the best `limit` visible articles."""
        # FTS5 ranks alone first: joining every matching row before the sort doubles the cost.
        # Twice the limit is ranked so that other servers' articles rarely crowd out ours.
        sql = (
            "SELECT f.id, f.score FROM (SELECT rowid AS id, -bm25(articles_fts, :tw, 1.0) "
            "AS score FROM articles_fts WHERE articles_fts MATCH :match ORDER BY score DESC "
            f"LIMIT :fetch) f JOIN articles a ON a.id = f.id WHERE {VISIBLE} "
            "ORDER BY f.score DESC LIMIT :limit"
        )
        params = {
            "match": match,
            "scope": scope,
            "limit": limit,
            "fetch": limit * 2,
            "tw": title_weight,
        }
        async with self._reader.execute(sql, params) as cur:
            return {int(r[0]): float(r[1]) for r in await cur.fetchall()}

    async def rank_paragraphs(
        self, match: str, limit: int, title_weight: float
    ) -> list[tuple[int, float]]:
        """(paragraph id, BM25 score) of the best `limit` rows of the whole index, whatever
        their scope: FTS5 alone, with no join, is the fastest way to rank."""
        sql = (
            "SELECT rowid, -bm25(paragraphs_fts, 1.0, :tw) AS score FROM paragraphs_fts "
            "WHERE paragraphs_fts MATCH :match ORDER BY score DESC LIMIT :limit"
        )
        params = {"match": match, "limit": limit, "tw": title_weight}
        async with self._search.execute(sql, params) as cur:
            return [(int(r[0]), float(r[1])) for r in await cur.fetchall()]

    async def candidates(
        self, match: str, limit: int, title_weight: float, scope: int | None
    ) -> tuple[list[tuple[int, float]], list[CandidateRow]]:
        """The best `limit` rows of the whole index by BM25 (whatever their scope), and the
        visible ones among them with text, article and size, best first: one statement, FTS5
        ranking alone in the inner query (joining every matching row would double its cost)."""
        sql = (
            "SELECT f.id, f.score, (+a.scope IS NULL OR +a.scope = :scope), p.position, p.text, "
            f"d.sz, t.tokens, {ARTICLE_COLUMNS} FROM (SELECT rowid AS id, "
            "-bm25(paragraphs_fts, 1.0, :tw) AS score FROM paragraphs_fts "
            "WHERE paragraphs_fts MATCH :match ORDER BY score DESC LIMIT :limit) f "
            "JOIN paragraphs p ON p.id = f.id JOIN articles a ON a.id = p.article_id "
            "JOIN paragraphs_fts_docsize d ON d.id = f.id "
            "LEFT JOIN paragraph_tokens t ON t.id = f.id ORDER BY f.score DESC"
        )
        params = {"match": match, "limit": limit, "tw": title_weight, "scope": scope}
        async with self._search.execute(sql, params) as cur:
            rows = await cur.fetchall()
        scored = [(int(r[0]), float(r[1])) for r in rows]
        found = [
            CandidateRow(
                int(r[0]),
                float(r[1]),
                str(r[4]),
                str(r[10]),
                sum(_varints(bytes(r[5]))),
                # A paragraph whose tokens are missing is tokenised here: slower, the same.
                str(r[6]) if r[6] is not None else paragraph_tokens([str(r[4])])[0],
                (r[0], r[3], r[4], r[5], *r[7:]),
            )
            for r in rows
            if r[2]
        ]
        return scored, found

    async def passage_rows(
        self, paragraph_ids: Sequence[int], scope: int | None
    ) -> list[PassageRow]:
        """Visible paragraphs by id, in the order given, with score 0."""
        if not paragraph_ids:
            return []
        marks = ",".join("?" * len(paragraph_ids))
        sql = (
            f"SELECT p.id, p.position, p.text, {ARTICLE_COLUMNS} FROM paragraphs p "
            f"JOIN articles a ON a.id = p.article_id WHERE p.id IN ({marks}) "
            "AND (+a.scope IS NULL OR +a.scope = ?)"
        )
        async with self._search.execute(sql, (*paragraph_ids, scope)) as cur:
            rows = {int(r[0]): r for r in await cur.fetchall()}
        return [
            PassageRow(pid, int(rows[pid][1]), str(rows[pid][2]), 0.0, _article(rows[pid][3:]))
            for pid in paragraph_ids
            if pid in rows
        ]

    async def quotes(
        self,
        scope: int | None,
        speaker: str | None = None,
        article_id: int | None = None,
        match: str | None = None,
        limit: int = 50,
        exact_speaker: bool = False,
    ) -> list[Quote]:
        """Visible quotations, filtered by speaker (a substring, or with `exact_speaker` the
        whole name in any case), article, or an FTS5 query."""
        sql, params = self._quote_filter(scope, speaker, article_id, match, exact_speaker)
        params["limit"] = limit
        # Quotes are stored in reading order, so their ids order them within an article, and
        # the article index can hand out the newest first without sorting every quotation.
        sql += " ORDER BY q.article_id DESC, q.id LIMIT :limit"
        async with self._search.execute(sql, params) as cur:
            return [_quote(r) for r in await cur.fetchall()]

    async def count_quotes(
        self, scope: int | None, speaker: str | None = None, article_id: int | None = None
    ) -> int:
        """How many quotations `quotes` would list with no limit."""
        sql, params = self._quote_filter(scope, speaker, article_id, None, False)
        async with self._search.execute(f"SELECT count(*) FROM ({sql})", params) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    @staticmethod
    def _quote_filter(
        scope: int | None,
        speaker: str | None,
        article_id: int | None,
        match: str | None,
        exact_speaker: bool,
    ) -> tuple[str, dict[str, Any]]:
        sql = SELECT_QUOTES
        params: dict[str, Any] = {"scope": scope}
        if speaker and exact_speaker:
            sql += " AND q.speaker = :speaker COLLATE NOCASE"
            params["speaker"] = speaker
        elif speaker:
            sql += " AND q.speaker LIKE :speaker ESCAPE '\\'"
            escaped = speaker.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params["speaker"] = f"%{escaped}%"
        if article_id is not None:
            sql += " AND q.article_id = :article"
            params["article"] = article_id
        if match:
            sql += " AND q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :match)"
            params["match"] = match
        return sql, params

    async def quotes_ranked(self, match: str, scope: int | None, limit: int) -> list[Quote]:
        """Visible quotations matching an FTS5 query on their words, best BM25 first: what a
        claim is compared with, however many quotations the library holds."""
        # FTS5 ranks alone first, over more rows than wanted, so that other servers'
        # quotations left out still leave `limit` visible ones in most libraries.
        sql = (
            f"{QUOTE_FROM} JOIN (SELECT rowid AS id, bm25(quotes_fts, 1.0, 0.0) AS rank "
            "FROM quotes_fts WHERE quotes_fts MATCH :match ORDER BY rank LIMIT :pool) f "
            "ON f.id = q.id WHERE (+a.scope IS NULL OR +a.scope = :scope) "
            "ORDER BY f.rank LIMIT :limit"
        )
        params = {"match": match, "scope": scope, "limit": limit, "pool": limit * 4}
        async with self._search.execute(sql, params) as cur:
            return [_quote(r) for r in await cur.fetchall()]

    async def terms_near(self, start: str, limit: int = 5000) -> list[tuple[str, int]]:
        """Indexed stems that begin with `start`, with how many paragraphs hold each, most
        common first: the vocabulary a misspelt word is corrected from."""
        end = start[:-1] + chr(ord(start[-1]) + 1) if start else ""
        sql = (
            "SELECT term, docs FROM terms WHERE term >= ? AND term < ? AND docs > 0 "
            "ORDER BY docs DESC LIMIT ?"
        )
        async with self._search.execute(sql, (start, end, limit)) as cur:
            return [(str(r[0]), int(r[1])) for r in await cur.fetchall()]

    async def quotes_in_paragraphs(self, paragraph_ids: Sequence[int]) -> list[Quote]:
        """The quotations of the given paragraphs."""
        if not paragraph_ids:
            return []
        marks = ",".join("?" * len(paragraph_ids))
        sql = f"{QUOTE_FROM} WHERE q.paragraph_id IN ({marks}) ORDER BY q.id"
        async with self._search.execute(sql, tuple(paragraph_ids)) as cur:
            return [_quote(r) for r in await cur.fetchall()]

    async def _speakers_indexed(
        self, match: str, scope: int | None, limit: int, latest: int | None
    ) -> list[str]:
        """Distinct visible speakers of the quotations whose speaker column matches `match`
        (of the latest `latest` of them, if given), most quoted first."""
        window = f" ORDER BY rowid DESC LIMIT {int(latest)}" if latest else ""
        sql = (
            "SELECT q.speaker, count(*) AS n FROM quotes q JOIN articles a ON a.id = q.article_id "
            f"WHERE q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :match{window}) "
            f"AND {VISIBLE} GROUP BY q.speaker ORDER BY n DESC, q.speaker LIMIT :limit"
        )
        params = {"match": match, "scope": scope, "limit": limit}
        async with self._search.execute(sql, params) as cur:
            return [str(r[0]) for r in await cur.fetchall() if r[0]]

    async def speakers_named(
        self, word: str, scope: int | None, limit: int = 200, prefix: bool = False
    ) -> list[str]:
        """Distinct visible speakers with this word (or, with `prefix`, a word starting so) in
        their name, most quoted first, found through the quotation index's speaker column
        rather than by reading every quotation."""
        match = "speaker : " + fts_string(word) + (" *" if prefix else "")
        return await self._speakers_indexed(match, scope, limit, None)

    async def speakers(self, scope: int | None, prefix: str = "", limit: int = 25) -> list[str]:
        """Distinct visible speakers for autocomplete, most quoted first: those whose name
        holds what was typed, or with nothing typed, the most quoted of the latest quotations.
        Both come through indexes: counting every quotation is too slow for a keystroke in a
        large library."""
        typed = words(prefix)
        if not typed:
            sql = (
                "SELECT q.speaker, count(*) AS n FROM (SELECT * FROM quotes ORDER BY id DESC "
                "LIMIT 5000) q JOIN articles a ON a.id = q.article_id WHERE q.speaker IS NOT "
                f"NULL AND {VISIBLE} GROUP BY q.speaker ORDER BY n DESC, q.speaker LIMIT :limit"
            )
            async with self._search.execute(sql, {"scope": scope, "limit": limit}) as cur:
                return [str(r[0]) for r in await cur.fetchall()]
        # The index holds stems, which may end differently from the word typed ("anatoly" is
        # "anatoli", "hughes" is "hugh"): it is asked for the words' beginnings, and the names
        # are checked here. Counts come from the latest 5,000 matching quotations.
        starts = " AND ".join(fts_string(w[: len(w) - _stem_ending(len(w))]) + " *" for w in typed)
        names = await self._speakers_indexed(f"speaker : ({starts})", scope, limit * 4, 5000)
        wanted = " ".join(typed)
        return [n for n in names if wanted in " ".join(words(n))][:limit]

    async def quote_counts(self) -> dict[int, int]:
        """Article id → how many quotations it has stored (articles with none left out)."""
        sql = "SELECT article_id, count(*) FROM quotes GROUP BY article_id"
        async with self._conn.execute(sql) as cur:
            return {int(a): int(n) for a, n in await cur.fetchall()}

    async def stats(self, scope: int | None) -> Stats:
        """Visible counts."""
        sql = (
            "SELECT count(*), coalesce(sum(a.paragraph_count), 0), "
            "(SELECT count(*) FROM quotes q JOIN articles a ON a.id = q.article_id WHERE "
            f"{VISIBLE}), (SELECT count(DISTINCT q.speaker) FROM quotes q JOIN articles a "
            f"ON a.id = q.article_id WHERE {VISIBLE}) FROM articles a WHERE {VISIBLE}"
        )
        async with self._conn.execute(sql, {"scope": scope}) as cur:
            row = await cur.fetchone()
        assert row is not None
        return Stats(int(row[0]), int(row[1]), int(row[2]), int(row[3]))

    async def term_statistics(
        self, stems: Sequence[str]
    ) -> tuple[tuple[int, int], dict[str, tuple[int, int]]]:
        """The paragraph index's row count and token count (all columns), read from FTS5's own
        record of them (which is what bm25() uses), and stem → (paragraphs, articles) holding
        it for those of `stems` in the library: one statement, since every question needs
        both before it can plan its search."""
        marks = ",".join("?" * len(stems))
        sql = (
            "SELECT NULL, block, NULL FROM paragraphs_fts_data WHERE id = 1 UNION ALL "
            f"SELECT term, docs, articles FROM terms WHERE term IN ({marks})"
        )
        totals = (0, 0)
        counts: dict[str, tuple[int, int]] = {}
        async with self._search.execute(sql, tuple(stems)) as cur:
            for term, docs, articles in await cur.fetchall():
                if term is not None:
                    counts[str(term)] = (int(docs), int(articles))
                elif docs:
                    # FTS5's own record: the row count, then each column's token count.
                    values = _varints(bytes(docs))
                    totals = (values[0], sum(values[1:]))
        return totals, counts

    async def all_article_ids(self) -> list[int]:
        """Every article id, for maintenance such as `reindex`."""
        async with self._conn.execute("SELECT id FROM articles ORDER BY id") as cur:
            return [int(r[0]) for r in await cur.fetchall()]

    async def backup(self, target: Path, pages: int = 1024) -> int:
        """Copy the library to `target` with SQLite's online backup, a few pages at a time on
        a connection of its own, so that questions go on being answered meanwhile. The copy
        is checked, then renamed into place: a crash never leaves half a backup at `target`.
        Returns its size in bytes."""
        if self.path == ":memory:":
            raise StoreError("an in-memory library cannot be backed up")
        target = target.expanduser()
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        copy = sqlite3.connect(partial, check_same_thread=False)
        try:
            async with connect(self.path) as source:
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

    async def check_integrity(self) -> list[str]:
        """Problems found by SQLite's and FTS5's integrity checks (empty when sound)."""
        problems: list[str] = []
        async with self._conn.execute("PRAGMA integrity_check") as cur:
            problems += [str(r[0]) for r in await cur.fetchall() if r[0] != "ok"]
        for table in ("paragraphs_fts", "quotes_fts", "articles_fts"):
            try:
                await self._conn.execute(
                    f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)"
                )
            except sqlite3.DatabaseError as exc:
                problems.append(f"{table}: {exc}")
        sql = (
            "SELECT count(*) FROM (SELECT p.term, p.doc, coalesce(a.doc, 0) FROM "
            "paragraphs_vocab p LEFT JOIN articles_vocab a ON a.term = p.term EXCEPT "
            "SELECT term, docs, articles FROM terms) UNION ALL SELECT count(*) FROM (SELECT "
            "term, docs, articles FROM terms EXCEPT SELECT p.term, p.doc, coalesce(a.doc, 0) "
            "FROM paragraphs_vocab p LEFT JOIN articles_vocab a ON a.term = p.term)"
        )
        async with self._conn.execute(sql) as cur:
            missing, extra = (int(r[0]) for r in await cur.fetchall())
        if missing or extra:
            problems.append(f"terms: {missing + extra} document counts differ from the index")
        sql = (
            "SELECT (SELECT count(*) FROM articles a WHERE a.paragraph_count != (SELECT count(*) "
            "FROM paragraphs p WHERE p.article_id = a.id)), (SELECT count(*) FROM articles), "
            "(SELECT count(*) FROM articles_fts_docsize), (SELECT count(*) FROM paragraphs p "
            "WHERE NOT EXISTS (SELECT 1 FROM paragraph_tokens t WHERE t.id = p.id)), (SELECT "
            "count(*) FROM paragraph_tokens t WHERE NOT EXISTS (SELECT 1 FROM paragraphs p "
            "WHERE p.id = t.id))"
        )
        async with self._conn.execute(sql) as cur:
            row = await cur.fetchone()
        assert row is not None
        partial, articles, indexed, untokenised, stray = (int(v) for v in row)
        if partial:
            problems.append(f"{partial} articles are missing paragraphs")
        if indexed != articles:
            problems.append(f"{articles} articles but {indexed} whole-article index rows")
        if untokenised or stray:
            problems.append(
                f"paragraph_tokens: {untokenised} paragraphs without tokens, {stray} stray rows"
            )
        return problems
