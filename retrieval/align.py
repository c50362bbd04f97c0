"""A claimed quotation aligned word by word with what was really said. Pure: no I/O."""

from __future__ import annotations

import difflib
from collections import Counter

from retrieval.index.tokens import fold, words

# Word-level similarity at or above which near-identical words are called `close`.
CLOSE_SIMILARITY = 0.7

Alignment = tuple[float, bool, tuple[tuple[str, str], ...]]
"""(similarity, exact, word diff) of a claim against a quotation."""


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


def align(claim: str, quote: str) -> Alignment:
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
