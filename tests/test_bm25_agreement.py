"""FTS5's bm25() agrees with rank-bm25's BM25Okapi on the same tokens (k1 1.2, b 0.75).

Tokens come from FTS5 itself (the fts5vocab `instance` table), so both rankers see exactly the
terms FTS5 indexed. The remaining differences are IDF for terms in half the documents or more
(FTS5 clamps them to ~0, BM25Okapi to a fraction of the mean IDF) and ties.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from pathlib import Path

from rank_bm25 import BM25Okapi

from retrieval.sqlite import sqlite3
from tests.conftest import FIXTURES, shared

TOKENIZER = "porter unicode61 remove_diacritics 2"


def _index(paragraphs: list[str]) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE VIRTUAL TABLE docs USING fts5(text, tokenize='{TOKENIZER}')")
    conn.executemany("INSERT INTO docs(rowid, text) VALUES (?, ?)", enumerate(paragraphs))
    conn.execute("CREATE VIRTUAL TABLE vocab USING fts5vocab(docs, 'instance')")
    conn.execute(f"CREATE VIRTUAL TABLE q USING fts5(text, tokenize='{TOKENIZER}')")
    conn.execute("CREATE VIRTUAL TABLE qvocab USING fts5vocab(q, 'instance')")
    return conn


def _fts_tokens(conn: sqlite3.Connection, n: int) -> list[list[str]]:
    docs: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for term, doc, offset in conn.execute("SELECT term, doc, offset FROM vocab"):
        docs[doc].append((offset, term))
    return [[t for _, t in sorted(docs[i])] for i in range(n)]


def _query_tokens(conn: sqlite3.Connection, words: list[str]) -> list[str]:
    conn.execute("DELETE FROM q")
    conn.execute("INSERT INTO q(rowid, text) VALUES (1, ?)", (" ".join(words),))
    return [t for (t,) in conn.execute("SELECT term FROM qvocab ORDER BY offset")]


def mean_overlap(paragraphs: list[str], queries: int, seed: int = 7) -> float:
    """Average top-10 overlap between FTS5 bm25() and BM25Okapi over random queries."""
    conn = _index(paragraphs)
    corpus = _fts_tokens(conn, len(paragraphs))
    reference = BM25Okapi(corpus, k1=1.2, b=0.75)
    rng = random.Random(seed)
    overlaps: list[int] = []
    while len(overlaps) < queries:
        source = rng.choice(paragraphs).split()
        words = [
            w.strip(".,;:!?\"'()“”‘’").lower() for w in rng.sample(source, min(4, len(source)))
        ]
        words = [w for w in words if w.isalpha() and len(w) > 3]
        if len(words) < 2:
            continue
        tokens = _query_tokens(conn, words)
        match = " OR ".join('"' + w + '"' for w in words)
        fts = [
            r
            for (r,) in conn.execute(
                "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10", (match,)
            )
        ]
        if len(fts) < 10:
            continue
        scores = reference.get_scores(tokens)
        ref = sorted(range(len(scores)), key=lambda i: -scores[i])[:10]
        overlaps.append(len(set(fts) & set(ref)))
    return sum(overlaps) / len(overlaps)


def test_agreement_on_real_news_paragraphs() -> None:
    path = shared("bbc_news/articles.jsonl")
    paragraphs: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            paragraphs += [p for p in json.loads(line)["text"].split("\n\n") if len(p.split()) >= 8]
            if len(paragraphs) >= 3000:
                break
    assert len(paragraphs) >= 2000
    assert mean_overlap(paragraphs, queries=60) >= 9.0


def test_agreement_on_our_fixtures() -> None:
    text = (
        (FIXTURES / "../../retrieval/samples/articles.jsonl").resolve().read_text(encoding="utf-8")
    )
    paragraphs = [p for line in text.splitlines() for p in json.loads(line)["text"].split("\n\n")]
    paragraphs += [line for line in (FIXTURES / "paragraphs.txt").read_text().splitlines() if line]
    assert mean_overlap(paragraphs, queries=50) >= 9.0


def test_same_top_result_for_a_clear_query(tmp_path: Path) -> None:
    paragraphs = [line for line in (FIXTURES / "paragraphs.txt").read_text().splitlines() if line]
    conn = _index(paragraphs)
    corpus = _fts_tokens(conn, len(paragraphs))
    scores = BM25Okapi(corpus, k1=1.2, b=0.75).get_scores(_query_tokens(conn, ["ferry", "pier"]))
    [(best,)] = conn.execute(
        'SELECT rowid FROM docs WHERE docs MATCH \'"ferry" OR "pier"\' ORDER BY bm25(docs) LIMIT 1'
    )
    assert best == max(range(len(scores)), key=lambda i: scores[i])
