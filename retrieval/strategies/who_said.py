"""Who said it: the passage whose quotation holds the claimed words goes first, wherever it
ranks, and its speaker is the answer; with no such quotation, the speaker of reported speech
in the passage that holds the claim."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace

from retrieval.compose import Outcome
from retrieval.models import DirectAnswer, Quote, Scored
from retrieval.query import Question, content_words, fts_query
from retrieval.ranking import Ranking
from retrieval.reported import reported_speaker
from retrieval.sayings import Sayings
from retrieval.strategies import search
from retrieval.strategies.base import Asked, read
from retrieval.strategies.claims import best_quote, overlap
from retrieval.when import quotes_as_of

# Passages read for the quotation that holds the claim: another story may share more of the
# question's other words.
DEPTH = 30
# Quotations of the whole library a claim is compared with when none of those passages holds
# it (the best BM25 matches on the quotation index).
CLAIM_QUOTES = 50
# The share of a claim's words a quotation must hold to answer by itself.
QUOTE_HOLDS = 0.8
# The share it must hold to be named the speaker at all.
QUOTE_NAMES = 0.5
# The share of what someone is asked to have said that must be in words the library holds
# when no quotation holds it.
CLAIM_KNOWN = 0.6


def decide(
    question: Question,
    ranked: Sequence[Scored],
    quotes: search.Quotes,
    confidence: float,
    k: int,
    claim_known: float | None,
) -> Outcome:
    """The passages, the one whose quotation holds the claim first with its speaker; a miss
    when the library does not hold what was claimed. `claim_known` is the share of the
    claim's weight in words the library holds."""
    direct: DirectAnswer | None = None
    order = list(ranked)
    held = 0.0
    if question.claim:
        candidates = [
            (best_quote(question.claim, quotes.get(s.row.paragraph_id, ())), s) for s in ranked
        ]
        scored = [(q, share, s) for (q, share), s in candidates if q is not None]
        if scored:
            quote, held, item = max(scored, key=lambda t: (t[1], t[2].score))
            if held >= QUOTE_NAMES:
                direct = DirectAnswer(speaker=quote.speaker, quote=quote.text, role=quote.role)
                order.remove(item)
                order.insert(0, item)
    if held >= QUOTE_HOLDS:
        # A quotation holding nearly every word claimed answers the question, however little
        # of the rest of the question ("who said …") the passage shares.
        confidence = max(confidence, round(held, 3))
    if not ranked or confidence < search.MIN_CONFIDENCE:
        note = "Nothing in the library answers that." if ranked else "No article matches that."
        return search.missed(question, ranked, quotes, confidence, note)
    if direct is None and claim_known is not None and claim_known < CLAIM_KNOWN:
        # No quotation holds the words, and much of what was said is in words no paragraph
        # of the library holds: the library does not have it ("we are not on the same side
        # of the coin" in a library that never mentions a coin), whatever else matches.
        miss = min(confidence, search.MIN_CONFIDENCE - 0.01)
        return search.missed(question, ranked, quotes, miss, "Nothing in the library says that.")
    return replace(search.supported(question, order, quotes, confidence, k), direct=direct)


class WhoSaid:
    """ "Who said …?" questions."""

    def __init__(self, ranking: Ranking, sayings: Sayings) -> None:
        self._ranking = ranking
        self._sayings = sayings

    async def answer(self, question: Question, asked: Asked) -> Outcome:
        """The speaker of the quotation that holds the claim, with the passages."""
        depth = max(asked.k, DEPTH)
        ranked, confidence, quotes = await read(
            self._ranking, self._sayings, question, asked, depth
        )
        claim_known = None
        if question.claim:
            claim_known = await self._ranking.known_share_of(content_words(question.claim))
            if asked.article_id is None:
                ranked, quotes = await self._with_quotation_holding(
                    question.claim, ranked, quotes, asked
                )
        outcome = await asyncio.to_thread(
            decide, question, ranked, quotes, confidence, asked.k, claim_known
        )
        if outcome.direct is None and outcome.shown:
            # No quotation holds the words; the passage may still say who said them, in
            # reported speech ("Ted Cruz says the heckler deserves a spanking").
            first = outcome.shown[0].item.row
            paragraphs = await self._sayings.paragraphs(first.article.id)
            claimed = content_words(question.claim or question.text)
            if speaker := reported_speaker(paragraphs, first.position - 1, claimed):
                outcome = replace(outcome, direct=DirectAnswer(speaker=speaker))
        return outcome

    async def _with_quotation_holding(
        self, claim: str, ranked: list[Scored], quotes: dict[int, list[Quote]], asked: Asked
    ) -> tuple[list[Scored], dict[int, list[Quote]]]:
        """The ranking with the passage of the quotation that holds the claim, looked up in
        the quotation index when no passage found holds it: a long paragraph (a live blog of
        3,000 characters) ranks low on the question's words, yet its quotation is the answer."""
        held = max((overlap(claim, q.text) for qs in quotes.values() for q in qs), default=0.0)
        if held >= QUOTE_HOLDS:
            return ranked, quotes
        terms = content_words(claim)
        if not terms:
            return ranked, quotes
        found = await self._sayings.matching(fts_query(terms), asked.scope, CLAIM_QUOTES)
        best, share = best_quote(claim, quotes_as_of(found, asked.today))
        if best is None or share < QUOTE_HOLDS or share <= held:
            return ranked, quotes
        rows = await self._sayings.rows([best.paragraph_id], asked.scope)
        if not rows:
            return ranked, quotes
        top = ranked[0].score if ranked else 1.0
        item = Scored(rows[0], top, share, (), text_coverage=share)
        ranked = [item, *(s for s in ranked if s.row.paragraph_id != best.paragraph_id)]
        quotes = {**quotes, **await self._sayings.of_passages([item])}
        return ranked, quotes
