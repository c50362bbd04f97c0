"""BM25's constants and the IDF variants newsbot uses, each named for where it comes from.

Two IDFs serve two purposes, and must not be confused:

- `idf_fts5` is the ranking's: exactly what SQLite FTS5's `bm25()` computes, so that terms
  scored in Python (`retrieval/topk.py`) add up with the part FTS5 scored.
- `idf_lucene` weighs a question's words against each other (coverage, confidence): it stays
  positive for common words, which FTS5 clamps to almost nothing.

Pure functions: no I/O.
"""

from __future__ import annotations

import math

# FTS5's bm25() defaults (https://www.sqlite.org/fts5.html#the_bm25_function).
K1 = 1.2
B = 0.75
# FTS5 floors the IDF of a term found in more than half of the rows at this value.
FTS5_IDF_FLOOR = 1e-6
# The smallest weight `idf_lucene` gives a word, so that the commonest still count a little.
LUCENE_IDF_FLOOR = 0.01


def idf_fts5(rows: int, docs: int) -> float:
    """Robertson–Spärck Jones IDF, log((N - n + 0.5) / (n + 0.5)), as SQLite FTS5's bm25()
    computes it (ext/fts5/fts5_aux.c: a non-positive value becomes 1e-6)."""
    value = math.log((rows - docs + 0.5) / (docs + 0.5))
    return value if value > 0 else FTS5_IDF_FLOOR


def idf_lucene(rows: int, docs: int) -> float:
    """Lucene's BM25 IDF, log(1 + (N - n + 0.5) / (n + 0.5)) (Lucene's BM25Similarity, the
    `lucene` method of bm25s), floored at 0.01: never negative, so that a word found in most
    paragraphs still weighs something in a question."""
    return max(math.log((rows - docs + 0.5) / (docs + 0.5) + 1.0), LUCENE_IDF_FLOOR)
