"""The second stage: the BM25 top candidates for a question's terms, found without scoring
every row that holds a common word (the plan and the exact scoring are `topk.py`'s)."""

from __future__ import annotations

from dataclasses import dataclass

from retrieval import topk
from retrieval.index.bm25 import idf_fts5
from retrieval.index.tokens import stem
from retrieval.models import PassageRow
from retrieval.query import Question, fts_query
from retrieval.rank import Weights
from retrieval.store.passages import Passages


@dataclass(frozen=True)
class Found:
    """Paragraphs to re-rank with their BM25 scores, the FTS5 query that found them, and how
    many of the first are provably the exhaustive BM25 ranking."""

    rows: list[PassageRow]
    match: str
    proven: int


async def find(
    passages: Passages,
    question: Question,
    scope: int | None,
    weights: Weights,
    article_id: int | None = None,
    totals: tuple[int, int] | None = None,
    docs: dict[str, int] | None = None,
) -> Found:
    """The BM25 top `weights.candidates` paragraphs for the question's terms, best first.
    `totals` and `docs` are the index's statistics, when the caller has read them."""
    tw = weights.title_weight
    limit = weights.candidates
    if totals is None or docs is None:
        totals, counts = await passages.term_statistics(sorted(question.stems))
        docs = {s: d for s, (d, _) in counts.items()}
    total, tokens_total = totals
    if article_id is not None:
        # One article is small: FTS5 scores all of it.
        match = fts_query(question.terms, question.phrases)
        rows = await passages.search(match, scope, limit, tw, article_id)
        return Found(rows, match, len(rows))
    stems = [stem(t) for t in question.terms]
    p = topk.plan(stems, docs, total, weights.scored_rows)
    if not p.essential:
        # No term of the question is in the library.
        return Found([], fts_query(question.terms), 0)
    essential = {s for s, _ in p.essential}
    # Quoted phrases go to FTS5 whole: they are rarer than their rarest word.
    match = fts_query(
        [t for t, s in zip(question.terms, stems, strict=True) if s in essential],
        question.phrases,
    )
    fetch = limit * weights.pool if p.rest else limit
    # Other servers' paragraphs are ranked too, then left out; any visible paragraph not
    # fetched scores no more than the last one fetched, so the ranking stays exact.
    scored, found = await passages.candidates(match, fetch, tw, scope)
    if not p.rest:
        # Every term was scored by FTS5: its ranking is the exhaustive one.
        rows = [c.passage() for c in found[:limit]]
        return Found(rows, match, len(rows))
    avgdl = tokens_total / total if total else 0.0
    idfs = {s: idf_fts5(total, docs[s]) for s, _ in p.rest}
    pool = [topk.Candidate(c.id, c.score, c.tokens, c.title, c.size) for c in found]
    # Paragraphs of other servers were ranked too: the bound counts from the last one.
    last = scored[-1][1] if len(scored) == fetch else None
    result = topk.rank(pool, p, idfs, avgdl, tw, limit, last)
    by_id = {c.id: c for c in found}
    ranked = [by_id[pid].passage(score) for pid, score in result.scores]
    return Found(ranked, match, result.proven)
