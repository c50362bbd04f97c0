"""How a question is answered, one way for every kind:

    analyse → candidates → rank → quotations → compose

`analysis.Analysis` reads the question; the strategy of its kind (`strategies/`) finds the
candidates and ranks them (`ranking.Ranking`, over `candidates.find`), reads their quotations
and the quotation index (`sayings.Sayings`) and decides what answers; `compose.answer` builds
the `Answer`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from retrieval.analysis import Analysis
from retrieval.compose import Outcome, answer
from retrieval.models import Answer
from retrieval.query import Question, analyse, content_words, plain_search
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

    async def check_claim(
        self, words: str, speaker: str | None, scope: int | None, today: date | None = None
    ) -> Answer:
        """Whether `speaker` said `words` (or, with no speaker, whether anyone did): the
        check-quote strategy on a question built from a message rather than typed."""
        text = f"Did {speaker} say “{words}”?" if speaker else f"Who said “{words}”?"
        quoted = analyse(f"“{words}”")
        terms = [*quoted.terms, *(w for w in content_words(speaker or "") if w not in quoted.terms)]
        question = replace(
            quoted, text=text, kind="check_quote", terms=tuple(terms), speaker=speaker, claim=words
        )
        question = await self.analyse.correct_spelling(question)
        asked = Asked(scope, 1, None, today)
        return answer(question, await self.check_quote.answer(question, asked))
