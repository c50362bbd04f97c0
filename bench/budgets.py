"""Speed against quality: the `[search]` budgets, measured together in one run.

For each setting of (candidates, scored_rows, article_rows): RealTime QA R@1, R@5 and MRR@10
(the evaluation of `newsbot eval retrieval`), and question latency through `Engine.ask` over
libraries of real news recombined to each size (the corpora of `bench scale`). The first
setting scores every row, the reference a budget's loss is measured from; it is timed only at
the smallest size, where scoring everything is still quick. Writes a JSON file and a Markdown
table.
"""

from __future__ import annotations

import asyncio
import dataclasses
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import corpus
from bench.engines import ask_latency
from bench.scale import import_library, machine_facts, write_results
from evaluation.retrieval import evaluate
from retrieval.engine import Engine, EngineSettings
from retrieval.rank import Weights
from retrieval.store import Store

Say = Callable[[str], None]
EVERY_ROW = 1_000_000_000
# (candidates, FTS5 rows for the rarest terms, articles for the whole-article score).
SETTINGS: tuple[tuple[int, int, int], ...] = (
    (100, EVERY_ROW, EVERY_ROW),
    (100, 5_000, 10_000),
    (50, 5_000, 3_000),
    (40, 2_500, 2_000),
    (30, 1_000, 2_000),
)


def weights(setting: tuple[int, int, int]) -> Weights:
    candidates, rows, articles = setting
    return dataclasses.replace(
        Weights(), candidates=candidates, scored_rows=rows, document_rows=articles
    )


def label(setting: tuple[int, int, int]) -> str:
    return " / ".join("every" if n == EVERY_ROW else f"{n:,}" for n in setting)


async def _latency(db: Path, settings: list[Weights], questions: list[str]) -> list[Any]:
    """p50/p95 of `Engine.ask` for each setting, on one library, after a warm-up pass."""
    out: list[Any] = []
    async with Store.open(db) as store:
        for w in settings:
            engine = Engine(store, EngineSettings(weights=w))
            for q in questions[:20]:
                await engine.ask(q)
            out.append(await ask_latency(engine, questions))
    return out


def run(
    data: Path,
    sizes: list[int],
    questions: int,
    cache: Path,
    out: Path,
    docs: Path | None,
    say: Say,
    settings: tuple[tuple[int, int, int], ...] = SETTINGS,
) -> dict[str, Any]:
    """Measure every setting's quality and its latency at every size; write the results."""
    asked = corpus.questions(data, questions)
    rows: list[dict[str, Any]] = []
    for setting in settings:
        quality = asyncio.run(evaluate(data, weights(setting), ["realtimeqa"]))[0]
        rows.append(
            {
                "setting": label(setting),
                "candidates": setting[0],
                "scored_rows": setting[1],
                "article_rows": setting[2],
                "quality": {k: round(quality[k], 3) for k in ("R@1", "R@5", "MRR@10")},
                "latency": {},
            }
        )
        say(f"{label(setting)}: {rows[-1]['quality']}")
    cache.mkdir(parents=True, exist_ok=True)
    for size in sizes:
        source = corpus.corpus_file(data, size, cache)
        with tempfile.TemporaryDirectory(dir=cache, prefix="newsbot-budgets-") as tmp:
            db = Path(tmp) / "newsbot.db"
            say(f"{size:,}: importing {source.name}")
            asyncio.run(import_library(db, source))
            timed = [
                (row, setting)
                for row, setting in zip(rows, settings, strict=True)
                if setting[1] != EVERY_ROW or size == min(sizes)
            ]
            found = asyncio.run(_latency(db, [weights(s) for _, s in timed], asked))
            for (row, setting), figures in zip(timed, found, strict=True):
                row["latency"][str(size)] = figures
                say(f"{size:,}: {label(setting)}: {figures}")
    result = {"machine": machine_facts(), "questions": len(asked), "sizes": sizes, "settings": rows}
    write_results(result, out, docs, "budgets.md", report(result))
    return result


def report(result: dict[str, Any]) -> str:
    """The Markdown table of docs/budgets.md."""
    sizes = result["sizes"]
    machine = result["machine"]
    reference = result["settings"][0]["quality"]
    lines = [
        "# Search budgets: speed against quality",
        "",
        f"Written by `python -m bench budgets --data ../shared/data` ({machine['date']}; "
        f"{machine['cores']} cores; Python {machine['python']}, SQLite {machine['sqlite']}). "
        "Quality: RealTime QA (206 questions over 2,209 articles, as `newsbot eval retrieval` "
        "measures it). Latency: `Engine.ask` with answer composition, "
        f"{result['questions']} quiz questions after a warm-up, over the `bench scale` corpus "
        "at each size. The settings are `[search]` `candidates`, `scored_rows` and "
        "`article_rows`; the first row scores every matching row and is the reference. "
        "A budget counts the rows holding each chosen term, summed over the terms, so it "
        "leaves terms out even in RealTime QA's 2,209 articles: an article budget of 3,000 "
        "alone gives RealTime QA as 10,000 does, but costs Vaswani's long queries 0.02 of "
        "nDCG@10 (0.421 against 0.441).",
        "",
        "| candidates / rows / articles | R@1 | R@5 | MRR@10 | R@5 against every row | "
        + " | ".join(f"{n:,} p50 / p95 ms" for n in sizes)
        + " |",
        "|---|---|---|---|---|" + "---|" * len(sizes),
    ]
    for row in result["settings"]:
        q = row["quality"]
        cells = []
        for n in sizes:
            figures = row["latency"].get(str(n))
            cells.append(f"{figures['p50']:.1f} / {figures['p95']:.1f}" if figures else "–")
        lines.append(
            f"| {row['setting']} | {q['R@1']:.3f} | {q['R@5']:.3f} | {q['MRR@10']:.3f} | "
            f"{q['R@5'] - reference['R@5']:+.3f} | " + " | ".join(cells) + " |"
        )
    return "\n".join(lines) + "\n"
