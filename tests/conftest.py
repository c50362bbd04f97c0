"""Shared fixtures: a fresh database file, an engine over it, the seed article and shared data."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from retrieval.engine import Engine, EngineSettings
from retrieval.store import Store

pytest_plugins = ["tests.discord_harness", "tests.loopback"]

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"
SEED = SHARED_DATA / "seed" / "000_845991328a7e64a6.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def shared(path: str) -> Path:
    """A file under ../shared/data, or skip the test with the reason."""
    full = SHARED_DATA / path
    if not full.exists():
        pytest.skip(f"{full} is absent (../shared/data is not beside this checkout)")
    return full


# The tables each migration after the fifth creates, newest first.
LATER_TABLES = {8: ("leases",), 7: ("votes", "answers"), 6: ("feed_entries", "feeds")}


def as_older_schema(conn: Any, version: int) -> None:
    """Make a library look as an older newsbot (schema `version`, at least 5's tables kept)
    left it: the tables of later migrations dropped and the version set back."""
    for number, tables in LATER_TABLES.items():
        if number > version:
            for table in tables:
                conn.execute(f"DROP TABLE {table}")
    conn.execute(f"PRAGMA user_version = {version}")


@pytest.fixture
def seed_path() -> Path:
    """The public seed article."""
    return shared("seed/000_845991328a7e64a6.txt")


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    """A real SQLite file with FTS5, migrated."""
    async with Store.open(tmp_path / "newsbot.db") as s:
        yield s


@pytest.fixture
async def engine(store: Store) -> Engine:
    """The engine over a fresh store (private URLs allowed only where a test says so)."""
    return Engine(store, EngineSettings())


@pytest.fixture
async def seeded(engine: Engine, seed_path: Path) -> Engine:
    """An engine whose library holds the seed article."""
    drafts = await engine.drafts_from(str(seed_path))
    result = await engine.add_draft(drafts[0])
    assert result.article is not None
    return engine
