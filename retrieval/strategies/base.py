"""What every strategy is given and returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from retrieval.compose import Outcome
from retrieval.models import Quote, Scored
from retrieval.query import Question
from retrieval.ranking import Ranking
from retrieval.sayings import Sayings


@dataclass(frozen=True)
class Asked:
    """Where and when a question is asked, and how much of an answer is wanted."""

    scope: int | None
    k: int
    article_id: int | None = None
    # The day it counts as asked on ("this week" is the week before it); None: today, UTC.
    today: date | None = None


async def read(
    ranking: Ranking, sayings: Sayings, question: Question, asked: Asked, depth: int
) -> tuple[list[Scored], float, dict[int, list[Quote]]]:
    """The stages every strategy runs first: the best `depth` passages (candidates, then
    ranking), the confidence in the best, and the quotations the passages hold."""
    ranked, confidence = await ranking.ranked(
        question, asked.scope, depth, asked.article_id, asked.today
    )
    return ranked, confidence, await sayings.of_passages(ranked)


class Strategy(Protocol):
    """Answers one kind of question."""

    async def answer(self, question: Question, asked: Asked) -> Outcome | None:
        """What was found (None: the question is not of this kind after all)."""
        ...
