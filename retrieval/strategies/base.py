"""What every strategy is given and returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from retrieval.compose import Outcome
from retrieval.query import Question


@dataclass(frozen=True)
class Asked:
    """Where and when a question is asked, and how much of an answer is wanted."""

    scope: int | None
    k: int
    article_id: int | None = None
    # The day it counts as asked on ("this week" is the week before it); None: today, UTC.
    today: date | None = None


class Strategy(Protocol):
    """Answers one kind of question."""

    async def answer(self, question: Question, asked: Asked) -> Outcome | None:
        """What was found (None: the question is not of this kind after all)."""
        ...
