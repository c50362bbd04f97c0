"""The last stage: the one place an `Answer` is built, from what a strategy found.

Every strategy (search, who said, what was said, check a quotation) ends with an `Outcome`:
the direct answer if any, the ranked passages to show with their speakers, the confidence,
and, when nothing answers, the closest misses and a note. `answer` turns it into the
`Answer` every front end renders. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.link import passage_link
from retrieval.models import Answer, DirectAnswer, Kind, Passage, Scored
from retrieval.query import Question
from retrieval.rank import highlight_terms


@dataclass(frozen=True)
class Shown:
    """A ranked passage to show, with the speaker of its quotation (if one is named)."""

    item: Scored
    speaker: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What a strategy found for a question."""

    kind: Kind
    direct: DirectAnswer | None
    shown: Sequence[Shown]
    confidence: float
    closest: Sequence[Shown] = ()
    note: str | None = None


def to_passage(item: Scored, speaker: str | None, stems: frozenset[str]) -> Passage:
    """A scored row as the passage every front end shows, the question's words marked."""
    row, article = item.row, item.row.article
    return Passage(
        article_id=article.id,
        article_ref=article.ref,
        title=article.title,
        source=article.source,
        url=article.url,
        published=article.published,
        paragraph=row.position,
        paragraphs_total=article.paragraphs,
        text=row.text,
        score=item.score,
        speaker=speaker,
        link=passage_link(article.url, row.text),
        matched=highlight_terms(row.text, stems),
    )


def answer(question: Question, outcome: Outcome) -> Answer:
    """The answer to `question`, as every front end renders it."""
    stems = question.stems
    return Answer(
        question=question.text,
        kind=outcome.kind,
        answer=outcome.direct,
        passages=tuple(to_passage(s.item, s.speaker, stems) for s in outcome.shown),
        confidence=outcome.confidence,
        closest=tuple(to_passage(s.item, s.speaker, stems) for s in outcome.closest),
        note=outcome.note,
    )
