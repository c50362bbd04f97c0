"""Exact BM25 top-k over FTS5 without scoring every row that holds a common word.

FTS5's `bm25()` costs about a microsecond for every row that matches any query term, so an OR
query with "new" or "said" in it scores a fifth of a million-paragraph library. Here the query
is split MaxScore-style: the informative terms (the rarest, up to a budget of matching rows) go
to FTS5, which scores their part of BM25 exactly; the common terms are scored here, on the
candidates only, from the paragraphs' own tokens and FTS5's own statistics. A common term adds
at most `idf × (k1 + 1)` to any paragraph, so once the k-th best exact score is above what any
paragraph left out could reach, the top k is proven to be the exhaustive BM25 top k. When the
bound is not met within the candidates (long questions of common words, in a large library),
the ranking is the candidates' exact BM25 ranking, and `Ranked.proven` says how many of its
first places are nonetheless proven.

Pure functions: the engine fetches, this module plans and scores.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from retrieval.text import fold, stem

K1 = 1.2
B = 0.75
# FTS5 floors the IDF of a term found in more than half of the rows at this value.
IDF_FLOOR = 1e-6


def idf(rows: int, docs: int) -> float:
    """IDF exactly as FTS5's bm25() computes it."""
    value = math.log((rows - docs + 0.5) / (docs + 0.5))
    return value if value > 0 else IDF_FLOOR


@dataclass(frozen=True)
class Plan:
    """Which stems FTS5 scores (`essential`) and which are scored on the candidates (`rest`),
    each with how many times the query holds it (FTS5 scores every occurrence)."""

    essential: tuple[tuple[str, int], ...]
    rest: tuple[tuple[str, int], ...]
    # The most that the rest can add to any paragraph's score.
    bound: float


def plan(stems: Iterable[str], docs: Mapping[str, int], rows: int, budget: int) -> Plan:
    """Rarest stems first into the FTS5 query, while the rows they match fit the budget
    (the rarest always goes, whatever its count). `rows` is the index's row count, for the
    bound (infinite without it)."""
    counts = Counter(s for s in stems if docs.get(s))
    order = sorted(counts, key=lambda s: (docs[s], s))
    essential: list[tuple[str, int]] = []
    rest: list[tuple[str, int]] = []
    scored = 0
    for s in order:
        if not essential or (not rest and scored + docs[s] <= budget):
            essential.append((s, counts[s]))
            scored += docs[s]
        else:
            rest.append((s, counts[s]))
    bound = sum(n * idf(rows, docs[s]) * (K1 + 1) for s, n in rest) if rows else math.inf
    return Plan(tuple(essential), tuple(rest), bound)


@dataclass(frozen=True)
class Candidate:
    """A paragraph the FTS5 query returned, with what exact scoring needs."""

    id: int
    partial: float
    text: str
    title: str
    size: int


def _prefix(stem_: str) -> str:
    """A prefix that every word with this stem starts with. Porter only rewrites the end of
    a word, and never more than its last two letters of what it keeps (checked against the
    whole vocabulary of the evaluation corpora)."""
    return stem_ if len(stem_) <= 2 else stem_[: max(2, len(stem_) - 2)]


class TermCounter:
    """Counts given stems in a text without tokenising all of it: only the words that start
    like one of the stems are stemmed, so a paragraph costs one regex scan."""

    def __init__(self, stems: Iterable[str]) -> None:
        self.stems = frozenset(stems)
        prefixes = sorted({_prefix(s) for s in self.stems}, key=len, reverse=True)
        # A word starts where no letter or digit precedes, as in `text.words`.
        alternatives = "|".join(re.escape(p) for p in prefixes)
        self._pattern = re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*")

    def __call__(self, text: str) -> dict[str, int]:
        found: dict[str, int] = {}
        if not self.stems:
            return found
        for word in self._pattern.findall(fold(text)):
            s = stem(word)
            if s in self.stems:
                found[s] = found.get(s, 0) + 1
        return found


def rest_score(
    candidate: Candidate,
    rest: Sequence[tuple[str, int]],
    idfs: Mapping[str, float],
    avgdl: float,
    title_weight: float,
    in_text: Mapping[str, int],
    in_title: Mapping[str, int],
) -> float:
    """What the common terms add to one paragraph's BM25 score, as bm25() would add it,
    from the counts of those terms in its text and in its title."""
    norm = K1 * (1 - B + B * candidate.size / avgdl) if avgdl else K1
    score = 0.0
    for s, n in rest:
        f = in_text.get(s, 0) + title_weight * in_title.get(s, 0)
        if f:
            score += n * idfs[s] * f * (K1 + 1) / (f + norm)
    return score


@dataclass(frozen=True)
class Ranked:
    """Exact BM25 scores of the candidates, best first, and how many of the first are
    provably the exhaustive ranking."""

    scores: list[tuple[int, float]]
    proven: int


def rank(
    candidates: Sequence[Candidate],
    p: Plan,
    idfs: Mapping[str, float],
    avgdl: float,
    title_weight: float,
    k: int,
    cutoff: float | None,
) -> Ranked:
    """Exact scores of the candidates (given best partial first), stopping as soon as no
    later candidate, and no paragraph outside them, can reach the k-th best score.

    `cutoff` is the lowest partial score FTS5 returned when it returned as many rows as it
    was asked for (None when it returned every row matching an essential term): a paragraph
    left out scores at most that plus the bound. The first results that score above what
    any unscored paragraph could reach are proven: no paragraph can come between them.
    """
    count = TermCounter(s for s, _ in p.rest)
    titles: dict[str, dict[str, int]] = {}
    scores: list[tuple[int, float]] = []
    top: list[float] = []  # a min-heap of the k best exact scores so far
    # The most a paragraph that is not scored here could score.
    ceiling = p.bound + (cutoff or 0.0) if p.rest else -math.inf
    for candidate in candidates:
        if len(top) == k and candidate.partial + p.bound < top[0]:
            # This candidate, every later one and every paragraph outside are below the top k.
            ceiling = max(ceiling, candidate.partial + p.bound)
            break
        if candidate.title not in titles:
            # Paragraphs of one article share its title: counted once.
            titles[candidate.title] = count(candidate.title)
        in_text = count(candidate.text)
        extra = rest_score(
            candidate, p.rest, idfs, avgdl, title_weight, in_text, titles[candidate.title]
        )
        exact = candidate.partial + extra
        scores.append((candidate.id, exact))
        if len(top) < k:
            heapq.heappush(top, exact)
        elif exact > top[0]:
            heapq.heapreplace(top, exact)
    best = _best(scores, k)
    proven = 0
    while proven < len(best) and best[proven][1] > ceiling:
        proven += 1
    return Ranked(best, proven)


def _best(scores: list[tuple[int, float]], k: int) -> list[tuple[int, float]]:
    return sorted(scores, key=lambda item: (-item[1], item[0]))[:k]
