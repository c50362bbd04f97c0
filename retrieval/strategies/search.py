"""The passages that answer a question, or an honest miss with the closest ones."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence

from retrieval.compose import Outcome, Shown
from retrieval.models import Quote, Scored
from retrieval.query import Question
from retrieval.ranking import Ranking
from retrieval.sayings import Sayings
from retrieval.strategies.base import Asked, read
from retrieval.strategies.claims import best_quote

# Below this share of the question's weight the best passage is not presented as an answer.
MIN_CONFIDENCE = 0.3
# A further passage is shown only if it covers this share of what the best passage covers
# (0.6 cut RealTime QA R@5 through `ask -k 10` to 0.777; 0.3 keeps 0.835, all of them 0.840).
RELATED_SHARE = 0.3
# Passages read for a question: more than are shown, so that re-ranking has room.
DEPTH = 10

Quotes = Mapping[int, Sequence[Quote]]


def speaker_of(question: Question, quotes: Quotes, item: Scored) -> str | None:
    """The speaker shown with a passage: of its quotation that holds most of the claim, if
    the question claims words, else of its first quotation."""
    found = quotes.get(item.row.paragraph_id, ())
    if not found:
        return None
    if question.claim:
        best, _ = best_quote(question.claim, found)
        if best is not None:
            return best.speaker
    return found[0].speaker


def shown(question: Question, quotes: Quotes, items: Sequence[Scored]) -> tuple[Shown, ...]:
    """Ranked passages with the speakers shown beside them."""
    return tuple(Shown(s, speaker_of(question, quotes, s)) for s in items)


def missed(
    question: Question, ranked: Sequence[Scored], quotes: Quotes, confidence: float, note: str
) -> Outcome:
    """Nothing answers: the closest passages, shown as such."""
    closest = shown(question, quotes, ranked[:3])
    return Outcome(question.kind, None, (), confidence, closest, note)


def supported(
    question: Question, order: Sequence[Scored], quotes: Quotes, confidence: float, k: int
) -> Outcome:
    """The best passage and those that hold enough of what it holds."""
    # Passages that hold much less of the question than the best one are noise, not support.
    floor = RELATED_SHARE * max(s.text_coverage for s in order)
    kept = [s for i, s in enumerate(order) if i == 0 or s.text_coverage >= floor]
    return Outcome(question.kind, None, shown(question, quotes, kept[:k]), confidence)


def decide(
    question: Question, ranked: Sequence[Scored], quotes: Quotes, confidence: float, k: int
) -> Outcome:
    """The passages that answer, or a miss when the best covers too little of the question."""
    if not ranked or confidence < MIN_CONFIDENCE:
        note = "Nothing in the library answers that." if ranked else "No article matches that."
        return missed(question, ranked, quotes, confidence, note)
    return supported(question, ranked, quotes, confidence, k)


class Search:
    """Any question answered by its best passages."""

    def __init__(self, ranking: Ranking, sayings: Sayings) -> None:
        self._ranking = ranking
        self._sayings = sayings

    async def answer(self, question: Question, asked: Asked) -> Outcome:
        """The best passages, with the speakers of their quotations."""
        depth = max(asked.k, DEPTH)
        ranked, confidence, quotes = await read(
            self._ranking, self._sayings, question, asked, depth
        )
        return await asyncio.to_thread(decide, question, ranked, quotes, confidence, asked.k)
