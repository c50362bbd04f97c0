"""Quotations and their speakers: listing, searching by words or speaker, and replacing an
article's quotations when they are extracted again."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from retrieval.index import writer
from retrieval.index.tokens import words
from retrieval.models import Quote, QuoteRow
from retrieval.query import fts_string
from retrieval.store.articles import INSERT_QUOTE
from retrieval.store.database import Database
from retrieval.store.rows import QUOTE_FROM, VISIBLE, VISIBLE_UNINDEXED, like_pattern, quote

SELECT_QUOTES = f"{QUOTE_FROM} WHERE {VISIBLE_UNINDEXED}"


def _stem_ending(length: int) -> int:
    """How many trailing letters of a typed word stemming may have changed in the index."""
    return 0 if length <= 4 else 1 if length == 5 else 2


class Quotations:
    """The quotations of one library."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def newest(
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
        sql, params = self._filter(scope, speaker, article_id, match, exact_speaker)
        params["limit"] = limit
        # Quotes are stored in reading order, so their ids order them within an article, and
        # the article index can hand out the newest first without sorting every quotation.
        sql += " ORDER BY q.article_id DESC, q.id LIMIT :limit"
        async with self._db.search.execute(sql, params) as cur:
            return [quote(r) for r in await cur.fetchall()]

    async def count(
        self, scope: int | None, speaker: str | None = None, article_id: int | None = None
    ) -> int:
        """How many quotations `newest` would give with no limit."""
        sql, params = self._filter(scope, speaker, article_id, None, False)
        async with self._db.search.execute(f"SELECT count(*) FROM ({sql})", params) as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    @staticmethod
    def _filter(
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
            params["speaker"] = like_pattern(speaker)
        if article_id is not None:
            sql += " AND q.article_id = :article"
            params["article"] = article_id
        if match:
            sql += " AND q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :match)"
            params["match"] = match
        return sql, params

    async def ranked(self, match: str, scope: int | None, limit: int) -> list[Quote]:
        """Visible quotations matching an FTS5 query on their words, best BM25 first: what a
        claim is compared with, however many quotations the library holds."""
        # FTS5 ranks alone first, over more rows than wanted, so that other servers'
        # quotations left out still leave `limit` visible ones in most libraries.
        sql = (
            f"{QUOTE_FROM} JOIN (SELECT rowid AS id, bm25(quotes_fts, 1.0, 0.0) AS rank "
            "FROM quotes_fts WHERE quotes_fts MATCH :match ORDER BY rank LIMIT :pool) f "
            f"ON f.id = q.id WHERE {VISIBLE_UNINDEXED} ORDER BY f.rank LIMIT :limit"
        )
        params = {"match": match, "scope": scope, "limit": limit, "pool": limit * 4}
        async with self._db.search.execute(sql, params) as cur:
            return [quote(r) for r in await cur.fetchall()]

    async def in_paragraphs(self, paragraph_ids: Sequence[int]) -> list[Quote]:
        """The quotations of the given paragraphs."""
        if not paragraph_ids:
            return []
        marks = ",".join("?" * len(paragraph_ids))
        sql = f"{QUOTE_FROM} WHERE q.paragraph_id IN ({marks}) ORDER BY q.id"
        async with self._db.search.execute(sql, tuple(paragraph_ids)) as cur:
            return [quote(r) for r in await cur.fetchall()]

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
        async with self._db.search.execute(sql, params) as cur:
            return [str(r["speaker"]) for r in await cur.fetchall() if r["speaker"]]

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
            async with self._db.search.execute(sql, {"scope": scope, "limit": limit}) as cur:
                return [str(r["speaker"]) for r in await cur.fetchall()]
        # The index holds stems, which may end differently from the word typed ("anatoly" is
        # "anatoli", "hughes" is "hugh"): it is asked for the words' beginnings, and the names
        # are checked here. Counts come from the latest 5,000 matching quotations.
        starts = " AND ".join(fts_string(w[: len(w) - _stem_ending(len(w))]) + " *" for w in typed)
        names = await self._speakers_indexed(f"speaker : ({starts})", scope, limit * 4, 5000)
        wanted = " ".join(typed)
        return [n for n in names if wanted in " ".join(words(n))][:limit]

    async def replace(self, article_id: int, quotes: Iterable[QuoteRow]) -> int:
        """Re-extracted quotations replace the stored ones, with their index rows, at once."""
        async with self._db.transaction() as conn:
            async with conn.execute(
                "SELECT position, id FROM paragraphs WHERE article_id = ?", (article_id,)
            ) as cur:
                ids = {int(r["position"]): int(r["id"]) for r in await cur.fetchall()}
            await writer.remove_quotes(conn, article_id)
            await conn.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
            rows = [
                (article_id, ids[pos], speaker, role, text, cue, conf)
                for pos, speaker, role, text, cue, conf in quotes
            ]
            await conn.executemany(INSERT_QUOTE, rows)
            await writer.add_quotes(conn, [article_id])
        return len(rows)

    async def counts(self) -> dict[int, int]:
        """Article id → how many quotations it has stored (articles with none left out)."""
        sql = "SELECT article_id, count(*) AS n FROM quotes GROUP BY article_id"
        async with self._db.writer.execute(sql) as cur:
            return {int(r["article_id"]): int(r["n"]) for r in await cur.fetchall()}
