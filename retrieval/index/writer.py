"""The only writer of derived data: the FTS5 indexes of paragraphs, whole articles and
quotations, the `terms` counts and the stored `paragraph_tokens`.

Every function runs on the store's writing connection inside the transaction that writes the
rows they are derived from (the store calls them between its own statements), so a crash
leaves an article with all of its index rows or neither. Nothing else writes these tables:
there are no triggers (migration 5 dropped them), so changing how something is indexed, or
what an edit changes, is done here and nowhere else.

The indexes, and what each holds:

- `paragraphs_fts(text, title)`: each paragraph with its article's title (weighted 0.3 when
  ranking), external content read through the `paragraph_docs` view.
- `articles_fts(title, body)`: each whole article, contentless.
- `quotes_fts(quote, speaker)`: each quotation, external content over `quotes`.
- `terms(term, docs, articles)`: how many paragraphs and articles hold each term, counted by
  FTS5's own tokenizer in a scratch index, so the counts are the indexes' own.
- `paragraph_tokens(id, tokens)`: each paragraph's stemmed tokens, as `tokens.paragraph_tokens`
  makes them.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import aiosqlite

from retrieval.index.tokens import TOKENIZER, paragraph_tokens

log = logging.getLogger(__name__)

INSERT_TOKENS = "INSERT INTO paragraph_tokens (id, tokens) VALUES (?, ?)"


@dataclass(frozen=True)
class Indexed:
    """What the index needs of one article just stored: its id and title, its paragraphs'
    ids and texts, and their tokens when a bulk import's workers have made them."""

    id: int
    title: str
    paragraphs: Sequence[tuple[int, str]]
    tokens: Sequence[str] | None = None


async def prepare(conn: aiosqlite.Connection) -> None:
    """The scratch index that tokenises text exactly as the real ones do, to count terms."""
    await conn.executescript(
        "CREATE VIRTUAL TABLE temp.scratch USING fts5(text, title, content='', "
        f"tokenize='{TOKENIZER}');"
        "CREATE VIRTUAL TABLE temp.scratch_vocab USING fts5vocab(temp, scratch, 'row');"
    )


async def add_articles(conn: aiosqlite.Connection, articles: Sequence[Indexed]) -> None:
    """Index articles whose rows (and paragraphs) were just written."""
    if not articles:
        return
    token_rows: list[tuple[int, str]] = []
    paragraph_rows: list[tuple[int, str, str]] = []
    bodies: list[tuple[int, str, str]] = []
    for article in articles:
        texts = [text for _, text in article.paragraphs]
        made = article.tokens or paragraph_tokens(texts)
        token_rows.extend((pid, t) for (pid, _), t in zip(article.paragraphs, made, strict=True))
        paragraph_rows.extend((pid, text, article.title) for pid, text in article.paragraphs)
        bodies.append((article.id, article.title, "\n".join(texts)))
    await conn.executemany(INSERT_TOKENS, token_rows)
    await conn.executemany(
        "INSERT INTO paragraphs_fts(rowid, text, title) VALUES (?, ?, ?)", paragraph_rows
    )
    await conn.executemany("INSERT INTO articles_fts(rowid, title, body) VALUES (?, ?, ?)", bodies)
    await _count_terms(
        conn,
        [(text, title) for _, text, title in paragraph_rows],
        [(body, title) for _, title, body in bodies],
        +1,
    )


async def remove_article(conn: aiosqlite.Connection, article_id: int) -> None:
    """Take an article out of every index, before its rows are deleted."""
    title, texts = await _article_text(conn, article_id)
    await remove_quotes(conn, article_id)
    await conn.execute(
        "INSERT INTO paragraphs_fts(paragraphs_fts, rowid, text, title) "
        "SELECT 'delete', id, text, ? FROM paragraphs WHERE article_id = ?",
        (title, article_id),
    )
    await conn.execute(
        "DELETE FROM paragraph_tokens WHERE id IN (SELECT id FROM paragraphs WHERE article_id = ?)",
        (article_id,),
    )
    body = "\n".join(texts)
    await conn.execute(
        "INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)",
        (article_id, title, body),
    )
    await _count_terms(conn, [(text, title) for text in texts], [(body, title)], -1)


async def retitle(conn: aiosqlite.Connection, article_id: int, old: str, new: str) -> None:
    """Index an article under a new title: its paragraphs and the whole article are taken out
    under the old one and put back under the new one, so the old title's words stop matching
    and the new ones match, with the counts of both kept exact."""
    _, texts = await _article_text(conn, article_id)
    body = "\n".join(texts)
    await conn.execute(
        "INSERT INTO paragraphs_fts(paragraphs_fts, rowid, text, title) "
        "SELECT 'delete', id, text, ? FROM paragraphs WHERE article_id = ?",
        (old, article_id),
    )
    await conn.execute(
        "INSERT INTO paragraphs_fts(rowid, text, title) "
        "SELECT id, text, ? FROM paragraphs WHERE article_id = ?",
        (new, article_id),
    )
    await conn.execute(
        "INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)",
        (article_id, old, body),
    )
    await conn.execute(
        "INSERT INTO articles_fts(rowid, title, body) VALUES (?, ?, ?)", (article_id, new, body)
    )
    await _count_terms(conn, [(text, old) for text in texts], [(body, old)], -1)
    await _count_terms(conn, [(text, new) for text in texts], [(body, new)], +1)


async def add_quotes(conn: aiosqlite.Connection, article_ids: Sequence[int]) -> None:
    """Index the quotations just stored for these articles."""
    for at in range(0, len(article_ids), 500):
        ids = article_ids[at : at + 500]
        await conn.execute(
            "INSERT INTO quotes_fts(rowid, quote, speaker) SELECT id, quote, speaker FROM quotes "
            f"WHERE article_id IN ({','.join('?' * len(ids))}) ORDER BY id",
            tuple(ids),
        )


async def remove_quotes(conn: aiosqlite.Connection, article_id: int) -> None:
    """Take an article's quotations out of their index, before they are deleted."""
    await conn.execute(
        "INSERT INTO quotes_fts(quotes_fts, rowid, quote, speaker) "
        "SELECT 'delete', id, quote, speaker FROM quotes WHERE article_id = ?",
        (article_id,),
    )


async def fill_tokens(conn: aiosqlite.Connection, batch: int = 5000) -> None:
    """The tokens of paragraphs stored before `paragraph_tokens` existed, inside migration
    4's transaction: the database moves to the new schema with all of them or not at all."""
    last = 0
    while True:
        async with conn.execute(
            "SELECT id, text FROM paragraphs WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
        ) as cur:
            rows = list(await cur.fetchall())
        if not rows:
            return
        if not last:
            log.warning("indexing the tokens of stored paragraphs (once)")
        made = paragraph_tokens(str(row[1]) for row in rows)
        await conn.executemany(
            INSERT_TOKENS, [(int(r[0]), t) for r, t in zip(rows, made, strict=True)]
        )
        last = int(rows[-1][0])


async def _article_text(conn: aiosqlite.Connection, article_id: int) -> tuple[str, list[str]]:
    """An article's stored title and paragraphs, as they were indexed."""
    async with conn.execute("SELECT title FROM articles WHERE id = ?", (article_id,)) as cur:
        row = await cur.fetchone()
    async with conn.execute(
        "SELECT text FROM paragraphs WHERE article_id = ? ORDER BY position", (article_id,)
    ) as cur:
        texts = [str(r[0]) for r in await cur.fetchall()]
    return (str(row[0]) if row else ""), texts


async def _count_terms(
    conn: aiosqlite.Connection,
    paragraphs: Sequence[tuple[str, str]],
    articles: Sequence[tuple[str, str]],
    sign: int,
) -> None:
    """Add (or, with sign -1, take away) the terms of these (text, title) paragraphs and
    (body, title) articles in `terms`, tokenised by FTS5 itself in the scratch index."""
    for rows, column in ((paragraphs, "docs"), (articles, "articles")):
        if not rows:
            continue
        await conn.executemany("INSERT INTO temp.scratch(text, title) VALUES (?, ?)", rows)
        await conn.execute(
            f"INSERT INTO terms (term, docs, articles) SELECT term, "
            f"{'doc' if column == 'docs' else '0'} * :sign, "
            f"{'doc' if column == 'articles' else '0'} * :sign FROM temp.scratch_vocab "
            f"WHERE true ON CONFLICT (term) DO UPDATE SET {column} = {column} + "
            f"excluded.{column}",
            {"sign": sign},
        )
        await conn.execute("INSERT INTO temp.scratch(scratch) VALUES ('delete-all')")
    if sign < 0:
        await conn.execute("DELETE FROM terms WHERE docs <= 0")
