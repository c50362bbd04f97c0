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
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from retrieval.index.bm25 import K1, B, idf_fts5
from retrieval.index.tokens import title_tokens


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
    bound = sum(n * idf_fts5(rows, docs[s]) * (K1 + 1) for s, n in rest) if rows else math.inf
    return Plan(tuple(essential), tuple(rest), bound)


@dataclass(frozen=True)
class Candidate:
    """A paragraph the FTS5 query returned, with what exact scoring needs: its text's stemmed
    tokens (space-separated, as the store keeps them) and its size in tokens, title included."""

    id: int
    partial: float
    tokens: str
    title: str
    size: int


def count_terms(seq: Iterable[str], wanted: frozenset[str]) -> Counter[str]:
    """How many times each wanted stem is in the token sequence (absent ones left out): one
    pass in C, since most tokens are not wanted."""
    return Counter(filter(wanted.__contains__, seq))


def rest_score(
    in_text: Mapping[str, int],
    size: int,
    rest: Sequence[tuple[str, float]],
    avgdl: float,
    title_weight: float,
    in_title: Mapping[str, int],
) -> float:
    """What the common terms add to one paragraph's BM25 score, as bm25() would add it,
    from the counts of those terms in its text and in its title, and its size. `rest` holds
    each term with how many times the query has it × its IDF."""
    norm = K1 * (1 - B + B * size / avgdl) if avgdl else K1
    score = 0.0
    for s, weight in rest:
        f = in_text.get(s, 0) + title_weight * in_title.get(s, 0)
        if f:
            score += weight * f * (K1 + 1) / (f + norm)
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
    wanted = frozenset(s for s, _ in p.rest)
    weighted = [(s, n * idfs[s]) for s, n in p.rest]
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
            titles[candidate.title] = count_terms(title_tokens(candidate.title), wanted)
        in_text = count_terms(candidate.tokens.split(), wanted)
        extra = rest_score(
            in_text, candidate.size, weighted, avgdl, title_weight, titles[candidate.title]
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
