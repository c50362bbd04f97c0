"""`python -m bench crash`: kill a bulk import with SIGKILL at random moments, then check that
nothing half-written survived and that importing again ends with exactly the right counts.

Each trial imports the same real articles into a fresh database through `newsbot import` (a
separate process), kills it after a random delay, and checks the database: SQLite's and FTS5's
integrity checks, the term counts against the index, and every stored article whole (all its
paragraphs, its whole-article index row and exactly the quotations extraction gives it). Then
the import is run again to its end and the counts must equal those of a clean import.
"""

from __future__ import annotations

import asyncio
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any

from bench import corpus
from retrieval.quotes import extract_quotes
from retrieval.store import Store

Say = Callable[[str], None]


def _newsbot(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "bot.main", "--db", str(db), *args]


def write_articles(data: Path, count: int, out: Path) -> None:
    """The first `count` articles of the benchmark corpus (real news), as JSONL."""
    with out.open("w", encoding="utf-8") as handle:
        for ref, source in islice(corpus.articles(data), count):
            record = {"id": ref, "title": source.title, "text": "\n\n".join(source.paragraphs)}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


async def inspect(db: Path) -> dict[str, Any]:
    """What a database holds after a crash, and what is wrong with it. The store's integrity
    check covers the indexes, the term counts and articles missing paragraphs or their
    whole-article row; the quotations are checked here against extraction run again."""
    async with Store.open(db) as store:
        problems = await store.check_integrity()
        stats = await store.stats(None)
        stored = await store.quotes.counts()
        wrong_quotes = 0
        for article_id in await store.articles.ids():
            expected = len(extract_quotes(await store.articles.paragraphs(article_id)))
            wrong_quotes += stored.get(article_id, 0) != expected
    return {
        "articles": stats.articles,
        "paragraphs": stats.paragraphs,
        "quotes": stats.quotes,
        "problems": problems,
        "partial_articles": sum("missing paragraphs" in p for p in problems),
        "articles_with_wrong_quotes": wrong_quotes,
    }


def run(data: Path, articles: int, trials: int, seed: int, say: Say) -> dict[str, Any]:
    """Every trial's figures and the totals."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="newsbot-crash-") as folder:
        work = Path(folder)
        source = work / "articles.jsonl"
        write_articles(data, articles, source)
        clean = work / "clean.db"
        started = time.perf_counter()
        subprocess.run(_newsbot(clean, "import", str(source), "--quiet"), check=True)
        duration = time.perf_counter() - started
        expected = asyncio.run(inspect(clean))
        say(f"clean import: {duration:.1f} s, {expected}")
        rows: list[dict[str, Any]] = []
        for trial in range(trials):
            db = work / f"trial-{trial}.db"
            delay = rng.uniform(0.05, duration)
            proc = subprocess.Popen(
                _newsbot(db, "import", str(source), "--quiet"),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(delay)
            killed = proc.poll() is None
            proc.kill()
            proc.wait()
            after = asyncio.run(inspect(db)) if db.exists() else None
            again = _newsbot(db, "import", str(source), "--quiet")
            subprocess.run(again, check=True, stdout=subprocess.DEVNULL)
            final = asyncio.run(inspect(db))
            row = {
                "trial": trial,
                "killed_after_s": round(delay, 2),
                "killed_mid_import": killed,
                "stored_at_kill": after["articles"] if after else 0,
                "sound_after_kill": after is None or not after["problems"],
                "no_partial_article": after is None
                or (after["partial_articles"] == 0 and after["articles_with_wrong_quotes"] == 0),
                "exact_after_rerun": all(
                    final[k] == expected[k] for k in ("articles", "paragraphs", "quotes")
                )
                and not final["problems"],
            }
            say(f"trial {trial}: {row}")
            rows.append(row)
    return {
        "articles": articles,
        "expected": {k: expected[k] for k in ("articles", "paragraphs", "quotes")},
        "clean_import_s": round(duration, 2),
        "trials": rows,
        "killed_mid_import": sum(r["killed_mid_import"] for r in rows),
        "sound_after_kill": sum(r["sound_after_kill"] for r in rows),
        "no_partial_article": sum(r["no_partial_article"] for r in rows),
        "exact_after_rerun": sum(r["exact_after_rerun"] for r in rows),
    }
