"""`python -m bench scale`: newsbot against the BM25 baselines at 10k, 100k and 1M paragraphs.

For each size, in one run, on the same corpus and the same questions: newsbot's import
(quotation extraction on), database size, question latency through the engine's API and
through `newsbot ask -` as a whole process, peak memory, adding one 20-paragraph article; and
beside it raw FTS5 `bm25()`, rank-bm25, bm25s and tantivy. Each engine runs in a process of its
own (see engines.py) so that each peak memory figure is that engine's alone.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from bench import corpus
from bench.engines import percentiles
from retrieval.engine import Engine
from retrieval.store import Store

REFERENCES = ("fts5", "rank_bm25", "bm25s", "tantivy")
Say = Callable[[str], None]


def held_out_article() -> dict[str, Any]:
    """A 20-paragraph article that is in no corpus: the first 20 paragraphs of newsbot's own
    sample articles, with a question only it answers."""
    source = resources.files("retrieval") / "samples" / "articles.jsonl"
    found: list[str] = []
    for line in source.read_text(encoding="utf-8").splitlines():
        found += json.loads(line)["text"].split("\n\n")
    return {
        "title": "Riverton digest: bridge, clinics, storm and schools",
        "paragraphs": found[:20],
        "probe": "Who cut the ribbon on the new Harbour Bridge in Riverton?",
    }


async def import_library(db: Path, source: Path) -> dict[str, Any]:
    lines = source.read_text(encoding="utf-8").splitlines()
    async with Store.open(db) as store:
        engine = Engine(store)
        started = time.perf_counter()
        summary = await engine.import_jsonl(lines, source.name)
        seconds = time.perf_counter() - started
        stats = await store.stats(None)
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
    return {
        "articles": summary.added,
        "paragraphs": stats.paragraphs,
        "quotes": stats.quotes,
        "seconds": round(seconds, 1),
        "paragraphs_per_second": round(stats.paragraphs / seconds),
        "database_mb": round(size / 1e6, 1),
    }


def child_result(command: list[str]) -> dict[str, Any]:
    """The JSON a measuring child process prints last, or the error it ended with."""
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        return {"error": lines[-1] if lines else f"exit {done.returncode}"}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _child(engine: str, source: Path, spec: Path, cap: float) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.engines", engine, "--source", str(source)]
    return child_result([*command, "--questions", str(spec), "--cap", str(cap)])


def write_results(
    result: dict[str, Any], out: Path, docs: Path | None, page: str, text: str
) -> None:
    """The JSON results, and (given `docs`) their Markdown page."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if docs is not None:
        docs.mkdir(parents=True, exist_ok=True)
        (docs / page).write_text(text, encoding="utf-8")


def _whole_process(db: Path, questions: list[str]) -> dict[str, Any]:
    """`newsbot ask -` as a user's script runs it: one process, a question a line."""
    command = [sys.executable, "-m", "bot.main", "--db", str(db), "ask", "-"]
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1
    )
    assert proc.stdin is not None and proc.stdout is not None
    times: list[float] = []
    first = 0.0
    for n, q in enumerate(questions):
        t = time.perf_counter()
        proc.stdin.write(q.replace("\n", " ") + "\n")
        proc.stdin.flush()
        proc.stdout.readline()
        times.append(time.perf_counter() - t)
        if n == 0:
            first = time.perf_counter() - started
    rss = 0.0
    with Path(f"/proc/{proc.pid}/status").open(encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                rss = int(line.split()[1]) / 1024
    proc.stdin.close()
    proc.wait(timeout=60)
    return {
        **percentiles(times[1:]),
        "start_to_first_answer_ms": round(first * 1000, 1),
        "peak_rss_mb": round(rss, 1),
    }


def measure_size(
    data: Path, size: int, cache: Path, sets: dict[str, list[str]], cap: float, say: Say
) -> dict[str, Any]:
    """Every figure for one corpus size."""
    source = corpus.corpus_file(data, size, cache)
    out: dict[str, Any] = {"size": size}
    with tempfile.TemporaryDirectory(prefix="newsbot-bench-", dir=cache) as folder:
        db = Path(folder) / "newsbot.db"
        say(f"{size:,}: importing {source.name}")
        out["import"] = asyncio.run(import_library(db, source))
        say(f"{size:,}: imported {out['import']}")
        spec = Path(folder) / "questions.json"
        spec.write_text(json.dumps({"sets": sets, "held_out": held_out_article()}))
        out["newsbot"] = _child("newsbot", db, spec, cap)
        say(f"{size:,}: newsbot {out['newsbot']}")
        out["newsbot_process"] = _whole_process(db, sets["questions"])
        say(f"{size:,}: newsbot ask - {out['newsbot_process']}")
        for name in REFERENCES:
            out[name] = _child(name, db if name == "fts5" else source, spec, cap)
            say(f"{size:,}: {name} {out[name]}")
    return out


def run(
    data: Path,
    sizes: list[int],
    questions: int,
    cache: Path,
    out: Path,
    docs: Path | None,
    cap: float,
    say: Say,
) -> dict[str, Any]:
    """Measure every size, write the JSON results and (given `docs`) the report."""
    cache.mkdir(parents=True, exist_ok=True)
    sets = {
        "questions": corpus.questions(data, questions),
        "snippets": corpus.snippets(data, questions),
    }
    result: dict[str, Any] = {
        "machine": machine_facts(),
        "questions": {k: len(v) for k, v in sets.items()},
        "sizes": [measure_size(data, size, cache, sets, cap, say) for size in sizes],
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if docs is not None:
        from bench import report

        report.write(result, docs)
    return result


def machine_facts() -> dict[str, Any]:
    import platform

    from retrieval.sqlite import sqlite3

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "date": time.strftime("%Y-%m-%d"),
    }
