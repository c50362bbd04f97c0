"""Backups: made while questions are answered, restored with the same answers."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import sqlite3
from pathlib import Path

from retrieval.engine import Engine
from retrieval.models import Answer
from retrieval.store import Store
from tests.conftest import ROOT
from tests.test_cli import newsbot

SAMPLES = ROOT / "retrieval" / "samples" / "articles.jsonl"
QUESTIONS = (
    "Who cut the ribbon on the Harbour Bridge?",
    "What did the mayor say about the bridge?",
    "Which villages were evacuated because of the wildfire?",
    "How much was regional health funding cut?",
)


def _cited(answer: Answer) -> list[tuple[str, int]]:
    return [(p.title, p.paragraph) for p in answer.passages]


async def test_backup_while_answering_then_restore_gives_the_same_answers(
    engine: Engine, tmp_path: Path
) -> None:
    await engine.import_jsonl(SAMPLES.read_text().splitlines(), "samples")
    before = [_cited(await engine.ask(q)) for q in QUESTIONS]
    assert all(before)

    answered: list[Answer] = []

    async def keep_asking() -> None:
        while True:
            for q in QUESTIONS:
                answered.append(await engine.ask(q))
                await asyncio.sleep(0)

    asking = asyncio.create_task(keep_asking())
    await asyncio.sleep(0.05)
    # One page a step: the copy takes many steps, with questions answered between them.
    size = await engine.backup(tmp_path / "copies" / "backup.db", pages=1)
    await asyncio.sleep(0.05)
    asking.cancel()
    assert answered and all(a.passages for a in answered)
    backup = tmp_path / "copies" / "backup.db"
    assert size == backup.stat().st_size > 0
    assert not list(backup.parent.glob("*.partial"))

    # Restoring is copying the backup to where the library lives.
    restored = tmp_path / "restored" / "newsbot.db"
    restored.parent.mkdir()
    shutil.copyfile(backup, restored)
    async with Store.open(restored) as store:
        again = Engine(store, engine.settings)
        assert [_cited(await again.ask(q)) for q in QUESTIONS] == before
        assert await store.check_integrity() == []
        assert (await store.stats(None)).articles == (await engine.stats(None)).articles


def test_backup_command(tmp_path: Path) -> None:
    db = tmp_path / "newsbot.db"
    assert newsbot(db, "import", str(SAMPLES), "--quiet").returncode == 0
    done = newsbot(db, "backup", str(tmp_path / "backup.db"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("backed up 10 articles to ")
    answer = newsbot(tmp_path / "backup.db", "ask", "--json", QUESTIONS[0])
    assert answer.returncode == 0 and "Harbour Bridge" in answer.stdout
    nested = newsbot(db, "backup", str(tmp_path / "a" / "new" / "folder" / "b.db"))
    assert nested.returncode == 0 and (tmp_path / "a" / "new" / "folder" / "b.db").is_file()


async def test_backup_opens_with_pythons_own_sqlite(engine: Engine, tmp_path: Path) -> None:
    # newsbot may run on a newer SQLite than Python's (retrieval/sqlite.py); a backup taken
    # there must still open, search and check clean where only Python's own is at hand.
    await engine.import_jsonl(SAMPLES.read_text().splitlines(), "samples")
    backup = tmp_path / "backup.db"
    await engine.backup(backup)
    search = "SELECT count(*) FROM paragraphs_fts WHERE paragraphs_fts MATCH 'wildfire'"
    with contextlib.closing(sqlite3.connect(tmp_path / "newsbot.db")) as live:
        in_library = live.execute(search).fetchone()[0]
    with contextlib.closing(sqlite3.connect(backup)) as conn:
        found = conn.execute(search).fetchone()[0]
        conn.execute(
            "INSERT INTO paragraphs_fts(paragraphs_fts, rank) VALUES ('integrity-check', 1)"
        )
        checked = conn.execute("PRAGMA integrity_check").fetchone()[0]
    assert found == in_library >= 2
    assert checked == "ok"
