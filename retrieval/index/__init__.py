"""The index: every table derived from the articles, and the Python mirror of how FTS5 builds
and scores them.

- `tokens`: FTS5's tokenizer (`porter unicode61 remove_diacritics 2`) in Python, so that
  ranking reads the terms FTS5 indexed.
- `bm25`: k1, b and the IDF variants, each named for its source.
- `fts5`: what FTS5 keeps in its own records (row and token counts), decoded.
- `writer`: the only code that writes derived data (the paragraph, article and quotation FTS5
  indexes, the `terms` counts and the stored `paragraph_tokens`), always inside the store's
  transaction, so that an article and its index rows commit together.
- `integrity`: the check that every derived table agrees with the rows it is derived from.

This package imports nothing at its top, so that pure modules can use `tokens` and `bm25`
without SQLite.
"""
