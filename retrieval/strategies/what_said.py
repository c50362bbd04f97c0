"""What someone said (about something): "what did X say about Y?", "how did the villa manager
react?".

It starts from who was asked about, resolved against the library's speakers (`people.py`), and
from the passages the ordinary search finds, so that a reference the library cannot resolve
("the airline's ceo") still gets the passages that answer the topic, and a topic the library
does not hold gets an honest "not found" rather than the speaker's latest quotation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from retrieval.compose import Outcome, Shown
from retrieval.index.tokens import tokens, words
from retrieval.intent import SPEAK
from retrieval.models import DirectAnswer, Quote, Scored
from retrieval.people import describes, description_words, holder, speaker_matches
from retrieval.query import Question, fts_query
from retrieval.ranking import Ranking
from retrieval.sayings import Sayings
from retrieval.strategies.asked_about import (
    by_name,
    display,
    first_speaker,
    mentions,
    role_fits,
)
from retrieval.strategies.base import Asked, read
from retrieval.strategies.search import MIN_CONFIDENCE
from retrieval.when import asked_on, published_day, quotes_as_of, timeliness

SPEAKING = re.compile(SPEAK, re.IGNORECASE)
# Passages of the ordinary search read for a speaker's quotation.
READ_PASSAGES = 20
# The share of the topic's weight ("about the border") a passage must hold to answer what
# someone said about it: the bar a whole question meets, on what is left once the speaker
# is known.
TOPIC_SHARE = MIN_CONFIDENCE


def coverage(topic: dict[str, float], text_tokens: set[str]) -> float:
    """The share of the topic's weight in a text's tokens."""
    total = sum(topic.values())
    if not total:
        return 0.0
    return sum(w for s, w in topic.items() if s in text_tokens) / total


class WhatSaid:
    """ "What did X say (about Y)?" questions."""

    def __init__(self, ranking: Ranking, sayings: Sayings) -> None:
        self._ranking = ranking
        self._sayings = sayings

    async def answer(self, question: Question, asked: Asked) -> Outcome | None:
        """The asked speaker's quotation on the topic, best first, with the passages around
        it; None when the reference is nobody: no speaker of the library, no description of
        one."""
        scope, k, today = asked.scope, asked.k, asked.today
        person = question.speaker or ""
        described = description_words(person)
        left_out = set(words(person)) | (question.when.words if question.when else set())
        # The verb ("say", "tell", "react") asks; it is not what was said.
        topic = [t for t in question.terms if t not in left_out and not SPEAKING.fullmatch(t)]
        names: list[str] = []
        if not describes(person):
            names = await self._sayings.speakers(person, scope)
            if not names:
                return None
        weights = await self._ranking.weights_of(topic)
        ranked, conf, quotes = await read(
            self._ranking, self._sayings, question, asked, READ_PASSAGES
        )
        if describes(person):
            # "the cnn president": the articles found say who holds the role ("CNN President
            # Jeff Zucker"); the first of them that names a holder tells. A speaker's name
            # that merely shares a word of the description ("Ukrainian", "Crowd") does not.
            for article_id in list(dict.fromkeys(s.row.article.id for s in ranked))[:3]:
                if named := holder(await self._sayings.paragraphs(article_id), described):
                    names = [named]
                    break
        if not names and by_name(person):
            names = await self._sayings.speakers(person, scope)
        day = asked_on(today)
        timely = 1.0 if question.when is not None else 0.1

        def fits(quote: Quote) -> bool:
            if names:
                return quote.speaker in names
            return speaker_matches(person, quote.speaker, quote.role)

        # Candidates: the speaker's quotations in the passages found, and their quotations
        # found by the topic's words anywhere in the library.
        found: dict[int, tuple[float, Quote, Scored | None]] = {}
        for rank, item in enumerate(ranked):
            for quote in quotes.get(item.row.paragraph_id, ()):
                if fits(quote) or (not names and described and role_fits(described, quote)):
                    own = set(item.row.token_list()) | set(tokens(item.row.article.title))
                    score = coverage(weights, own) if weights else 1.0 - rank / len(ranked)
                    if quote.paragraph_id not in found or found[quote.paragraph_id][0] < score:
                        found[quote.paragraph_id] = (score, quote, item)
        match = fts_query(topic) if topic else None
        for name in names[:5]:
            for quote in quotes_as_of(await self._sayings.of_speaker(name, scope, match), today):
                score = coverage(weights, set(tokens(quote.text))) if weights else 0.5
                if quote.paragraph_id not in found or found[quote.paragraph_id][0] < score:
                    found[quote.paragraph_id] = (score, quote, None)
        if not weights and not found and names:
            # "What did Mayorkas say?": their latest quotations.
            latest = await self._sayings.of_speaker(names[0], scope, limit=k)
            for quote in quotes_as_of(latest, today):
                found[quote.paragraph_id] = (0.5, quote, None)
        best = sorted(
            found.values(),
            key=lambda t: (
                t[0] + timely * timeliness(question.when, published_day(t[1].published), day)
            ),
            reverse=True,
        )
        if best and (best[0][0] >= TOPIC_SHARE or not weights):
            score, top, _ = best[0]
            ordered = [t[1] for t in best[: k * 2]]
            shown = await self._quoted(ordered, scope)
            confidence = min(1.0, 0.5 + 0.5 * score) if weights else 0.9
            direct = DirectAnswer(speaker=top.speaker, quote=top.text, role=top.role)
            return Outcome("what_said", direct, shown[:k], round(confidence, 3))
        # No quotation of theirs on the topic: the passages that answer it, if any mention them.
        about = [
            s
            for s in ranked
            if (mentions(s, person, names) or (not names and describes(person)))
            and coverage(weights, set(s.row.token_list()) | set(tokens(s.row.article.title)))
            >= TOPIC_SHARE
        ]
        who = display(person, names)
        if about and conf >= MIN_CONFIDENCE:
            shown = tuple(Shown(s, first_speaker(quotes, s)) for s in about[:k])
            note = f"No quotation from {who} on that; these passages are about it."
            # Who was asked about, as the library names them ("the cnn president" is Jeff
            # Zucker), with no words put in their mouth.
            about_whom = DirectAnswer(speaker=names[0]) if names else None
            return Outcome("what_said", about_whom, shown, conf, note=note)
        closest = tuple(Shown(s, first_speaker(quotes, s)) for s in ranked[:3])
        note = f"Nothing in the library says what {who} said about that."
        if not topic:
            note = f"No quotation from {who} in the library."
        miss = min(conf, MIN_CONFIDENCE - 0.01)
        return Outcome("what_said", None, (), miss, closest, note)

    async def _quoted(self, quotes: Sequence[Quote], scope: int | None) -> tuple[Shown, ...]:
        """The passages of these quotations, in their order, each with its speaker."""
        ids = list(dict.fromkeys(quote.paragraph_id for quote in quotes))
        rows = await self._sayings.rows(ids, scope)
        speakers = {quote.paragraph_id: quote.speaker for quote in reversed(quotes)}
        return tuple(
            Shown(Scored(row, 1.0 / rank, 1.0, ()), speakers.get(row.paragraph_id))
            for rank, row in enumerate(rows, start=1)
        )
