"""How a question is answered, one way for every kind:

    analyse → candidates → rank → quotations → compose

`analysis.Analysis` reads the question; the strategy of its kind (`strategies/`) finds the
candidates and ranks them (`ranking.Ranking`, over `candidates.find`), reads their quotations
and the quotation index (`sayings.Sayings`) and decides what answers; `compose.answer` builds
the `Answer`.
"""

from __future__ import annotations

from datetime import date

from retrieval.analysis import Analysis
from retrieval.compose import Outcome, answer
from retrieval.models import Answer
from retrieval.query import Question, plain_search
from retrieval.ranking import Ranking
from retrieval.sayings import Sayings
from retrieval.strategies.base import Asked, Strategy
from retrieval.strategies.check_quote import CheckQuote
from retrieval.strategies.search import Search
from retrieval.strategies.what_said import WhatSaid
from retrieval.strategies.who_said import WhoSaid

EMPTY = "Ask with a few words that could appear in an article."


class Pipeline:
    """Answers questions about one library."""

    def __init__(self, analysis: Analysis, ranking: Ranking, sayings: Sayings) -> None:
        self.analyse = analysis
        self.ranking = ranking
        self.search = Search(ranking, sayings)
        self.who_said = WhoSaid(ranking, sayings)
        self.what_said = WhatSaid(ranking, sayings)
        self.check_quote = CheckQuote(ranking, sayings)

    def strategy(self, question: Question, article_id: int | None) -> Strategy:
        """The strategy for a question's kind. Asked of one article, or about nobody in
        particular, a question is answered by its passages."""
        if question.kind == "who_said":
            return self.who_said
        if article_id is None and question.speaker:
            if question.kind == "what_said":
                return self.what_said
            if question.kind == "check_quote":
                return self.check_quote
        return self.search

    async def ask(
        self,
        text: str,
        scope: int | None = None,
        k: int = 5,
        article_id: int | None = None,
        today: date | None = None,
    ) -> Answer:
        """Answer a question with cited passages (and the speaker, for quote questions)."""
        question = await self.analyse(text)
        if question.empty:
            return answer(question, Outcome(question.kind, None, (), 0.0, note=EMPTY))
        asked = Asked(scope, k, article_id, today)
        outcome = await self.strategy(question, article_id).answer(question, asked)
        if outcome is None:
            # "what was the museum originally called", "what does 'plastid' mean": nobody
            # the library knows is asked about, so the question is a plain search.
            question = plain_search(question)
            outcome = await self.search.answer(question, asked)
        return answer(question, outcome)
