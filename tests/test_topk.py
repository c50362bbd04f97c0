"""The planned search (retrieval/topk.py) against FTS5 scoring every matching row.

Wherever the fast path says its top 10 is proven, it must be FTS5's exhaustive top 10, with
FTS5's own scores; the budgets here are small so that most questions really are split into
terms FTS5 scores and terms scored on candidates.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from bench import corpus
from retrieval.engine import Engine, EngineSettings
from retrieval.index.tokens import stem, tokens
from retrieval.query import analyse, fts_query
from retrieval.rank import Weights
from retrieval.schema import MIGRATIONS
from retrieval.sqlite import sqlite3
from retrieval.store import Store
from tests.conftest import FIXTURES, SHARED_DATA, as_older_schema, shared

TOKENIZER = "porter unicode61 remove_diacritics 2"


async def _compare(engine: Engine, store: Store, questions: list[str]) -> tuple[int, int, int]:
    """(questions asked, top 10 proven exact, proven with terms scored on candidates); fails
    on any proven answer that differs from the exhaustive ranking."""
    asked = proven = pruned = 0
    for q in questions:
        question = analyse(q)
        if question.empty:
            continue
        asked += 1
        found = await engine.ranking.candidates(question, None)
        full = fts_query(question.terms, question.phrases)
        everything = await store.passages.rank(full, 100, 0.3)
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
        asked, proven, pruned = await _compare(engine, store, questions)
    assert asked >= 100
    # The comparison must bite: answers proven with terms left to candidate scoring.
    assert pruned >= 10, (asked, proven, pruned)


async def _fixture_library(engine: Engine) -> list[str]:
    """The fixture paragraphs, five to an article, imported; returns the paragraphs."""
    paragraphs = [p for p in (FIXTURES / "paragraphs.txt").read_text().split("\n") if p.strip()]
    lines = [
        json.dumps({"id": f"f{n}", "title": f"Fixture {n}", "text": "\n\n".join(chunk)})
        for n, chunk in enumerate(paragraphs[i : i + 5] for i in range(0, len(paragraphs), 5))
    ]
    await engine.import_jsonl(lines, "fixtures")
    return paragraphs


async def test_proven_answers_equal_the_exhaustive_ranking_on_fixtures(
    engine: Engine, store: Store
) -> None:
    paragraphs = await _fixture_library(engine)
    small = Engine(store, EngineSettings(weights=Weights(scored_rows=100)))
    rng = random.Random(3)
    questions = []
    for _ in range(80):
        words = [w for w in rng.choice(paragraphs).split() if w.isalpha() and len(w) > 3]
        questions.append(" ".join(rng.sample(words, min(5, len(words)))))
    asked, proven, pruned = await _compare(small, store, questions)
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


async def test_term_counts_follow_adds_and_removes(engine: Engine, store: Store) -> None:
    first = await engine.add_text("Ferry fares rise\n\nThe ferry fare rises in May.")
    second = await engine.add_text("Ferry crews strike\n\nCrews of the ferry walk out.")
    assert first.article and second.article
    _, counts = await store.passages.term_statistics(["ferri", "crew", "fare"])
    assert counts["ferri"] == (2, 2)  # one paragraph (with its title) in each article
    assert counts["crew"] == (1, 1)
    await engine.remove_article(second.article.id, None)
    _, counts = await store.passages.term_statistics(["ferri", "crew"])
    assert counts == {"ferri": (1, 1)}
    assert await engine.check_integrity() == []


async def _rankings(engine: Engine, questions: list[str]) -> list[list[tuple[int, float]]]:
    out = []
    for q in questions:
        found = await engine.ranking.candidates(analyse(q), None)
        out.append([(r.paragraph_id, round(r.score, 9)) for r in found.rows])
    return out


async def test_paragraph_tokens_are_stored_with_each_paragraph_and_go_with_it(
    engine: Engine, store: Store
) -> None:
    kept = await engine.add_text("Ferry fares rise\n\nThe ferry fare rises in May.")
    gone = await engine.add_text("Ferry crews strike\n\nCrews of the ferry walk out.")
    assert kept.article and gone.article
    with sqlite3.connect(store.path) as conn:
        rows = conn.execute(
            "SELECT p.text, t.tokens FROM paragraphs p JOIN paragraph_tokens t ON t.id = p.id"
        ).fetchall()
    stored = sorted(t for _, t in rows)
    assert stored == ["crew of the ferri walk out", "the ferri fare rise in mai"]
    assert all(t == " ".join(tokens(text)) for text, t in rows)
    await engine.remove_article(gone.article.id, None)
    with sqlite3.connect(store.path) as conn:
        left = [t for (t,) in conn.execute("SELECT tokens FROM paragraph_tokens")]
    assert left == ["the ferri fare rise in mai"]
    assert await engine.check_integrity() == []


async def test_a_library_stored_before_paragraph_tokens_gets_them_when_opened(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    small = EngineSettings(weights=Weights(scored_rows=100))
    async with Store.open(path) as store:
        paragraphs = await _fixture_library(Engine(store, small))
    rng = random.Random(5)
    questions = [" ".join(rng.sample(rng.choice(paragraphs).split(), 4)) for _ in range(30)]
    async with Store.open(path) as store:
        before = await _rankings(Engine(store, small), questions)
    # A database as an older newsbot left it: no tokens table, schema 3.
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE paragraph_tokens")
        as_older_schema(conn, 3)
    async with Store.open(path) as store:
        assert await store.check_integrity() == []
        assert await _rankings(Engine(store, small), questions) == before
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (len(MIGRATIONS),)
        # A paragraph whose tokens are missing is still scored the same (from its text).
        conn.execute("DELETE FROM paragraph_tokens WHERE id % 2 = 0")
    async with Store.open(path) as store:
        assert await _rankings(Engine(store, small), questions) == before
        assert "paragraphs without tokens" in " ".join(await store.check_integrity())
