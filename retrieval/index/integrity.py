"""Whether every derived table agrees with the rows it is derived from."""

from __future__ import annotations

import aiosqlite

from retrieval.sqlite import sqlite3

INDEXES = ("paragraphs_fts", "quotes_fts", "articles_fts")

# Terms whose counts differ from what the indexes themselves hold, both ways.
_TERMS_DIFFER = (
    "SELECT count(*) FROM (SELECT p.term, p.doc, coalesce(a.doc, 0) FROM "
    "paragraphs_vocab p LEFT JOIN articles_vocab a ON a.term = p.term EXCEPT "
    "SELECT term, docs, articles FROM terms) UNION ALL SELECT count(*) FROM (SELECT "
    "term, docs, articles FROM terms EXCEPT SELECT p.term, p.doc, coalesce(a.doc, 0) "
    "FROM paragraphs_vocab p LEFT JOIN articles_vocab a ON a.term = p.term)"
)
_ROWS_DIFFER = (
    "SELECT (SELECT count(*) FROM articles a WHERE a.paragraph_count != (SELECT count(*) "
    "FROM paragraphs p WHERE p.article_id = a.id)), (SELECT count(*) FROM articles), "
    "(SELECT count(*) FROM articles_fts_docsize), (SELECT count(*) FROM paragraphs p "
    "WHERE NOT EXISTS (SELECT 1 FROM paragraph_tokens t WHERE t.id = p.id)), (SELECT "
    "count(*) FROM paragraph_tokens t WHERE NOT EXISTS (SELECT 1 FROM paragraphs p "
    "WHERE p.id = t.id)), (SELECT count(*) FROM paragraphs), "
    "(SELECT count(*) FROM paragraphs_fts_docsize), (SELECT count(*) FROM quotes), "
    "(SELECT count(*) FROM quotes_fts_docsize)"
)


async def check(conn: aiosqlite.Connection) -> list[str]:
    """Problems found by SQLite's and FTS5's own checks and by comparing every derived table
    with its source (empty when the library is sound)."""
    problems: list[str] = []
    async with conn.execute("PRAGMA integrity_check") as cur:
        problems += [str(r[0]) for r in await cur.fetchall() if r[0] != "ok"]
    for table in INDEXES:
        try:
            # rank 1: the external-content indexes are also compared with their content.
            await conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as exc:
            problems.append(f"{table}: {exc}")
    async with conn.execute(_TERMS_DIFFER) as cur:
        missing, extra = (int(r[0]) for r in await cur.fetchall())
    if missing or extra:
        problems.append(f"terms: {missing + extra} document counts differ from the index")
    async with conn.execute(_ROWS_DIFFER) as cur:
        row = await cur.fetchone()
    assert row is not None
    (partial, articles, indexed, untokenised, stray, paragraphs, paragraph_rows, quotes,
     quote_rows) = (int(v) for v in row)  # fmt: skip
    if partial:
        problems.append(f"{partial} articles are missing paragraphs")
    if indexed != articles:
        problems.append(f"{articles} articles but {indexed} whole-article index rows")
    if paragraph_rows != paragraphs:
        problems.append(f"{paragraphs} paragraphs but {paragraph_rows} paragraph index rows")
    if quote_rows != quotes:
        problems.append(f"{quotes} quotations but {quote_rows} quotation index rows")
    if untokenised or stray:
        problems.append(
            f"paragraph_tokens: {untokenised} paragraphs without tokens, {stray} stray rows"
        )
    return problems
