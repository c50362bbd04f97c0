"""Searching paragraphs and whole articles with FTS5, and the term statistics that plan it.

Every `match` argument is an FTS5 query made by `retrieval/query.py`, which quotes every term:
no user text reaches MATCH any other way.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from retrieval.index import fts5
from retrieval.index.tokens import paragraph_tokens
from retrieval.models import CandidateRow, PassageRow
from retrieval.store.database import Database
from retrieval.store.rows import ARTICLE_COLUMNS, VISIBLE, article, passage


class Passages:
    """The paragraph and whole-article indexes of one library, read."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def search(
        self,
        match: str,
        scope: int | None,
        limit: int,
        title_weight: float,
        article_id: int | None = None,
    ) -> list[PassageRow]:
        """Visible paragraphs matching an FTS5 query, best BM25 first (optionally of one
        article)."""
        sql = (
            "SELECT p.id AS paragraph_id, p.position, p.text, "
            f"-bm25(paragraphs_fts, 1.0, :tw) AS score, {ARTICLE_COLUMNS} FROM paragraphs_fts "
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
        async with self._db.search.execute(sql, params) as cur:
            return [passage(r, float(r["score"])) for r in await cur.fetchall()]

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
        async with self._db.reader.execute(sql, params) as cur:
            return {int(r["id"]): float(r["score"]) for r in await cur.fetchall()}

    async def rank(self, match: str, limit: int, title_weight: float) -> list[tuple[int, float]]:
        """(paragraph id, BM25 score) of the best `limit` rows of the whole index, whatever
        their scope: FTS5 alone, with no join, is the fastest way to rank."""
        sql = (
            "SELECT rowid AS id, -bm25(paragraphs_fts, 1.0, :tw) AS score FROM paragraphs_fts "
            "WHERE paragraphs_fts MATCH :match ORDER BY score DESC LIMIT :limit"
        )
        params = {"match": match, "limit": limit, "tw": title_weight}
        async with self._db.search.execute(sql, params) as cur:
            return [(int(r["id"]), float(r["score"])) for r in await cur.fetchall()]

    async def candidates(
        self, match: str, limit: int, title_weight: float, scope: int | None
    ) -> tuple[list[tuple[int, float]], list[CandidateRow]]:
        """The best `limit` rows of the whole index by BM25 (whatever their scope), and the
        visible ones among them with text, article and size, best first: one statement, FTS5
        ranking alone in the inner query (joining every matching row would double its cost)."""
        sql = (
            "SELECT f.id, f.score, (+a.scope IS NULL OR +a.scope = :scope) AS visible, "
            f"p.position, p.text, d.sz, t.tokens, {ARTICLE_COLUMNS} FROM (SELECT rowid AS id, "
            "-bm25(paragraphs_fts, 1.0, :tw) AS score FROM paragraphs_fts "
            "WHERE paragraphs_fts MATCH :match ORDER BY score DESC LIMIT :limit) f "
            "JOIN paragraphs p ON p.id = f.id JOIN articles a ON a.id = p.article_id "
            "JOIN paragraphs_fts_docsize d ON d.id = f.id "
            "LEFT JOIN paragraph_tokens t ON t.id = f.id ORDER BY f.score DESC"
        )
        params = {"match": match, "limit": limit, "tw": title_weight, "scope": scope}
        async with self._db.search.execute(sql, params) as cur:
            rows = await cur.fetchall()
            # Names resolved to positions once: these loops read up to 200 rows a question.
            at = {d[0]: n for n, d in enumerate(cur.description)}
        visible, rowid, score, text, position = (
            at[name] for name in ("visible", "id", "score", "text", "position")
        )
        size, tokens, title = (at[name] for name in ("sz", "tokens", "title"))
        scored = [(int(r[rowid]), float(r[score])) for r in rows]
        found = [
            CandidateRow(
                id=int(r[rowid]),
                score=float(r[score]),
                text=str(r[text]),
                position=int(r[position]),
                size=fts5.row_size(bytes(r[size])),
                # A paragraph whose tokens are missing is tokenised here: slower, the same.
                tokens=str(r[tokens]) if r[tokens] is not None else paragraph_tokens([r[text]])[0],
                title=str(r[title]),
                read_article=partial(article, r),
            )
            for r in rows
            if r[visible]
        ]
        return scored, found

    async def rows(self, paragraph_ids: Sequence[int], scope: int | None) -> list[PassageRow]:
        """Visible paragraphs by id, in the order given, with score 0."""
        if not paragraph_ids:
            return []
        marks = ",".join("?" * len(paragraph_ids))
        sql = (
            f"SELECT p.id AS paragraph_id, p.position, p.text, {ARTICLE_COLUMNS} FROM paragraphs p "
            f"JOIN articles a ON a.id = p.article_id WHERE p.id IN ({marks}) "
            "AND (+a.scope IS NULL OR +a.scope = ?)"
        )
        async with self._db.search.execute(sql, (*paragraph_ids, scope)) as cur:
            found = {int(r["paragraph_id"]): passage(r) for r in await cur.fetchall()}
        return [found[pid] for pid in paragraph_ids if pid in found]

    async def term_statistics(
        self, stems: Sequence[str]
    ) -> tuple[tuple[int, int], dict[str, tuple[int, int]]]:
        """The paragraph index's row count and token count (all columns), read from FTS5's own
        record of them (which is what bm25() uses), and stem → (paragraphs, articles) holding
        it for those of `stems` in the library: one statement, since every question needs
        both before it can plan its search."""
        marks = ",".join("?" * len(stems))
        sql = (
            "SELECT NULL AS term, block AS docs, NULL AS articles FROM paragraphs_fts_data "
            f"WHERE id = 1 UNION ALL SELECT term, docs, articles FROM terms WHERE term IN ({marks})"
        )
        totals = (0, 0)
        counts: dict[str, tuple[int, int]] = {}
        async with self._db.search.execute(sql, tuple(stems)) as cur:
            for row in await cur.fetchall():
                if row["term"] is not None:
                    counts[str(row["term"])] = (int(row["docs"]), int(row["articles"]))
                elif row["docs"]:
                    totals = fts5.totals(bytes(row["docs"]))
        return totals, counts

    async def terms_near(self, start: str, limit: int = 5000) -> list[tuple[str, int]]:
        """Indexed stems that begin with `start`, with how many paragraphs hold each, most
        common first: the vocabulary a misspelt word is corrected from."""
        end = start[:-1] + chr(ord(start[-1]) + 1) if start else ""
        sql = (
            "SELECT term, docs FROM terms WHERE term >= ? AND term < ? AND docs > 0 "
            "ORDER BY docs DESC LIMIT ?"
        )
        async with self._db.search.execute(sql, (start, end, limit)) as cur:
            return [(str(r["term"]), int(r["docs"])) for r in await cur.fetchall()]
