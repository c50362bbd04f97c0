"""What FTS5 keeps in its own records, decoded: the row and token counts bm25() reads.

FTS5 stores an index's totals in row 1 of its `_data` table (the number of rows, then each
column's token count) and each row's size in its `_docsize` table, all as SQLite varints.
Reading them is how Python-side scoring uses the very statistics FTS5 scores with.
Pure functions: no I/O.
"""

from __future__ import annotations


def varints(data: bytes) -> list[int]:
    """The SQLite varints FTS5 packs its counts into (big-endian, 7 bits a byte, up to 9)."""
    values: list[int] = []
    at = 0
    while at < len(data):
        value = 0
        for n in range(9):
            byte = data[at]
            at += 1
            if n == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        values.append(value)
    return values


def totals(record: bytes) -> tuple[int, int]:
    """(rows, tokens in every column) from an index's averages record (`_data` row 1)."""
    values = varints(record)
    return values[0], sum(values[1:])


def row_size(docsize: bytes) -> int:
    """A row's size in tokens, every column counted, from its `_docsize` record."""
    return sum(varints(docsize))
