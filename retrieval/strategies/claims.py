"""How much of a claimed quotation a text holds. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Sequence

from retrieval.index.tokens import tokens
from retrieval.models import Quote


def overlap(claim: str, quote: str) -> float:
    """Share of the claim's stemmed words found in the quote (0 to 1)."""
    claim_tokens = set(tokens(claim))
    if not claim_tokens:
        return 0.0
    return len(claim_tokens & set(tokens(quote))) / len(claim_tokens)


def best_quote(claim: str, quotes: Sequence[Quote]) -> tuple[Quote | None, float]:
    """The quotation that holds most of the claim's words, and how much of them."""
    best: Quote | None = None
    best_score = 0.0
    for quote in quotes:
        score = overlap(claim, quote.text)
        if score > best_score:
            best, best_score = quote, score
    return best, best_score
