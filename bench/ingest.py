"""Import throughput with and without quotation extraction, on real news (BBC, 2,225 articles)."""

from __future__ import annotations

import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from retrieval.engine import Engine, EngineSettings
from retrieval.store import Store


async def _import_once(lines: list[str], extract: bool) -> tuple[float, int]:
    with tempfile.TemporaryDirectory(prefix="newsbot-bench-") as folder:
        async with Store.open(Path(folder) / "bench.db") as store:
            engine = Engine(store, EngineSettings(extract_quotes=extract))
            started = time.perf_counter()
            await engine.import_jsonl(lines, "bench")
            elapsed = time.perf_counter() - started
            return elapsed, (await store.stats(None)).paragraphs


async def measure(source: Path, repeat: int) -> dict[str, Any]:
    """Median import time of the whole file, alternating extraction off and on."""
    lines = source.read_text(encoding="utf-8").splitlines()
    times: dict[bool, list[float]] = {False: [], True: []}
    paragraphs = 0
    for _ in range(repeat):
        for extract in (False, True):
            elapsed, paragraphs = await _import_once(lines, extract)
            times[extract].append(elapsed)
    off, on = statistics.median(times[False]), statistics.median(times[True])
    return {
        "source": str(source),
        "articles": len(lines),
        "paragraphs": paragraphs,
        "repeat": repeat,
        "seconds_without_quotes": round(off, 3),
        "seconds_with_quotes": round(on, 3),
        "paragraphs_per_second_without_quotes": round(paragraphs / off),
        "paragraphs_per_second_with_quotes": round(paragraphs / on),
        "slowdown": round(on / off, 3),
    }


def run(data: Path, out: Path, repeat: int) -> dict[str, Any]:
    """Measure, write the JSON file, and return the figures."""
    result = asyncio.run(measure(data / "bbc_news" / "articles.jsonl", repeat))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result
