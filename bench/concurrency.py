"""`python -m bench concurrency`: questions answered while a bulk import runs in the same
process, and a second process reading the same database meanwhile.

Nothing may fail ("database is locked" included); question latency during the import is
reported beside latency at rest, for the importing process and for the reader.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import corpus
from bench.crash import write_articles
from bench.engines import percentiles
from retrieval.engine import Engine
from retrieval.store import Store

Say = Callable[[str], None]
SEEDED = 200
"""Articles imported before the measured import, so that questions have answers."""


class Reader:
    """A second process, `newsbot ask -`, asking questions in a loop on its own thread."""

    def __init__(self, db: Path, questions: list[str]) -> None:
        command = [sys.executable, "-m", "bot.main", "--db", str(db), "ask", "-"]
        self.proc = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.questions = questions
        self.times: list[tuple[float, float]] = []  # (when asked, seconds)
        self.failures: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        n = 0
        while not self._stop.is_set():
            question = self.questions[n % len(self.questions)]
            n += 1
            started = time.perf_counter()
            try:
                self.proc.stdin.write(question + "\n")
                self.proc.stdin.flush()
                line = self.proc.stdout.readline()
            except (BrokenPipeError, OSError) as exc:
                self.failures.append(f"reader stopped: {exc}")
                return
            if not line:
                err = self.proc.stderr.read() if self.proc.stderr else ""
                self.failures.append(f"reader exited: {err.strip()[:200]}")
                return
            if '"error"' in line:
                self.failures.append(line.strip()[:200])
            self.times.append((started, time.perf_counter() - started))

    def stop(self) -> str:
        self._stop.set()
        self._thread.join(timeout=30)
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=30)
        return self.proc.stderr.read() if self.proc.stderr else ""


async def _measure(db: Path, source: Path, questions: list[str], say: Say) -> dict[str, Any]:
    lines = source.read_text(encoding="utf-8").splitlines()
    async with Store.open(db) as store:
        engine = Engine(store)
        await engine.import_jsonl(lines[:SEEDED], source.name)
        reader = Reader(db, questions)
        during: list[float] = []
        failures: list[str] = []
        importing = asyncio.ensure_future(engine.import_jsonl(lines[SEEDED:], source.name))
        started = time.perf_counter()
        n = 0
        while not importing.done():
            question = questions[n % len(questions)]
            n += 1
            t = time.perf_counter()
            try:
                await engine.ask(question)
            except Exception as exc:  # every failure is counted, none may happen
                failures.append(f"{type(exc).__name__}: {exc}")
            during.append(time.perf_counter() - t)
            await asyncio.sleep(0.005)
        summary = await importing
        import_s = time.perf_counter() - started
        finished = time.perf_counter()
        await asyncio.sleep(1.0)
        at_rest = []
        for question in questions:
            t = time.perf_counter()
            await engine.ask(question)
            at_rest.append(time.perf_counter() - t)
        stderr = reader.stop()
        reader_during = [s for when, s in reader.times if when < finished]
        reader_rest = [s for when, s in reader.times if when > finished + 0.5]
        stats = await store.stats(None)
        problems = await store.check_integrity()
    say(f"imported {summary.added} articles in {import_s:.1f} s while answering")
    locked = [f for f in failures + reader.failures if "locked" in f]
    return {
        "articles_imported": summary.added,
        "duplicates_skipped": summary.skipped,
        "paragraphs": stats.paragraphs,
        "import_s": round(import_s, 1),
        "questions_during_import": percentiles(during),
        "questions_at_rest": percentiles(at_rest),
        "reader_during_import": percentiles(reader_during),
        "reader_at_rest": percentiles(reader_rest),
        "failures": failures + reader.failures + ([stderr.strip()[:300]] if stderr.strip() else []),
        "database_locked": len(locked),
        "integrity_problems": problems,
    }


def run(data: Path, articles: int, questions: int, say: Say) -> dict[str, Any]:
    """Import `articles` real articles while asking; every figure of the run."""
    asked = corpus.questions(data, questions)
    with tempfile.TemporaryDirectory(prefix="newsbot-concurrency-") as folder:
        source = Path(folder) / "articles.jsonl"
        write_articles(data, articles, source)
        return asyncio.run(_measure(Path(folder) / "newsbot.db", source, asked, say))
