"""The planned search (retrieval/topk.py) against FTS5 scoring every matching row.

Wherever the fast path says its top 10 is proven, it must be FTS5's exhaustive top 10, with
FTS5's own scores; the budgets here are small so that most questions really are split into
terms FTS5 scores and terms scored on candidates.
"""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import pytest

from bench import corpus
from retrieval.engine import Engine, EngineSettings
from retrieval.query import analyse, fts_query
from retrieval.rank import Weights
from retrieval.store import Store
from retrieval.text import stem, tokens
from tests.conftest import FIXTURES, SHARED_DATA, shared

TOKENIZER = "porter unicode61 remove_diacritics 2"


async def _compare(engine: Engine, questions: list[str]) -> tuple[int, int, int]:
    """(questions asked, top 10 proven exact, proven with terms scored on candidates); fails
    on any proven answer that differs from the exhaustive ranking."""
    asked = proven = pruned = 0
    for q in questions:
        question = analyse(q)
        if question.empty:
            continue
        asked += 1
        found = await engine.candidates(question, None)
        full = fts_query(question.terms, question.phrases)
        everything = await engine.store.rank_paragraphs(full, 100, 0.3)
        depth = min(10, found.proven)
        if depth < min(10, len(everything)):
            continue
        proven += 1
        pruned += found.match != full
        ours = [(r.paragraph_id, r.score) for r in found.rows[:depth]]
        theirs = everything[:depth]
        assert len(ours) == len(theirs), q
        for (a, sa), (b, sb) in zip(ours, theirs, strict=True):
            # The same paragraphs with the same scores; ties may come in either order.
            assert sa == pytest.approx(sb, rel=1e-9, abs=1e-9), (q, ours, theirs)
            if a != b:
                assert any(x == a and s == pytest.approx(sa) for x, s in theirs), q
    return asked, proven, pruned


async def test_proven_answers_equal_the_exhaustive_ranking_on_real_news(tmp_path: Path) -> None:
    source = shared("bbc_news/articles.jsonl")
    weights = Weights(scored_rows=300)
    async with Store.open(tmp_path / "bbc.db") as store:
        engine = Engine(store, EngineSettings(extract_quotes=False, weights=weights))
        summary = await engine.import_jsonl(source.read_text().splitlines(), "bbc")
        assert summary.added > 2000
        questions = corpus.questions(SHARED_DATA, 60) + corpus.snippets(SHARED_DATA, 60)
        asked, proven, pruned = await _compare(engine, questions)
    assert asked >= 100
    # The comparison must bite: answers proven with terms left to candidate scoring.
    assert pruned >= 10, (asked, proven, pruned)


async def test_proven_answers_equal_the_exhaustive_ranking_on_fixtures(engine: Engine) -> None:
    paragraphs = [p for p in (FIXTURES / "paragraphs.txt").read_text().split("\n") if p.strip()]
    lines = [
        json.dumps({"id": f"f{n}", "title": f"Fixture {n}", "text": "\n\n".join(chunk)})
        for n, chunk in enumerate(paragraphs[i : i + 5] for i in range(0, len(paragraphs), 5))
    ]
    await engine.import_jsonl(lines, "fixtures")
    small = Engine(engine.store, EngineSettings(weights=Weights(scored_rows=100)))
    rng = random.Random(3)
    questions = []
    for _ in range(80):
        words = [w for w in rng.choice(paragraphs).split() if w.isalpha() and len(w) > 3]
        questions.append(" ".join(rng.sample(words, min(5, len(words)))))
    asked, proven, pruned = await _compare(small, questions)
    assert asked >= 60 and pruned >= 10, (asked, proven, pruned)


def test_stems_are_the_ones_fts5_indexes() -> None:
    words = (
        "assembly technology apologies incredibly possibly trekked doxxing revving ies "
        "galleries anthropologie relational hopping cries İlkay Café naïve ½ Дмитрий "
        "running ran runs ability mobility sensibility"
    ).split()
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(x, tokenize='{TOKENIZER}')")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    conn.executemany("INSERT INTO t(rowid, x) VALUES (?, ?)", enumerate(words))
    fts = {doc: term for term, doc in conn.execute("SELECT term, doc FROM v")}
    ours = {n: tokens(w) for n, w in enumerate(words)}
    assert {n: [t] for n, t in fts.items()} == ours
    assert stem("assembly") == "assembl" and stem("trekked") == "trek"


async def test_term_counts_follow_adds_and_removes(engine: Engine) -> None:
    first = await engine.add_text("Ferry fares rise\n\nThe ferry fare rises in May.")
    second = await engine.add_text("Ferry crews strike\n\nCrews of the ferry walk out.")
    assert first.article and second.article
    counts = await engine.store.term_counts(["ferri", "crew", "fare"])
    assert counts["ferri"] == (2, 2)  # one paragraph (with its title) in each article
    assert counts["crew"] == (1, 1)
    await engine.store.remove_article(second.article.id, None)
    counts = await engine.store.term_counts(["ferri", "crew"])
    assert counts == {"ferri": (1, 1)}
    assert await engine.store.check_integrity() == []
