"""Answers about what people said: "What did X say about Y?" and "Did X say '...'?".

Both start from who was asked about, resolved against the library's speakers (`people.py`),
and from the passages the ordinary search finds, so that a reference the library cannot resolve
("the airline's ceo") still gets the passages that answer the topic, and a topic the library
does not hold gets an honest "not found" rather than the speaker's latest quotation.
"""

from __future__ import annotations

import asyncio
import difflib
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from retrieval.answer import MIN_CONFIDENCE, to_passage
from retrieval.intent import SPEAK
from retrieval.models import Answer, DirectAnswer, Passage, Quote, Verdict
from retrieval.people import (
    describes,
    description_words,
    holder,
    name_words,
    resolve_speakers,
    speaker_matches,
)
from retrieval.query import Question, content_words, fts_query
from retrieval.rank import Scored
from retrieval.text import fold, stem, tokens, words
from retrieval.when import asked_on, published_day, quotes_as_of, timeliness

if TYPE_CHECKING:
    from retrieval.engine import Engine

SPEAKING = re.compile(SPEAK, re.IGNORECASE)
# Word-level similarity at or above which near-identical words are called `close`.
CLOSE_SIMILARITY = 0.7
# Quotations a claim is compared with: the best BM25 matches of its words among all of them.
CHECKED_QUOTES = 300
# Passages of the ordinary search read for a speaker's quotation.
READ_PASSAGES = 20
# The share of the topic's weight ("about the border") a passage must hold to answer what
# someone said about it: the bar a whole question meets, on what is left once the speaker
# is known.
TOPIC_SHARE = MIN_CONFIDENCE


def _coverage(topic: dict[str, float], text_tokens: set[str]) -> float:
    """The share of the topic's IDF weight in a text's tokens."""
    total = sum(topic.values())
    if not total:
        return 0.0
    return sum(w for s, w in topic.items() if s in text_tokens) / total


async def what_said(
    engine: Engine, question: Question, scope: int | None, k: int, today: date | None = None
) -> Answer | None:
    """The asked speaker's quotation on the topic, best first, with the passages around it;
    None when the reference is nobody: no speaker of the library, no description of one."""
    asked = question.speaker or ""
    described = description_words(asked)
    left_out = set(words(asked)) | (question.when.words if question.when else set())
    # The verb ("say", "tell", "react") asks; it is not what was said.
    topic = [t for t in question.terms if t not in left_out and not SPEAKING.fullmatch(t)]
    names: list[str] = []
    if not describes(asked):
        names = await resolve_speakers(engine.store, asked, scope)
        if not names:
            return None
    weights = await engine.weights_of(topic)
    ranked, conf = await engine.ranked(question, scope, READ_PASSAGES, today=today)
    quotes = await engine.quotes_by_paragraph(ranked)
    if describes(asked):
        # "the cnn president": the articles found say who holds the role ("CNN President
        # Jeff Zucker"); the first of them that names a holder tells. A speaker's name that
        # merely shares a word of the description ("Ukrainian", "Crowd") does not.
        for article_id in list(dict.fromkeys(s.row.article.id for s in ranked))[:3]:
            if named := holder(await engine.store.paragraphs(article_id), described):
                names = [named]
                break
    if not names and by_name(asked):
        names = await resolve_speakers(engine.store, asked, scope)
    day = asked_on(today)
    timely = 1.0 if question.when is not None else 0.1

    def fits(quote: Quote) -> bool:
        if names:
            return quote.speaker in names
        return speaker_matches(asked, quote.speaker, quote.role)

    # Candidates: the speaker's quotations in the passages found, and their quotations found
    # by the topic's words anywhere in the library.
    found: dict[int, tuple[float, Quote, Scored | None]] = {}
    for rank, item in enumerate(ranked):
        for quote in quotes.get(item.row.paragraph_id, ()):
            if fits(quote) or (not names and described and _role_fits(described, quote)):
                own = set(item.row.token_list()) | set(tokens(item.row.article.title))
                score = _coverage(weights, own) if weights else 1.0 - rank / len(ranked)
                if quote.paragraph_id not in found or found[quote.paragraph_id][0] < score:
                    found[quote.paragraph_id] = (score, quote, item)
    match = fts_query(topic) if topic else None
    for name in names[:5]:
        for quote in quotes_as_of(
            await engine.store.quotes(
                scope, speaker=name, match=match, limit=50, exact_speaker=True
            ),
            today,
        ):
            score = _coverage(weights, set(tokens(quote.text))) if weights else 0.5
            if quote.paragraph_id not in found or found[quote.paragraph_id][0] < score:
                found[quote.paragraph_id] = (score, quote, None)
    if not weights and not found and names:
        # "What did Mayorkas say?": their latest quotations.
        for quote in quotes_as_of(
            await engine.store.quotes(scope, speaker=names[0], limit=k, exact_speaker=True),
            today,
        ):
            found[quote.paragraph_id] = (0.5, quote, None)
    best = sorted(
        found.values(),
        key=lambda t: t[0] + timely * timeliness(question.when, published_day(t[1].published), day),
        reverse=True,
    )
    if best and (best[0][0] >= TOPIC_SHARE or not weights):
        score, top, _ = best[0]
        ordered = [t[1] for t in best[: k * 2]]
        passages = await _passages(engine, ordered, scope, question)
        confidence = min(1.0, 0.5 + 0.5 * score) if weights else 0.9
        direct = DirectAnswer(speaker=top.speaker, quote=top.text, role=top.role)
        return Answer(question.text, "what_said", direct, passages[:k], round(confidence, 3))
    # No quotation of theirs on the topic: the passages that answer it, if any mention them.
    shown = [
        s
        for s in ranked
        if (_mentions(s, asked, names) or (not names and describes(asked)))
        and _coverage(weights, set(s.row.token_list()) | set(tokens(s.row.article.title)))
        >= TOPIC_SHARE
    ]
    if shown and conf >= MIN_CONFIDENCE:
        passages = tuple(to_passage(s, _speaker_of(quotes, s), question.stems) for s in shown[:k])
        note = f"No quotation from {_display(asked, names)} on that; these passages are about it."
        # Who was asked about, as the library names them ("the cnn president" is Jeff
        # Zucker), with no words put in their mouth.
        person = DirectAnswer(speaker=names[0]) if names else None
        return Answer(question.text, "what_said", person, passages, conf, note=note)
    closest = tuple(to_passage(s, _speaker_of(quotes, s), question.stems) for s in ranked[:3])
    note = f"Nothing in the library says what {_display(asked, names)} said about that."
    if not topic:
        note = f"No quotation from {_display(asked, names)} in the library."
    miss = min(conf, MIN_CONFIDENCE - 0.01)
    return Answer(question.text, "what_said", None, (), miss, closest, note)


def _aligned(
    claim: str, candidates: Sequence[Quote]
) -> list[tuple[tuple[float, bool, tuple[tuple[str, str], ...]], Quote]]:
    return [(align(claim, q.text), q) for q in candidates if could_be_close(claim, q.text)]


def by_name(asked: str) -> bool:
    """Whether a reference is resolved by the speakers' names: a name ("mayorkas"), or a role
    with a name ("transport minister ruth kaye"). A description's one other word is a place or
    an organisation more often than a name ("londons new mayor", "the bishop of durham")."""
    return not describes(asked) or len(name_words(asked)) >= 2


def _display(asked: str, names: Sequence[str]) -> str:
    return names[0] if names else asked


def _role_fits(described: set[str], quote: Quote) -> bool:
    """A quotation whose speaker's role shares the words of a description ("cnn president")."""
    role = {stem(w) for w in words(quote.role or "")}
    wanted = {stem(w) for w in described}
    return bool(role) and len(wanted & role) >= min(2, len(wanted))


def _mentions(item: Scored, asked: str, names: Sequence[str]) -> bool:
    """Whether a passage (or its title) names the person asked about."""
    text = set(words(item.row.text)) | set(words(item.row.article.title))
    wanted = {words(n)[-1] for n in names if words(n)} | set(name_words(asked))
    return bool(wanted & text)


def _speaker_of(quotes: dict[int, list[Quote]], item: Scored) -> str | None:
    found = quotes.get(item.row.paragraph_id, ())
    return found[0].speaker if found else None


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


def _normal_words(text: str) -> list[str]:
    return words(fold(text))


def could_be_close(claim: str, quote: str) -> bool:
    """Whether `align` could find the claim at least `CLOSE_SIMILARITY` alike in the quotation.
    It compares the n words of the claim with stretches of the quotation at least n - 2 words
    wide (or the whole of a shorter one): a ratio of 2M / (n + width) needs M shared words,
    and no stretch shares more than the whole quotation."""
    claimed = Counter(_normal_words(claim))
    said = Counter(_normal_words(quote))
    n, length = sum(claimed.values()), sum(said.values())
    if not n or not length:
        return False
    shared = sum((claimed & said).values())
    narrowest = min(length, max(1, n - 2))
    return 2 * shared >= CLOSE_SIMILARITY * (n + narrowest) - 1e-9


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
    """Whether the speaker said the words: `exact`, `close`, `other` (someone else said them)
    or `not_found`, with the real words and who said them."""
    claim = (question.phrases[0] if question.phrases else question.claim) or ""
    claimed_speaker = question.speaker or ""
    names = (
        await resolve_speakers(engine.store, claimed_speaker, scope)
        if by_name(claimed_speaker)
        else []
    )
    terms = content_words(claim)
    candidates = (
        await engine.store.quotes_ranked(fts_query(terms), scope, CHECKED_QUOTES) if terms else []
    )

    def by_claimed(quote: Quote) -> bool:
        if names:
            return quote.speaker in names
        return speaker_matches(claimed_speaker, quote.speaker, quote.role)

    # Only quotations that could reach the bar are aligned word by word: the rest could not
    # be chosen, and aligning 300 long quotations is most of a check's time.
    candidates = quotes_as_of(candidates, today)
    scored = await asyncio.to_thread(_aligned, claim, candidates)
    scored.sort(key=lambda t: (t[0][0], by_claimed(t[1])), reverse=True)
    theirs = [t for t in scored if by_claimed(t[1])]
    verdict: Verdict = "not_found"
    note: str | None = None
    chosen = None
    if theirs and theirs[0][0][0] >= CLOSE_SIMILARITY:
        chosen = theirs[0]
        verdict = "exact" if chosen[0][1] else "close"
    elif scored and scored[0][0][0] >= CLOSE_SIMILARITY and scored[0][1].speaker:
        chosen = scored[0]
        verdict = "other"
        real = chosen[1].speaker
        note = f"Those words were said by {real}, not {_display(claimed_speaker, names)}."
    if chosen is None:
        return await _unquoted(engine, question, scope, k, today, claim, claimed_speaker, names)
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


async def _unquoted(
    engine: Engine,
    question: Question,
    scope: int | None,
    k: int,
    today: date | None,
    claim: str,
    claimed_speaker: str,
    names: Sequence[str],
) -> Answer:
    """No stored quotation holds the claim: its words may still stand in a passage (a
    quotation the extractor did not attribute, or reported speech), checked word by word."""
    ranked, _ = await engine.ranked(question, scope, max(k, 10), today=today)
    quotes = await engine.quotes_by_paragraph(ranked)
    best: tuple[tuple[float, bool, tuple[tuple[str, str], ...]], Scored] | None = None
    for item in ranked:
        if not could_be_close(claim, item.row.text):
            continue
        aligned = align(claim, item.row.text)
        if best is None or aligned[0] > best[0][0]:
            best = (aligned, item)
    who = _display(claimed_speaker, names)
    if best is not None and best[0][0] >= CLOSE_SIMILARITY:
        (similarity, exact, diff), item = best
        # The quotation of the passage that holds the claim says who spoke, and in what role.
        held = max(
            quotes.get(item.row.paragraph_id, ()),
            key=lambda quote: align(claim, quote.text)[0],
            default=None,
        )
        speaker, role = (held.speaker, held.role) if held else (None, None)
        verdict: Verdict = "exact" if exact else "close"
        note = None
        if speaker and not (speaker in names or speaker_matches(claimed_speaker, speaker, role)):
            if _mentions(item, claimed_speaker, names):
                # The passage names the person asked about: they are likelier the speaker.
                speaker = names[0] if names else speaker
            else:
                verdict, note = "other", f"Those words were said by {speaker}, not {who}."
        elif not speaker:
            speaker = names[0] if names and _mentions(item, claimed_speaker, names) else None
        direct = DirectAnswer(
            speaker=speaker,
            quote=item.row.text,
            role=role if held and speaker == held.speaker else None,
            verdict=verdict,
            claimed_speaker=claimed_speaker,
            diff=diff if verdict == "close" else (),
        )
        passage = to_passage(item, speaker, question.stems)
        return Answer(
            question.text, "check_quote", direct, (passage,), round(similarity, 3), note=note
        )
    closest = tuple(to_passage(s, _speaker_of(quotes, s), question.stems) for s in ranked[:3])
    direct = DirectAnswer(verdict="not_found", claimed_speaker=claimed_speaker)
    note = f"No quotation of {who} says that."
    return Answer(question.text, "check_quote", direct, (), 0.0, closest, note)
