"""Composing an `Answer` from ranked passages and the quotations they hold. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from retrieval.link import passage_link
from retrieval.models import Answer, DirectAnswer, Passage, Quote
from retrieval.query import Question
from retrieval.rank import Scored, highlight_terms
from retrieval.text import tokens

# Below this share of the question's weight the best passage is not presented as an answer.
MIN_CONFIDENCE = 0.3
# A further passage is shown only if it covers this share of what the best passage covers
# (0.6 cut RealTime QA R@5 through `ask -k 10` to 0.777; 0.3 keeps 0.835, all of them 0.840).
RELATED_SHARE = 0.3
# The share of what someone is asked to have said that must be in words the library holds
# when no quotation holds it.
CLAIM_KNOWN = 0.6
# The share of a claim's words a quotation must hold to answer a who-said question by itself.
QUOTE_HOLDS = 0.8


def to_passage(item: Scored, speaker: str | None, stems: frozenset[str]) -> Passage:
    """A scored row as the passage every front end shows."""
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


def overlap(claim: str, quote: str) -> float:
    """Share of the claim's stemmed words found in the quote (0 to 1)."""
    claim_tokens = set(tokens(claim))
    if not claim_tokens:
        return 0.0
    return len(claim_tokens & set(tokens(quote))) / len(claim_tokens)


def best_quote(claim: str, quotes: Sequence[Quote]) -> tuple[Quote | None, float]:
    """The quotation that holds most of the claim's words."""
    best: Quote | None = None
    best_score = 0.0
    for quote in quotes:
        score = overlap(claim, quote.text)
        if score > best_score:
            best, best_score = quote, score
    return best, best_score


def compose(
    question: Question,
    ranked: Sequence[Scored],
    quotes: Mapping[int, Sequence[Quote]],
    confidence: float,
    k: int,
    claim_known: float | None = None,
) -> Answer:
    """Passages with speakers, a direct answer for quote questions, or an honest miss.
    `claim_known` (the share of a who-said claim's weight in words the library holds)
    decides whether a who-said question no quotation answers is answered at all."""
    stems = question.stems

    def speaker_of(item: Scored) -> str | None:
        found = quotes.get(item.row.paragraph_id, ())
        if not found:
            return None
        if question.claim:
            best, _ = best_quote(question.claim, found)
            if best is not None:
                return best.speaker
        return found[0].speaker

    direct: DirectAnswer | None = None
    order = list(ranked)
    held = 0.0
    if question.kind == "who_said" and question.claim:
        # The passage whose quotation holds the claimed words goes first, with its speaker.
        candidates = [
            (best_quote(question.claim, quotes.get(s.row.paragraph_id, ())), s) for s in ranked
        ]
        scored = [(q, score, s) for (q, score), s in candidates if q is not None]
        if scored:
            quote, held, item = max(scored, key=lambda t: (t[1], t[2].score))
            if held >= 0.5:
                direct = DirectAnswer(speaker=quote.speaker, quote=quote.text, role=quote.role)
                order.remove(item)
                order.insert(0, item)
    if held >= QUOTE_HOLDS:
        # A quotation holding nearly every word claimed answers the question, however little
        # of the rest of the question ("who said …") the passage shares.
        confidence = max(confidence, round(held, 3))
    if not ranked or confidence < MIN_CONFIDENCE:
        closest = tuple(to_passage(s, speaker_of(s), stems) for s in ranked[:3])
        note = "Nothing in the library answers that." if ranked else "No article matches that."
        return Answer(question.text, question.kind, None, (), confidence, closest, note)
    # No quotation holds the words, and much of what was said is in words no paragraph of the
    # library holds: the library does not have it ("we are not on the same side of the coin"
    # in a library that never mentions a coin), whatever else the passage matches.
    if (
        direct is None
        and question.kind == "who_said"
        and claim_known is not None
        and claim_known < CLAIM_KNOWN
    ):
        closest = tuple(to_passage(s, speaker_of(s), stems) for s in ranked[:3])
        note = "Nothing in the library says that."
        miss = min(confidence, MIN_CONFIDENCE - 0.01)
        return Answer(question.text, question.kind, None, (), miss, closest, note)
    # Passages that hold much less of the question than the best one are noise, not support.
    floor = RELATED_SHARE * max(s.text_coverage for s in order)
    order = [s for i, s in enumerate(order) if i == 0 or s.text_coverage >= floor]
    passages = tuple(to_passage(s, speaker_of(s), stems) for s in order[:k])
    return Answer(question.text, question.kind, direct, passages, confidence)
