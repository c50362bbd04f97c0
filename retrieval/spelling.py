"""Misspelt words of a question corrected to the library's own vocabulary.

"giamatei", "reseacher", "sarandan": a word no paragraph holds matches nothing, and counts
against every answer (rank.term_weights). When an indexed word is one or two typing slips
away (a letter missing, doubled, swapped or wrong), the question means that word. Short words
are left alone: at four letters a slip away is another word altogether ("mavs", "max"). Pure.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import OSA

from retrieval.index.tokens import stem

# Stems shorter than this are never corrected.
MIN_LENGTH = 5


def allowed_slips(length: int) -> int:
    """Typing slips (edits, a swap counting as one) tolerated in a stem of this length."""
    return 1 if length < 8 else 2


def correction(word_stem: str, vocabulary: Sequence[tuple[str, int]]) -> str | None:
    """The indexed stem a stem absent from the library most likely meant: fewest slips, then
    the most paragraphs; None when nothing is close enough."""
    if len(word_stem) < MIN_LENGTH or not word_stem.isalpha():
        return None
    slips = allowed_slips(len(word_stem))
    best: tuple[int, int, str] | None = None
    for term, docs in vocabulary:
        if abs(len(term) - len(word_stem)) > slips or not term.isalpha():
            continue
        distance = OSA.distance(word_stem, term, score_cutoff=slips)
        if distance > slips or stem(term) != term:
            # A stem that stems again differently could not be searched as itself.
            continue
        key = (distance, -docs, term)
        if best is None or key < best:
            best = key
    return best[2] if best else None
