"""Re-ranking reads only the candidates that could still reach the answer, and gives the answer
that reading every candidate gives."""

from __future__ import annotations

import dataclasses
import json
import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from bench import corpus
from retrieval.engine import Engine, EngineSettings
from retrieval.index.tokens import stem
from retrieval.models import PassageRow
from retrieval.query import analyse, fts_query
from retrieval.rank import Weights, diversify, rerank, term_weights
from retrieval.store import Store
from retrieval.topk import plan
from tests.conftest import FIXTURES, SHARED_DATA, shared

ASKED_ON = date(2025, 3, 20)


async def _compare(
    engine: Engine, store: Store, questions: list[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, int]:
    """(paragraphs whose tokens are read when every candidate is read, when candidates are
    left); fails on any question whose answer differs between the two."""
    calls = 0
    real_tokens = PassageRow.token_list

    def counted(row: PassageRow) -> list[str]:
        nonlocal calls
        calls += 1
        return real_tokens(row)

    monkeypatch.setattr(PassageRow, "token_list", counted)
    weights = engine.settings.weights
    every = lazy = 0
    for q in questions:
        question = analyse(q)
        if question.empty:
            continue
        totals, counts = await store.passages.term_statistics(sorted(question.stems))
        docs = {s: d for s, (d, _) in counts.items()}
        found = await engine.ranking.candidates(question, None, None, totals, docs)
        if not found.rows:
            continue
        articles = {s: a for s, (_, a) in counts.items()}
        keep = {s for s, _ in plan(question.stems, articles, 0, weights.document_rows).essential}
        match = fts_query([t for t in question.terms if stem(t) in keep], question.phrases)
        documents = await store.passages.search_articles(match, None, weights.documents, 1.0)
        term_w = term_weights(question, totals[0], docs)
        n = len(found.rows)
        for k in (1, 5, 10):
            calls = 0
            # Every candidate read (k = all, no diversity), then diversity applied to that order.
            all_read = dataclasses.replace(weights, per_article=n)
            everything = rerank(question, found.rows, term_w, n, all_read, documents, ASKED_ON)
            every += calls
            expected = diversify(everything, k, weights.per_article)
            calls = 0
            got = rerank(question, found.rows, term_w, k, weights, documents, ASKED_ON)
            lazy += calls
            assert [(s.row.paragraph_id, s.score) for s in got] == [
                (s.row.paragraph_id, s.score) for s in expected
            ], (q, k)
    return every, lazy


async def test_reranking_equals_reading_every_candidate_on_real_news(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = shared("bbc_news/articles.jsonl")
    async with Store.open(tmp_path / "bbc.db") as store:
        engine = Engine(store, EngineSettings(extract_quotes=False))
        await engine.import_jsonl(source.read_text().splitlines()[:800], "bbc")
        questions = corpus.questions(SHARED_DATA, 40) + corpus.snippets(SHARED_DATA, 20)
        every, lazy = await _compare(engine, store, questions, monkeypatch)
    # The comparison must bite: most candidates were never tokenised.
    assert lazy < every / 2, (every, lazy)


async def test_reranking_equals_reading_every_candidate_with_dates_and_phrases(
    engine: Engine, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    paragraphs = [p for p in (FIXTURES / "paragraphs.txt").read_text().split("\n") if p.strip()]
    rng = random.Random(5)
    lines = [
        json.dumps(
            {
                "id": f"f{n}",
                "title": f"Fixture {n}",
                "published": (ASKED_ON - timedelta(days=rng.randrange(0, 400))).isoformat(),
                "text": "\n\n".join(chunk),
            }
        )
        for n, chunk in enumerate(paragraphs[i : i + 4] for i in range(0, len(paragraphs), 4))
    ]
    await engine.import_jsonl(lines, "fixtures")
    weights = dataclasses.replace(Weights(), freshness=1.0)
    dated = Engine(store, EngineSettings(weights=weights))
    questions = []
    for n in range(60):
        words = [w for w in rng.choice(paragraphs).split() if w.isalpha() and len(w) > 3]
        picked = rng.sample(words, min(4, len(words)))
        when = rng.choice(["", " this week", " last month", " in 2024", " recently"])
        phrase = f' "{" ".join(words[:2])}"' if n % 3 == 0 and len(words) > 1 else ""
        questions.append(" ".join(picked) + phrase + when)
    every, lazy = await _compare(dated, store, questions, monkeypatch)
    assert lazy < every, (every, lazy)
