"""The third stage: candidates re-ranked into the passages a user is shown, with the
confidence in the best one (the pure scoring is `rank.py`'s)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import date

from retrieval import candidates, topk
from retrieval.index.bm25 import idf_lucene
from retrieval.index.tokens import stem
from retrieval.models import Scored
from retrieval.query import Question, fts_query
from retrieval.rank import (
    Weights,
    blend,
    confidence,
    evidence,
    known_share,
    library_share,
    rerank,
    term_weights,
)
from retrieval.semantic import Similarity, passage_text
from retrieval.store.passages import Passages
from retrieval.when import asked_on, published_after


class Ranking:
    """Finds and ranks the passages of one library for analysed questions."""

    def __init__(
        self, passages: Passages, weights: Weights, similarity: Similarity | None = None
    ) -> None:
        self._passages = passages
        self.weights = weights
        self.similarity = similarity

    async def ranked(
        self,
        question: Question,
        scope: int | None,
        k: int,
        article_id: int | None = None,
        today: date | None = None,
    ) -> tuple[list[Scored], float]:
        """Re-ranked passages for an analysed question, and the confidence in the best one.
        `today` is the day it is asked on (default: today, UTC)."""
        if question.empty:
            return [], 0.0
        weights = self.weights
        totals, counts = await self._passages.term_statistics(sorted(question.stems))
        docs = {s: d for s, (d, _) in counts.items()}
        documents: asyncio.Task[dict[int, float]] | None = None
        if weights.document:
            # The whole-article BM25 of the rarest terms that fit the budget, searched on the
            # reading connection while the paragraphs are searched on the other.
            articles = {s: a for s, (_, a) in counts.items()}
            chosen = topk.plan(question.stems, articles, 0, weights.document_rows).essential
            keep = {s for s, _ in chosen}
            match = fts_query([t for t in question.terms if stem(t) in keep], question.phrases)
            if match:
                documents = asyncio.ensure_future(
                    self._passages.search_articles(
                        match, scope, weights.documents, weights.document_title_weight
                    )
                )
        try:
            found = await self.candidates(question, scope, article_id, totals, docs)
        except BaseException:
            if documents is not None:
                documents.cancel()
            raise
        by_article = await documents if documents is not None else {}
        rows = found.rows
        if today is not None:
            # As of a day, nothing published after it is cited.
            rows = [r for r in rows if not published_after(r.article.published, today)]
        if not rows:
            return [], 0.0
        term_w = term_weights(question, totals[0], docs)
        # The Python work of a question runs beside the event loop, which keeps serving others
        # (a bot acknowledges every interaction within Discord's window).
        ranked = await asyncio.to_thread(
            rerank, question, rows, term_w, k, weights, by_article, asked_on(today)
        )
        if self.similarity is not None and ranked and question.when is None:
            # The model reads the lexical top k only: what it adds reorders them. A question
            # that names a time ("this week", "in 2016", "latest") asks for one story of that
            # time, which the words and the date find; the model, blind to dates, would pull
            # toward the same subject at other times.
            texts = [passage_text(s.row.article.title, s.row.text) for s in ranked]
            similarity = await asyncio.to_thread(self.similarity, question.text, texts)
            ranked = blend(ranked, similarity, weights.semantic, k, weights.per_article)
        if not ranked:
            return ranked, 0.0
        known = known_share(question, totals[0], docs) * evidence(question, ranked[0])
        return ranked, confidence(ranked[0], len(question.terms), known)

    async def candidates(
        self,
        question: Question,
        scope: int | None,
        article_id: int | None = None,
        totals: tuple[int, int] | None = None,
        docs: dict[str, int] | None = None,
    ) -> candidates.Found:
        """The BM25 candidates of a question, before re-ranking (`candidates.find`)."""
        return await candidates.find(
            self._passages, question, scope, self.weights, article_id, totals, docs
        )

    async def known_share_of(self, terms: Iterable[str]) -> float | None:
        """The share of these words' weight in words the library holds (None: no words)."""
        stems = sorted({stem(t) for t in terms})
        if not stems:
            return None
        (total, _), counts = await self._passages.term_statistics(stems)
        return library_share(stems, total, {s: d for s, (d, _) in counts.items()})

    async def weights_of(self, terms: Iterable[str]) -> dict[str, float]:
        """The weight (`idf_lucene`) of each term's stem in the library; a stem it lacks
        weighs as much as its rarest word."""
        stems = sorted({stem(t) for t in terms})
        if not stems:
            return {}
        (total, _), counts = await self._passages.term_statistics(stems)
        return {s: idf_lucene(total, counts[s][0] if s in counts else 0) for s in stems}
