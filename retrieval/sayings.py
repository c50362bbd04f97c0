"""The quotation stage: the quotations of the passages found, the quotation index searched for
a claim or for someone's words, and the people a question names resolved to the library's
speakers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from retrieval.models import PassageRow, Quote, Scored
from retrieval.people import resolve_speakers
from retrieval.store.articles import Articles
from retrieval.store.passages import Passages
from retrieval.store.quotations import Quotations


class Sayings:
    """Who said what, in one library."""

    def __init__(self, quotes: Quotations, passages: Passages, articles: Articles) -> None:
        self._quotes = quotes
        self._passages = passages
        self._articles = articles

    async def of_passages(self, ranked: Iterable[Scored]) -> dict[int, list[Quote]]:
        """Stored quotations of the ranked paragraphs, by paragraph id."""
        ids = [s.row.paragraph_id for s in ranked]
        by_paragraph: dict[int, list[Quote]] = defaultdict(list)
        for quote in await self._quotes.in_paragraphs(ids):
            by_paragraph[quote.paragraph_id].append(quote)
        return by_paragraph

    async def matching(self, match: str, scope: int | None, limit: int) -> list[Quote]:
        """The quotations whose words best match an FTS5 query (BM25 on the quotation index)."""
        return await self._quotes.ranked(match, scope, limit)

    async def of_speaker(
        self, name: str, scope: int | None, match: str | None = None, limit: int = 50
    ) -> list[Quote]:
        """A speaker's quotations (the whole name, in any case), newest articles first,
        optionally only those matching an FTS5 query."""
        return await self._quotes.newest(
            scope, speaker=name, match=match, limit=limit, exact_speaker=True
        )

    async def speakers(self, asked: str, scope: int | None) -> list[str]:
        """The library's speakers a reference names ("mayorkas", "liz warren", "rbg"), most
        quoted first."""
        return await resolve_speakers(self._quotes, asked, scope)

    async def paragraphs(self, article_id: int) -> list[str]:
        """An article's paragraphs, where it names who holds a role or who spoke."""
        return await self._articles.paragraphs(article_id)

    async def rows(self, paragraph_ids: Sequence[int], scope: int | None) -> list[PassageRow]:
        """The visible paragraphs that hold quotations, in the order given."""
        return await self._passages.rows(paragraph_ids, scope)
