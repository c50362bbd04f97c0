"""The SQL the store's modules share: the columns they read and the rule of what a scope sees,
and rows read into models by column name."""

from __future__ import annotations

from retrieval.models import Article, PassageRow, Quote
from retrieval.sqlite import sqlite3

# An article's columns, named so that a join with paragraphs or quotations never confuses
# whose `id` is whose.
ARTICLE_COLUMNS = (
    "a.id AS article_id, a.scope, a.ref, a.title, a.source, a.url, a.author, a.published, "
    "a.added_at, a.added_by, a.paragraph_count"
)
# A scope sees its own articles and the global library (scope NULL). The CLI without --guild
# (scope None) sees the global library only.
VISIBLE = "(a.scope IS NULL OR a.scope = :scope)"
# The same, written so that SQLite does not start from the scope index (every global
# article) where walking another index from the newest is what a limited list wants.
VISIBLE_UNINDEXED = "(+a.scope IS NULL OR +a.scope = :scope)"
# A scope's own articles: those it may edit and remove.
OWN = "a.scope IS :scope"

QUOTE_FROM = (
    "SELECT q.id AS quote_id, q.article_id AS quote_article, p.position, q.speaker, q.role, "
    "q.quote, q.cue, q.confidence, a.title, q.paragraph_id, a.published FROM quotes q "
    "JOIN paragraphs p ON p.id = q.paragraph_id JOIN articles a ON a.id = q.article_id"
)

Row = sqlite3.Row


def article(row: Row) -> Article:
    """An article read from `ARTICLE_COLUMNS`."""
    return Article(
        id=int(row["article_id"]),
        scope=row["scope"],
        ref=row["ref"],
        title=str(row["title"]),
        source=row["source"],
        url=row["url"],
        author=row["author"],
        published=row["published"],
        added_at=str(row["added_at"]),
        added_by=row["added_by"],
        paragraphs=int(row["paragraph_count"]),
    )


def passage(row: Row, score: float = 0.0) -> PassageRow:
    """A paragraph read as `paragraph_id, position, text` with `ARTICLE_COLUMNS`."""
    return PassageRow(
        int(row["paragraph_id"]), int(row["position"]), str(row["text"]), score, article(row)
    )


def quote(row: Row) -> Quote:
    """A quotation read from `QUOTE_FROM`."""
    return Quote(
        id=int(row["quote_id"]),
        article_id=int(row["quote_article"]),
        paragraph=int(row["position"]),
        speaker=row["speaker"],
        role=row["role"],
        text=str(row["quote"]),
        cue=row["cue"],
        confidence=float(row["confidence"]),
        article_title=str(row["title"]),
        paragraph_id=int(row["paragraph_id"]),
        published=row["published"],
    )


def like_pattern(text: str) -> str:
    """`%text%` for LIKE … ESCAPE '\\', with the user's own wildcards made literal."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
