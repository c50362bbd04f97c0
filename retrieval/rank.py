"""Re-ranking BM25 candidates: phrase and proximity matches, article context, diversity.

Pure functions over candidates already ranked by FTS5's `bm25()`; no I/O.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise

from retrieval.index.bm25 import idf_lucene
from retrieval.index.tokens import stem, title_tokens, tokens, words
from retrieval.models import PassageRow, Scored
from retrieval.query import Question
from retrieval.when import YEAR_NUMBER, published_day, timeliness


@dataclass(frozen=True)
class Weights:
    """How much each re-ranking signal adds to a passage's normalised BM25 score."""

    coverage: float = 0.35
    phrase: float = 0.5
    proximity: float = 0.25
    # A passage holding a number, when the question asks for one ("how many …").
    number: float = 0.3
    article: float = 0.3
    document: float = 5.0
    documents: int = 50
    # Titles sum up a story, so they count fully in the whole-article index.
    document_title_weight: float = 1.0
    per_article: int = 2
    # How much publication in the span the question asks about ("this week", "in 2016",
    # "latest") adds; and how much newness adds when the question says nothing of time (news
    # readers mostly ask about the news; a year-old article gets almost none of it).
    period: float = 2.0
    freshness: float = 0.5
    title_weight: float = 0.3
    candidates: int = 100
    # Rows FTS5 may score per question before the commoner terms are scored on candidates
    # only, and how many candidates (times `candidates`) those are drawn from.
    scored_rows: int = 5_000
    pool: int = 2
    # Articles (long rows, dearer to score) FTS5 may score for the whole-article signal. 3,000
    # measured as well on RealTime QA, for half the time of that search, but cost Vaswani's
    # long queries 0.02 of nDCG@10.
    document_rows: int = 10_000
    # How much a sentence-embedding model's similarity between the question and a passage
    # adds (semantic.py; 0: not used, the default).
    semantic: float = 0.0


# The weight `[search] semantic = true` gives (README, "How answers are ranked"): XQuAD R@1
# 0.941 to 0.963, RealTime QA R@5 0.859 to 0.869.
SEMANTIC_WEIGHT = 2.0
# The similarity below which the semantic model adds nothing to the confidence in an answer.
SIMILAR = 0.35


DEFAULT_WEIGHTS = Weights()


def term_weights(question: Question, total: int, docs: Mapping[str, int]) -> dict[str, float]:
    """The weight (`idf_lucene`) of each stemmed query term; terms absent from the library
    weigh nothing (ranking is among what the library holds: `known_share` says how much of
    the question that is)."""
    return {s: idf_lucene(total, docs[s]) if docs.get(s) else 0.0 for s in question.stems}


def known_share(question: Question, total: int, docs: Mapping[str, int]) -> float:
    """The share of the question's IDF weight in words the library holds at all. A word it
    lacks weighs as much as its rarest word: it is often the most telling word of the
    question, and no passage can answer without it ("who said we are not on the same side
    of the coin?" in a library that never mentions a coin)."""
    # Words that name a time ("in 2020", "this week") are matched by the publication day.
    timed: set[str] = set()
    if question.when is not None:
        timed = {stem(w) for w in question.when.words}
        if question.when.year is not None:
            timed.add(str(question.when.year))
    return library_share([s for s in question.stems if s not in timed], total, docs)


def library_share(stems: Iterable[str], total: int, docs: Mapping[str, int]) -> float:
    """The share of the stems' IDF weight in stems the library holds, a stem it lacks
    weighing as much as its rarest (1.0 for no stems)."""
    weights = {s: idf_lucene(total, docs.get(s, 0)) for s in stems}
    whole = sum(weights.values())
    if not whole:
        return 1.0
    return sum(w for s, w in weights.items() if docs.get(s)) / whole


# How much of the confidence is kept when the question names a year the best passage neither
# mentions nor was published in ("who won the ashes in 2005" against a 2016 article).
YEAR_MISSING = 0.5


_YEAR = re.compile(YEAR_NUMBER)


def evidence(question: Question, best: Scored) -> float:
    """0 to 1: what is left of the confidence once a year the question names and the best
    passage lacks is counted (1: it lacks nothing that matters)."""
    if question.when is None or question.when.year is None:
        return 1.0
    year = question.when.year
    day = published_day(best.row.article.published)
    seen = [*best.row.token_list(), *title_tokens(best.row.article.title)]
    if str(year) in seen or (day is not None and day.year == year):
        return 1.0
    if day is None and not any(_YEAR.fullmatch(token) for token in seen):
        # An undated passage that names no year at all may well be about that year.
        return 1.0
    return YEAR_MISSING


def _phrase_hits(seq: Sequence[str], phrases: Sequence[Sequence[str]]) -> int:
    hits = 0
    for phrase in phrases:
        n = len(phrase)
        if n and any(list(seq[i : i + n]) == list(phrase) for i in range(len(seq) - n + 1)):
            hits += 1
    return hits


def _proximity(
    seq: Sequence[str], weights: Mapping[str, float], wanted: frozenset[str], window: int = 4
) -> float:
    """IDF mass of distinct query terms (`wanted`, those that weigh something) that sit within
    `window` tokens of another one."""
    positions = [(i, t) for i, t in enumerate(seq) if t in wanted]
    close: set[str] = set()
    for (i, a), (j, b) in pairwise(positions):
        if a != b and j - i <= window:
            close.update((a, b))
    return sum(weights[t] for t in close)


def rerank(
    question: Question,
    rows: Sequence[PassageRow],
    weights: Mapping[str, float],
    k: int,
    w: Weights = DEFAULT_WEIGHTS,
    documents: Mapping[int, float] | None = None,
    today: date | None = None,
) -> list[Scored]:
    """The top `k` passages after re-ranking, at most `w.per_article` from one article.
    `today` is the day the question is asked (for "this week"; None: no time signal).

    The signals that need a paragraph's tokens (coverage, phrases, proximity) add at most
    `w.coverage + w.phrase + w.proximity`; the others are known without reading the text.
    Candidates are tokenised best-known-first, and the rest are left once none of them could
    reach the k-th passage: the result is the one scoring every candidate would give.
    """
    if not rows:
        return []
    timely = w.period if question.when is not None else w.freshness
    timing: dict[int, float] = {}
    if today is not None and timely:
        for row in rows:
            if row.article.id not in timing:
                day = published_day(row.article.published)
                timing[row.article.id] = timely * timeliness(question.when, day, today)
    total_weight = sum(weights.values()) or 1.0
    top = max(r.score for r in rows) or 1.0
    phrase_tokens = [tokens(p) for p in question.phrases]
    documents = documents or {}
    top_document = max(documents.values(), default=0.0) or 1.0
    article_mass: dict[int, float] = defaultdict(float)
    for row in rows:
        article_mass[row.article.id] += row.score / top
    wanted = frozenset(t for t, weight in weights.items() if weight > 0)
    titles: dict[str, set[str]] = {}

    def context(row: PassageRow) -> float:
        # Other strong paragraphs of the same article are evidence that the article is on
        # topic; the whole article's BM25 says which story is about the question; and the
        # time it was published, against the time asked about.
        return (
            w.article * math.log1p(article_mass[row.article.id] - row.score / top)
            + w.document * documents.get(row.article.id, 0.0) / top_document
            + timing.get(row.article.id, 0.0)
        )

    def scored(row: PassageRow, around: float) -> Scored:
        seq = row.token_list()
        if row.article.title not in titles:
            # The paragraphs of one article share its title: tokenised once.
            titles[row.article.title] = set(title_tokens(row.article.title))
        own = set(seq)
        present = own | titles[row.article.title]
        matched = tuple(sorted(t for t in weights if t in present))
        coverage = sum(weights[t] for t in matched) / total_weight
        score = row.score / top + w.coverage * coverage
        if phrase_tokens:
            score += w.phrase * _phrase_hits(seq, phrase_tokens) / len(phrase_tokens)
        score += w.proximity * _proximity(seq, weights, wanted) / total_weight
        if question.wants_number and any(t[:1].isdigit() for t in seq):
            score += w.number
        score += around
        text_coverage = sum(weights[t] for t in matched if t in own) / total_weight
        return Scored(row, score, coverage, matched, text_coverage)

    most = w.coverage + w.proximity + (w.phrase if phrase_tokens else 0.0)
    most += w.number if question.wants_number else 0.0
    contexts = [context(row) for row in rows]
    known = sorted(((row.score / top + contexts[n], n) for n, row in enumerate(rows)), reverse=True)
    done: list[tuple[int, Scored]] = []
    for at, (bound, n) in enumerate(known):
        if at >= k and at % 8 == 0:
            last = _kth_taken(done, k, w.per_article)
            # 1e-9: the bound is summed in another order than the scores.
            if last is not None and bound + most + 1e-9 < last:
                break
        done.append((n, scored(rows[n], contexts[n])))
    return _best(done, k, w.per_article)


def _kth_taken(done: list[tuple[int, Scored]], k: int, per_article: int) -> float | None:
    """The score of the k-th passage diversity takes, if it takes k without falling back on
    passages held back (any passage scoring less can then change nothing)."""
    counts: dict[int, int] = defaultdict(int)
    taken = 0
    for score in sorted(((s.score, s.row.article.id) for _, s in done), reverse=True):
        if counts[score[1]] < per_article:
            counts[score[1]] += 1
            taken += 1
            if taken == k:
                return score[0]
    return None


def _best(done: list[tuple[int, Scored]], k: int, per_article: int) -> list[Scored]:
    """Diversified top `k`; equal scores keep the candidates' BM25 order."""
    done.sort(key=lambda item: (-item[1].score, item[0]))
    return diversify([s for _, s in done], k, per_article)


def diversify(scored: Sequence[Scored], k: int, per_article: int) -> list[Scored]:
    """Best first, but no more than `per_article` passages of one article in the top `k`."""
    taken: list[Scored] = []
    held_back: list[Scored] = []
    counts: dict[int, int] = defaultdict(int)
    for item in scored:
        if counts[item.row.article.id] < per_article:
            counts[item.row.article.id] += 1
            taken.append(item)
        else:
            held_back.append(item)
        if len(taken) == k:
            return taken
    return (taken + held_back)[:k]


def blend(
    scored: Sequence[Scored], similarity: Sequence[float], weight: float, k: int, per_article: int
) -> list[Scored]:
    """Re-ranked passages with `weight` × their similarity to the question added to their
    score (relative to the best one's, so that the weight means the same for every question),
    best first, diversified."""
    top = max((s.score for s in scored), default=0.0) or 1.0
    blended = [
        replace(s, score=s.score / top + weight * sim, similarity=sim)
        for s, sim in zip(scored, similarity, strict=True)
    ]
    # A stable sort: equal scores keep the lexical order.
    blended.sort(key=lambda s: -s.score)
    return diversify(blended, k, per_article)


def confidence(best: Scored | None, question_terms: int, known: float = 1.0) -> float:
    """0 to 1: how much of the question's weight the best passage covers, words the library
    lacks included (`known`: the share of the weight in words it holds), damped for 1-word
    asks; or, with the semantic model, how close in meaning it is, if that says more."""
    if best is None:
        return 0.0
    damp = 1.0 if question_terms > 1 else 0.8
    covered = min(1.0, best.coverage) * known
    if best.similarity is not None:
        # On XQuAD, all-MiniLM-L6-v2 puts the paragraph that answers a question at 0.58 (the
        # median; 0.39 to 0.72 for 80% of them), other paragraphs of its article at 0.30, and
        # other articles' at 0.01: shown as an answer from 0.455 up.
        covered = max(covered, min(1.0, max(0.0, (best.similarity - SIMILAR) / 0.35)))
    return round(covered * damp, 3)


def highlight_terms(text: str, stems: frozenset[str]) -> tuple[str, ...]:
    """The words of `text` (as written, folded) whose stems are query terms."""
    return tuple(dict.fromkeys(w for w in words(text) if stem(w) in stems))
