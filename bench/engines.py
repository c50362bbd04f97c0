"""One engine measured in a process of its own, so that its peak memory is its own:
`python -m bench.engines ENGINE --db DB --corpus JSONL --questions JSON --extra JSON`.

Engines: `newsbot` (the engine's public API over the imported database), `fts5` (raw FTS5
`bm25()` top-10 of the OR query on the same database), `rank_bm25`, `bm25s` and `tantivy`
(built from the same paragraphs and tokens). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retrieval.index.tokens import tokens
from retrieval.query import analyse, fts_query
from retrieval.sqlite import sqlite3

if TYPE_CHECKING:
    # Only newsbot's own run imports the engine: the baselines' processes stay without it.
    from retrieval.engine import Engine

LIMITS = {"seconds": 60.0}
"""Seconds of questions per engine and size: the slow baselines stop early at 1M."""


def peak_rss_mb() -> float:
    """This process's peak resident memory so far. VmHWM rather than getrusage: Linux carries
    ru_maxrss over from the parent through fork and exec."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def percentiles(seconds: list[float]) -> dict[str, float | int]:
    """p50/p95/p99 in milliseconds, and how many questions they cover."""
    if not seconds:
        return {"n": 0}
    ordered = sorted(seconds)

    def at(q: float) -> float:
        return round(1000 * ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)], 3)

    return {"n": len(ordered), "p50": at(0.50), "p95": at(0.95), "p99": at(0.99)}


async def ask_latency(engine: Engine, questions: list[str]) -> dict[str, float | int]:
    """p50/p95/p99 of `Engine.ask` over the questions, asked one after another."""
    seconds = []
    for q in questions:
        started = time.perf_counter()
        await engine.ask(q)
        seconds.append(time.perf_counter() - started)
    return percentiles(seconds)


def timed(ask: Callable[[str], object], questions: list[str]) -> list[float]:
    """Seconds per question, stopping at the time cap."""
    out: list[float] = []
    started = time.perf_counter()
    for q in questions:
        t = time.perf_counter()
        ask(q)
        out.append(time.perf_counter() - t)
        if time.perf_counter() - started > LIMITS["seconds"]:
            break
    return out


def paragraphs(corpus: Path) -> Iterator[tuple[str, str]]:
    """(title, paragraph) of every paragraph of the corpus, as imported."""
    from retrieval.ingest import parse_jsonl_line

    with corpus.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            draft = parse_jsonl_line(line, number)
            if not isinstance(draft, Exception):
                for text in draft.paragraphs:
                    yield draft.title, text


def query_stems(question: str) -> list[str]:
    """The question's terms as the index holds them (stopwords and question words dropped)."""
    return tokens(" ".join(analyse(question).terms))


# -- newsbot and raw FTS5 over the imported database ----------------------------------------


def run_newsbot(db: Path, sets: dict[str, list[str]], extra: dict[str, Any]) -> dict[str, Any]:
    from retrieval.engine import Engine
    from retrieval.models import Draft
    from retrieval.store import Store

    async def main() -> dict[str, Any]:
        out: dict[str, Any] = {}
        async with Store.open(db) as store:
            engine = Engine(store)
            for name, questions in sets.items():
                times: list[float] = []
                exact = 0
                for q in questions:
                    t = time.perf_counter()
                    await engine.ask(q)
                    times.append(time.perf_counter() - t)
                    found = await engine.ranking.candidates(analyse(q), None)
                    exact += found.proven >= min(10, len(found.rows))
                out[name] = {**percentiles(times), "proven_exact": exact}
            out["rss_after_questions_mb"] = peak_rss_mb()
            held = extra["held_out"]
            draft = Draft(
                title=held["title"],
                paragraphs=tuple(held["paragraphs"]),
                url="https://news.example.org/held-out",
            )
            t = time.perf_counter()
            result = await engine.add_draft(draft)
            add_s = time.perf_counter() - t
            t = time.perf_counter()
            answer = await engine.ask(held["probe"])
            first_s = time.perf_counter() - t
            new_id = result.article.id if result.article else None
            out["add_article"] = {
                "paragraphs": len(held["paragraphs"]),
                "ms": round(add_s * 1000, 2),
                "first_question_ms": round(first_s * 1000, 2),
                "visible_to_next_question": bool(
                    answer.passages and answer.passages[0].article_id == new_id
                ),
            }
            if new_id is not None:
                await engine.remove_article(new_id, None)
        out["peak_rss_mb"] = peak_rss_mb()
        return out

    return asyncio.run(main())


def run_fts5(db: Path, sets: dict[str, list[str]], extra: dict[str, Any]) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    sql = (
        "SELECT rowid FROM paragraphs_fts WHERE paragraphs_fts MATCH ? "
        "ORDER BY bm25(paragraphs_fts, 1.0, 0.3) LIMIT 10"
    )

    def ask(q: str) -> object:
        match = fts_query(analyse(q).terms)
        return conn.execute(sql, (match,)).fetchall() if match else []

    out: dict[str, Any] = {name: percentiles(timed(ask, qs)) for name, qs in sets.items()}
    out["peak_rss_mb"] = peak_rss_mb()
    return out


# -- the baselines, built from the same paragraphs ------------------------------------------


def run_rank_bm25(
    corpus: Path, sets: dict[str, list[str]], extra: dict[str, Any]
) -> dict[str, Any]:
    import numpy as np
    from rank_bm25 import BM25Okapi

    t = time.perf_counter()
    docs = [tokens(text) + tokens(title) for title, text in paragraphs(corpus)]
    tokenize_s = time.perf_counter() - t
    t = time.perf_counter()
    bm25 = BM25Okapi(docs, k1=1.2, b=0.75)
    build_s = time.perf_counter() - t

    def ask(q: str) -> object:
        scores = bm25.get_scores(query_stems(q))
        return np.argpartition(-scores, 10)[:10] if len(scores) > 10 else scores

    out: dict[str, Any] = {name: percentiles(timed(ask, qs)) for name, qs in sets.items()}
    # rank-bm25 has no incremental add: a new article means building it again.
    held = [tokens(p) + tokens(extra["held_out"]["title"]) for p in extra["held_out"]["paragraphs"]]
    t = time.perf_counter()
    BM25Okapi(docs + held, k1=1.2, b=0.75)
    out["add_article"] = {"ms": round((time.perf_counter() - t) * 1000, 2), "how": "rebuild"}
    out.update(tokenize_s=round(tokenize_s, 2), build_s=round(build_s, 2))
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def run_bm25s(corpus: Path, sets: dict[str, list[str]], extra: dict[str, Any]) -> dict[str, Any]:
    import bm25s
    import numpy as np
    from bm25s.tokenization import Tokenized

    vocab: dict[str, int] = {}

    def ids(words: list[str]) -> list[int]:
        return [vocab.setdefault(w, len(vocab)) for w in words]

    t = time.perf_counter()
    docs = [ids(tokens(text) + tokens(title)) for title, text in paragraphs(corpus)]
    tokenize_s = time.perf_counter() - t
    t = time.perf_counter()
    retriever = bm25s.BM25(k1=1.2, b=0.75, method="robertson")
    retriever.index(Tokenized(ids=docs, vocab=vocab), show_progress=False)
    build_s = time.perf_counter() - t

    def ask(q: str) -> object:
        known = [w for w in query_stems(q) if w in vocab]
        if not known:
            return []
        # get_scores and a partial sort: `retrieve` adds some 15 ms of bookkeeping per call.
        scores = retriever.get_scores(known)
        return np.argpartition(-scores, 10)[:10] if len(scores) > 10 else scores

    out: dict[str, Any] = {name: percentiles(timed(ask, qs)) for name, qs in sets.items()}
    out.update(tokenize_s=round(tokenize_s, 2), build_s=round(build_s, 2))
    out["add_article"] = {"ms": round(build_s * 1000, 2), "how": "rebuild (index time)"}
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def run_tantivy(corpus: Path, sets: dict[str, list[str]], extra: dict[str, Any]) -> dict[str, Any]:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("text", stored=False, tokenizer_name="en_stem")
    builder.add_integer_field("id", stored=True, indexed=False)
    schema = builder.build()
    with tempfile.TemporaryDirectory(prefix="newsbot-tantivy-") as folder:
        index = tantivy.Index(schema, path=folder)
        writer = index.writer(heap_size=200_000_000)
        t = time.perf_counter()
        for n, (title, text) in enumerate(paragraphs(corpus)):
            writer.add_document(tantivy.Document(id=n, text=f"{text}\n{title}"))
        writer.commit()
        writer.wait_merging_threads()
        build_s = time.perf_counter() - t
        index.reload()
        searcher = index.searcher()

        def ask(q: str) -> object:
            terms = analyse(q).terms
            if not terms:
                return []
            return searcher.search(index.parse_query(" ".join(terms), ["text"]), 10).hits

        out: dict[str, Any] = {name: percentiles(timed(ask, qs)) for name, qs in sets.items()}
        held = extra["held_out"]
        writer = index.writer(heap_size=50_000_000)
        t = time.perf_counter()
        for p in held["paragraphs"]:
            writer.add_document(tantivy.Document(id=-1, text=f"{p}\n{held['title']}"))
        writer.commit()
        index.reload()
        out["add_article"] = {
            "ms": round((time.perf_counter() - t) * 1000, 2),
            "how": "incremental",
        }
        out["build_s"] = round(build_s, 2)
        out["peak_rss_mb"] = peak_rss_mb()
        return out


ENGINES: dict[str, Callable[[Path, dict[str, list[str]], dict[str, Any]], dict[str, Any]]] = {
    "newsbot": run_newsbot,
    "fts5": run_fts5,
    "rank_bm25": run_rank_bm25,
    "bm25s": run_bm25s,
    "tantivy": run_tantivy,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.engines")
    parser.add_argument("engine", choices=sorted(ENGINES))
    parser.add_argument("--source", type=Path, required=True, help="database or corpus file")
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--cap", type=float, default=LIMITS["seconds"])
    args = parser.parse_args(argv)
    LIMITS["seconds"] = args.cap
    spec = json.loads(args.questions.read_text(encoding="utf-8"))
    started = time.perf_counter()
    result = ENGINES[args.engine](args.source, spec["sets"], spec)
    result["seconds"] = round(time.perf_counter() - started, 1)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
