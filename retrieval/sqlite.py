"""The SQLite library newsbot runs on, and its asyncio connections.

Where the `pysqlite3-binary` wheel exists (Linux x86_64), newsbot uses the SQLite it bundles
(3.51, built with SQLite's own defaults) instead of the one Python links, which is often years
older and built with a distribution's options (Debian 12: 3.40, without SQLite's lookaside
allocator). On the same 1M-paragraph library and questions, its FTS5 returns the same rows in
the same order in about four fifths of the time for paragraphs, and under three quarters for
whole articles. Elsewhere the standard `sqlite3` serves.

Every part of newsbot that opens the database goes through here: two copies of SQLite in
one process each hold POSIX locks on the file without knowing of the other, and closing a
file in one drops the other's locks.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiosqlite

if TYPE_CHECKING:
    # The same DB-API as the standard module; pysqlite3 ships no type information.
    import sqlite3
else:
    try:
        from pysqlite3 import dbapi2 as sqlite3
    except ImportError:
        import sqlite3

__all__ = ["connect", "sqlite3"]

# Rows aiosqlite moves from its thread to the event loop at a time when iterating.
_CHUNK = 64


def connect(path: str | Path, **kwargs: Any) -> aiosqlite.Connection:
    """An aiosqlite connection on this module's SQLite (`aiosqlite.connect` would open it
    with the standard module); await it, or use it with `async with`, to open it."""
    return aiosqlite.Connection(partial(sqlite3.connect, str(path), **kwargs), _CHUNK)
