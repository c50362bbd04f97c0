"""Answers about what people said: "What did X say about Y?" and "Did X say '...'?"."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from retrieval.answer import to_passage
from retrieval.models import Answer, DirectAnswer, Passage, Quote, Verdict
from retrieval.query import Question, content_words, fts_query
from retrieval.rank import Scored
from retrieval.text import fold, tokens, words
from retrieval.when import asked_on, published_day, timeliness

if TYPE_CHECKING:
    from retrieval.engine import Engine

# Word-level similarity at or above which near-identical words are called `close`.
CLOSE_SIMILARITY = 0.7


def speaker_matches(asked: str, speaker: str | None, role: str | None = None) -> bool:
    """Whether a speaker as asked ("Mayorkas", "alejandro mayorkas", "the homeland security
    secretary") names this speaker, by full name, surname (misspellings tolerated) or title."""
    if not speaker:
        return False
    asked_words = [w for w in words(asked) if w not in {"mr", "mrs", "ms", "dr", "the"}]
    speaker_words = words(speaker)
    if not asked_words or not speaker_words:
        return False
    if asked_words == speaker_words or asked_words[-1] == speaker_words[-1]:
        return True
    if len(asked_words[-1]) >= 5 and fuzz.ratio(asked_words[-1], speaker_words[-1]) >= 80:
        return True
    role_words = set(words(role or ""))
    return bool(role_words) and set(asked_words) <= role_words


async def _speaker_quotes(
    engine: Engine, asked: str, scope: int | None, match: str | None
) -> list[Quote]:
    capitalised = [w for w in asked.split() if w[:1].isupper()]
    asked_words = words(capitalised[-1] if capitalised else asked)
    wanted: list[str] = []
    if asked_words:
        # Most questions name the speaker as the articles do: look them up by surname. A
        # misspelt surname usually keeps its first letters.
        surname = asked_words[-1]
        names = await engine.store.speakers_named(surname, scope)
        wanted = [n for n in names if speaker_matches(asked, n)]
        if not wanted and len(surname) >= 4:
            names = await engine.store.speakers_named(surname[:3], scope, 500, prefix=True)
            wanted = [n for n in names if speaker_matches(asked, n)]
    found: list[Quote] = []
    for name in wanted:
        found += await engine.store.quotes(
            scope, speaker=name, match=match, limit=200, exact_speaker=True
        )
    if not wanted:
        # Asked by title: look at the roles of quotations that mention it.
        candidates = await engine.store.quotes(scope, match=match, limit=500)
        found = [q for q in candidates if speaker_matches(asked, q.speaker, q.role)]
    return [q for q in found if speaker_matches(asked, q.speaker, q.role)]


def _topic_score(topic: Sequence[str], quote: Quote) -> float:
    stems = set(tokens(" ".join(topic)))
    if not stems:
        return quote.confidence
    return len(stems & set(tokens(quote.text))) / len(stems) + 0.1 * quote.confidence


async def _passages(
    engine: Engine, quotes: Sequence[Quote], scope: int | None, q: Question
) -> tuple[Passage, ...]:
    ids = list(dict.fromkeys(quote.paragraph_id for quote in quotes))
    rows = await engine.store.passage_rows(ids, scope)
    speakers = {quote.paragraph_id: quote.speaker for quote in reversed(quotes)}
    return tuple(
        to_passage(Scored(row, 1.0 / rank, 1.0, ()), speakers.get(row.paragraph_id), q.stems)
        for rank, row in enumerate(rows, start=1)
    )


async def what_said(
    engine: Engine, question: Question, scope: int | None, k: int, today: date | None = None
) -> Answer:
    """That speaker's quotations, ranked by the topic of the question."""
    asked = question.speaker or ""
    # Neither the speaker's name nor "this week" is what the quotation is about.
    left_out = set(words(asked)) | (question.when.words if question.when else set())
    topic = [t for t in question.terms if t not in left_out]
    quotes = await _speaker_quotes(engine, asked, scope, fts_query(topic) if topic else None)
    if topic and not quotes:
        quotes = await _speaker_quotes(engine, asked, scope, None)
    if not quotes:
        ranked, conf = await engine.ranked(question, scope, k, today=today)
        closest = tuple(to_passage(s, None, question.stems) for s in ranked[:3])
        note = f"No quotation from {asked} in the library."
        return Answer(question.text, "what_said", None, (), 0.0, closest, note)
    day = asked_on(today)
    # A time asked about ranks the quotations said then first; otherwise newer ones win ties.
    timely = 1.0 if question.when is not None else 0.1
    quotes.sort(
        key=lambda quote: (
            _topic_score(topic, quote)
            + timely * timeliness(question.when, published_day(quote.published), day)
        ),
        reverse=True,
    )
    top = quotes[0]
    passages = await _passages(engine, quotes[: k * 2], scope, question)
    conf = min(1.0, 0.5 + 0.5 * _topic_score(topic, top)) if topic else 0.9
    direct = DirectAnswer(speaker=top.speaker, quote=top.text, role=top.role)
    return Answer(question.text, "what_said", direct, passages[:k], round(conf, 3))


def _normal_words(text: str) -> list[str]:
    return words(fold(text))


def align(claim: str, quote: str) -> tuple[float, bool, tuple[tuple[str, str], ...]]:
    """(similarity, exact, word diff) of a claim against the closest stretch of a quotation.

    The diff lists ("same" | "added" | "missing", words): "added" words are in the real quotation
    but not in the claim, "missing" words are in the claim but not in the quotation.
    """
    said = _normal_words(quote)
    claimed = _normal_words(claim)
    if not claimed or not said:
        return 0.0, False, ()
    n = len(claimed)
    exact = any(said[i : i + n] == claimed for i in range(len(said) - n + 1))
    # The stretch of the quotation that lines up best with the claim.
    best_ratio, best = 0.0, (0, len(said))
    for width in {max(1, n - 2), n, n + 2}:
        for i in range(0, max(1, len(said) - width + 1)):
            ratio = difflib.SequenceMatcher(
                None, claimed, said[i : i + width], autojunk=False
            ).ratio()
            if ratio > best_ratio:
                best_ratio, best = ratio, (i, i + width)
    window = said[best[0] : best[1]]
    diff: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, claimed, window, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            diff.append(("same", " ".join(claimed[a0:a1])))
            continue
        if a1 > a0:
            diff.append(("missing", " ".join(claimed[a0:a1])))
        if b1 > b0:
            diff.append(("added", " ".join(window[b0:b1])))
    return (1.0 if exact else best_ratio), exact, tuple(diff)


async def check_quote(
    engine: Engine, question: Question, scope: int | None, k: int, today: date | None = None
) -> Answer:
    """Whether the speaker said the words: `exact`, `close` or `not_found`, with the real words."""
    claim = (question.phrases[0] if question.phrases else question.claim) or ""
    claimed_speaker = question.speaker or ""
    terms = content_words(claim)
    candidates = (
        await engine.store.quotes(scope, match=fts_query(terms), limit=300) if terms else []
    )
    scored = [(align(claim, q.text), q) for q in candidates]
    scored.sort(
        key=lambda t: (t[0][0], speaker_matches(claimed_speaker, t[1].speaker, t[1].role)),
        reverse=True,
    )
    by_claimed = [t for t in scored if speaker_matches(claimed_speaker, t[1].speaker, t[1].role)]
    verdict: Verdict = "not_found"
    note: str | None = None
    chosen = None
    if by_claimed and by_claimed[0][0][0] >= CLOSE_SIMILARITY:
        chosen = by_claimed[0]
        verdict = "exact" if chosen[0][1] else "close"
    elif scored and scored[0][0][0] >= CLOSE_SIMILARITY:
        chosen = scored[0]
        real = chosen[1].speaker or "someone else"
        note = f"Those words were said by {real}, not {claimed_speaker}."
    elif by_claimed:
        chosen = by_claimed[0]
        note = f"No quotation of {claimed_speaker} says that; the closest is shown."
    else:
        note = f"No quotation of {claimed_speaker} says that."
    if chosen is None:
        ranked, _ = await engine.ranked(question, scope, k, today=today)
        closest = tuple(to_passage(s, None, question.stems) for s in ranked[:3])
        direct = DirectAnswer(verdict="not_found", claimed_speaker=claimed_speaker)
        return Answer(question.text, "check_quote", direct, (), 0.0, closest, note)
    (similarity, _, diff), quote = chosen
    direct = DirectAnswer(
        speaker=quote.speaker,
        quote=quote.text,
        role=quote.role,
        verdict=verdict,
        claimed_speaker=claimed_speaker,
        diff=diff if verdict == "close" else (),
    )
    passages = await _passages(engine, [quote], scope, question)
    return Answer(question.text, "check_quote", direct, passages, round(similarity, 3), note=note)
