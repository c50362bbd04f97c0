"""What `[search] semantic = true` costs: question latency, start-up and memory, beside the
default in the same run.

One library of real news recombined to size (the corpora of `bench scale`), the same quiz
questions asked twice by each setting, each setting in a process of its own (so that memory is
its own): the first pass meets passages the model has not read, the second finds their vectors
kept. Quality with and without it is `newsbot eval retrieval [--semantic]`. Writes a JSON file
and a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import corpus
from bench.engines import ask_latency, peak_rss_mb
from bench.scale import child_result, import_library, machine_facts, write_results
from retrieval.engine import Engine, EngineSettings
from retrieval.query import analyse
from retrieval.rank import SEMANTIC_WEIGHT, Weights
from retrieval.semantic import missing
from retrieval.store import Store

SETTINGS = {"default": 0.0, "semantic": SEMANTIC_WEIGHT}


async def _measure(db: Path, weight: float, questions: list[str]) -> dict[str, Any]:
    async with Store.open(db) as store:
        engine = Engine(store, EngineSettings(weights=Weights(semantic=weight)))
        started = time.perf_counter()
        await engine.prepare()
        out: dict[str, Any] = {"load_seconds": round(time.perf_counter() - started, 2)}
        for name in ("first_pass", "second_pass"):
            out[name] = await ask_latency(engine, questions)
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def _child(db: Path, setting: str, questions: Path) -> dict[str, Any]:
    return child_result([sys.executable, "-m", "bench.semantic", str(db), setting, str(questions)])


def run(
    data: Path, size: int, questions: int, cache: Path, out: Path, docs: Path | None, say: Any
) -> dict[str, Any]:
    """Both settings over one library of `size` paragraphs; write the results."""
    if problem := missing():
        raise SystemExit(f"bench: {problem}")
    asked = corpus.questions(data, questions)
    cache.mkdir(parents=True, exist_ok=True)
    source = corpus.corpus_file(data, size, cache)
    result: dict[str, Any] = {"machine": machine_facts(), "paragraphs": size}
    with tempfile.TemporaryDirectory(dir=cache, prefix="newsbot-semantic-") as tmp:
        db = Path(tmp) / "newsbot.db"
        say(f"{size:,}: importing {source.name}")
        asyncio.run(import_library(db, source))
        spec = Path(tmp) / "questions.json"
        spec.write_text(json.dumps(asked), encoding="utf-8")
        result["settings"] = {}
        for name in SETTINGS:
            result["settings"][name] = _child(db, name, spec)
            say(f"{name}: {result['settings'][name]}")
    result["questions"] = len(asked)
    result["timed"] = sum(analyse(q).when is not None for q in asked)
    write_results(result, out, docs, "semantic.md", report(result))
    return result


def report(result: dict[str, Any]) -> str:
    """The Markdown table of docs/semantic.md."""
    machine = result["machine"]
    lines = [
        "# What semantic re-ranking costs",
        "",
        f"Written by `python -m bench semantic --data ../shared/data` ({machine['date']}; "
        f"{machine['cores']} cores; Python {machine['python']}, SQLite {machine['sqlite']}). "
        f"`Engine.ask` with answer composition over {result['paragraphs']:,} paragraphs of the "
        f"`bench scale` corpus, {result['questions']} RealTime QA quiz questions asked twice "
        "by each setting, each in a process of its own. The first pass meets passages the "
        "model has not read; the second finds their vectors kept. Questions that name a time "
        f"do not use the model: {result.get('timed', '?')} of these. Quality: `newsbot eval "
        'retrieval` with and without `--semantic` (README, "How answers are ranked").',
        "",
        "| `[search] semantic` | load s | first pass p50 / p95 ms | second pass p50 / p95 ms "
        "| peak RSS MB |",
        "|---|---|---|---|---|",
    ]
    for name, figures in result["settings"].items():
        if "error" in figures:
            lines.append(f"| {name} | failed: {figures['error']} | | | |")
            continue
        first, second = figures["first_pass"], figures["second_pass"]
        lines.append(
            f"| {'true' if SETTINGS[name] else 'false'} | {figures['load_seconds']:.1f} | "
            f"{first['p50']:.1f} / {first['p95']:.1f} | {second['p50']:.1f} / "
            f"{second['p95']:.1f} | {figures['peak_rss_mb']:.0f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """The child process: one setting over one library."""
    parser = argparse.ArgumentParser(prog="python -m bench.semantic")
    parser.add_argument("db", type=Path)
    parser.add_argument("setting", choices=sorted(SETTINGS))
    parser.add_argument("questions", type=Path)
    args = parser.parse_args(argv)
    questions = json.loads(args.questions.read_text(encoding="utf-8"))
    result = asyncio.run(_measure(args.db, SETTINGS[args.setting], questions))
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
