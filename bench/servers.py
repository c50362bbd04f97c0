"""`python -m bench servers`: where one machine ends. Several newsbot processes answering
from one library file at once, as sharded bot processes do.

For 1, 2 and 4 processes over one library (1M paragraphs by default), each process opens the
library as a bot process does and answers questions through `Engine.ask` without pause, all
starting together: questions per second in all, and p50 / p95 of each question. Then a bulk
import into the same file, alone and while two processes answer: its paragraphs per second, and
what it does to their latency. Last, the file's size and a process's memory per million
paragraphs. Writes `bench-results/servers.json` and the measured part of `docs/scaling.md`.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import corpus
from bench.engines import peak_rss_mb, percentiles
from bench.scale import import_library, machine_facts
from retrieval.engine import Engine

Say = Callable[[str], None]
PROCESSES = (1, 2, 4)
# Paragraphs in each of the two batches imported by the import measurements.
BATCH = 50_000
# Seconds the answering processes have to open the library and warm up before they start.
LEAD = 8.0


async def _answer(
    db: Path, questions: list[str], start_at: float, seconds: float
) -> dict[str, Any]:
    """One process: warm up, wait for the common start, answer until the time is up."""
    async with Engine.open(db) as engine:
        for q in questions[:10]:
            await engine.ask(q)
        await asyncio.sleep(max(0.0, start_at - time.time()))
        latencies: list[float] = []
        starts: list[float] = []
        ends = start_at + seconds
        for q in itertools.cycle(questions):
            if time.time() >= ends:
                break
            starts.append(time.time())
            started = time.perf_counter()
            await engine.ask(q)
            latencies.append(time.perf_counter() - started)
    return {"latencies": latencies, "starts": starts, "peak_rss_mb": peak_rss_mb()}


def _workers(db: Path, questions: Path, count: int, seconds: float, lead: float) -> list[Any]:
    """Start `count` answering processes that begin together `lead` seconds from now."""
    start_at = time.time() + lead
    command = [sys.executable, "-m", "bench.servers", "--worker", str(db), str(questions)]
    return [
        subprocess.Popen(
            [*command, str(n), str(start_at), str(seconds)], stdout=subprocess.PIPE, text=True
        )
        for n in range(count)
    ]


def _collect(procs: list[Any]) -> list[dict[str, Any]]:
    results = []
    for proc in procs:
        out, _ = proc.communicate()
        if proc.returncode != 0:
            raise RuntimeError(f"an answering process failed (exit {proc.returncode})")
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def _summary(
    results: list[dict[str, Any]], seconds: float, during: tuple[float, float] | None = None
) -> dict[str, Any]:
    """Questions per second and latencies of all processes; with `during` (a span of
    time.time()), of the questions asked in that span only."""
    latencies = [
        t
        for r in results
        for t, at in zip(r["latencies"], r["starts"], strict=True)
        if during is None or during[0] <= at <= during[1]
    ]
    if during is not None:
        seconds = during[1] - during[0]
    return {
        "processes": len(results),
        "questions_per_second": round(len(latencies) / seconds, 1),
        **percentiles(latencies),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in results),
    }


def _batches(data: Path, skip: int, batch: int) -> tuple[list[str], list[str]]:
    """Two JSONL batches of about `batch` paragraphs each, articles the library lacks."""
    batches: list[list[str]] = [[], []]
    counts = [0, 0]
    for n, (ref, source) in enumerate(corpus.articles(data)):
        if n < skip:
            continue
        which = 0 if counts[0] < batch else 1
        if counts[1] >= batch:
            break
        record = {
            "id": f"import-{ref}",
            "title": source.title,
            "text": "\n\n".join(source.paragraphs),
        }
        batches[which].append(json.dumps(record))
        counts[which] += len(source.paragraphs)
    return batches[0], batches[1]


async def _import(db: Path, lines: list[str]) -> dict[str, Any]:
    async with Engine.open(db) as engine:
        started = time.perf_counter()
        summary = await engine.import_jsonl(lines, "batch")
        seconds = time.perf_counter() - started
    paragraphs = sum(len(json.loads(line)["text"].split("\n\n")) for line in lines)
    return {
        "articles": summary.added,
        "paragraphs": paragraphs,
        "seconds": round(seconds, 1),
        "paragraphs_per_second": round(paragraphs / seconds),
    }


def run(
    data: Path,
    size: int,
    questions: int,
    seconds: float,
    cache: Path,
    out: Path,
    docs: Path | None,
    say: Say,
    processes: tuple[int, ...] = PROCESSES,
    batch: int = BATCH,
    lead: float = LEAD,
) -> dict[str, Any]:
    """Every figure; the JSON to `out` and the measured part of `docs/scaling.md`."""
    cache.mkdir(parents=True, exist_ok=True)
    source = corpus.corpus_file(data, size, cache)
    base = cache / f"servers-{size}.db"
    result: dict[str, Any] = {"machine": machine_facts(), "size": size, "seconds": seconds}
    if not base.is_file():
        say(f"importing {size:,} paragraphs into {base}")
        partial = base.with_suffix(".partial.db")
        result["library"] = asyncio.run(import_library(partial, source))
        partial.replace(base)
    asked = corpus.questions(data, questions) + corpus.snippets(data, questions)
    with tempfile.TemporaryDirectory(prefix="newsbot-servers-", dir=cache) as folder:
        spec = Path(folder) / "questions.json"
        spec.write_text(json.dumps(asked))
        result["answering"] = []
        for count in processes:
            say(f"{count} process(es) answering for {seconds:g} s")
            summary = _summary(_collect(_workers(base, spec, count, seconds, lead)), seconds)
            result["answering"].append(summary)
            say(f"  {summary}")
        work = Path(folder) / "work.db"
        shutil.copyfile(base, work)
        skip = sum(1 for _ in source.open(encoding="utf-8"))
        alone, loaded = _batches(data, skip, batch)
        say("importing a batch alone")
        result["import_alone"] = asyncio.run(_import(work, alone))
        say(f"  {result['import_alone']}")
        # Two processes answer from before the import starts until well after it would end
        # alone; their questions asked while it ran are the ones counted.
        window = 3 * float(result["import_alone"]["seconds"]) + 10
        say("importing a batch while two processes answer")
        procs = _workers(work, spec, 2, window, lead)
        time.sleep(lead + 1)
        began = time.time()
        result["import_loaded"] = asyncio.run(_import(work, loaded))
        span = (began, time.time())
        result["answering_during_import"] = _summary(_collect(procs), window, span)
        say(f"  {result['import_loaded']}, answering {result['answering_during_import']}")
    paragraphs = asyncio.run(_paragraphs(base))
    size_bytes = sum(p.stat().st_size for p in base.parent.glob(base.name + "*"))
    result["file"] = {
        "paragraphs": paragraphs,
        "mb": round(size_bytes / 1e6, 1),
        "mb_per_million_paragraphs": round(size_bytes / 1e6 / paragraphs * 1e6, 1),
        "process_mb": result["answering"][0]["peak_rss_mb"],
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if docs is not None:
        from bench import servers_report

        servers_report.write(result, docs)
    return result


async def _paragraphs(db: Path) -> int:
    async with Engine.open(db) as engine:
        return (await engine.stats(None)).paragraphs


def worker(argv: list[str]) -> int:
    """`python -m bench.servers --worker DB QUESTIONS N START SECONDS`: one answering process."""
    db, spec, offset, start_at, seconds = argv
    asked: list[str] = json.loads(Path(spec).read_text())
    shift = int(offset) * len(asked) // 4
    result = asyncio.run(
        _answer(Path(db), asked[shift:] + asked[:shift], float(start_at), float(seconds))
    )
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        sys.exit(worker(sys.argv[2:]))
    parser = argparse.ArgumentParser()
    sys.exit(parser.error("run as python -m bench servers"))
