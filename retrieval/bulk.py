"""Bulk imports: lines are parsed and their quotations extracted in worker processes while
the store writes the previous batch, each batch in one transaction.

The workers are spawned, so a program that imports in bulk must keep its own start-up code
under `if __name__ == "__main__":`, as every multiprocessing program must (newsbot's do).
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from retrieval import ingest
from retrieval.errors import InputError
from retrieval.index.tokens import paragraph_tokens
from retrieval.models import Draft, ImportSummary, QuoteRow
from retrieval.quotes import extract_quotes
from retrieval.store.articles import Articles

BATCH = 64
"""Articles per transaction and per task sent to a worker."""
IN_FLIGHT = 4
"""Batches being prepared while one is written: enough to keep every worker busy."""

# (line number, the article or why it was rejected, its quotations, its paragraphs' tokens)
Prepared = list[tuple[int, Draft | InputError, list[QuoteRow], list[str]]]
Progress = Callable[[int], None]


def prepare(chunk: list[tuple[int, str]], extract: bool) -> Prepared:
    """Parse numbered JSONL lines into drafts (or the reason a line was rejected), with
    their quotations and their paragraphs' tokens. Runs in a worker process, so it takes and
    returns plain data, and the process that writes does only the writing."""
    out: Prepared = []
    for number, line in chunk:
        item = ingest.parse_jsonl_line(line, number)
        if isinstance(item, InputError):
            out.append((number, item, [], []))
            continue
        quotes = extract_quotes(item.paragraphs) if extract else []
        out.append((number, item, quotes, paragraph_tokens(item.paragraphs)))
    return out


def _ref(line: str) -> str | None:
    """The `id` (or `ref`) of a JSONL line, read cheaply so that resumed imports skip it
    without parsing its article."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError:
        return None
    if not isinstance(record, dict):
        return None
    value = record.get("id", record.get("ref"))
    return None if value in (None, "") else str(value)


def _chunks(
    lines: Iterable[str], known: set[str], summary: ImportSummary
) -> Iterator[list[tuple[int, str]]]:
    """Numbered non-blank lines in batches, leaving out (and counting) refs already stored;
    however many are left out in a row, the lines after them still come."""
    chunk: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        ref = _ref(line)
        if ref is not None and ref in known:
            summary.skipped += 1
            continue
        if ref is not None:
            known.add(ref)
        chunk.append((number, line))
        if len(chunk) == BATCH:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


async def import_lines(
    articles: Articles,
    lines: Iterable[str],
    *,
    extract: bool,
    scope: int | None,
    added_by: str | None,
    progress: Progress | None,
) -> ImportSummary:
    """Import JSONL articles; bad lines are reported by number and the rest still stored."""
    summary = ImportSummary()
    known = await articles.known_refs(scope)
    chunks = _chunks(lines, known, summary)
    first = next(chunks, None)
    if first is None:
        return summary
    second = next(chunks, None)
    loop = asyncio.get_running_loop()
    pool: ProcessPoolExecutor | None = None
    if second is not None:
        # A second batch means a real bulk import: worth starting worker processes for.
        # Spawned, not forked: this process has threads (SQLite's, the bot's) that a fork
        # would copy in whatever state they are in.
        pool = ProcessPoolExecutor(
            max_workers=max(1, min(2, os.cpu_count() or 1)),
            mp_context=multiprocessing.get_context("spawn"),
        )

    def submit(chunk: list[tuple[int, str]]) -> Awaitable[Prepared]:
        if pool is None:
            future: asyncio.Future[Prepared] = loop.create_future()
            future.set_result(prepare(chunk, extract))
            return future
        return loop.run_in_executor(pool, prepare, chunk, extract)

    def rest() -> Iterator[list[tuple[int, str]]]:
        yield first
        if second is not None:
            yield second
            yield from chunks

    try:
        pending: deque[Awaitable[Prepared]] = deque()
        for chunk in rest():
            pending.append(submit(chunk))
            if len(pending) > IN_FLIGHT:
                await _store(articles, await pending.popleft(), scope, added_by, summary, progress)
        while pending:
            await _store(articles, await pending.popleft(), scope, added_by, summary, progress)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    summary.rejected.sort()
    return summary


async def _store(
    articles: Articles,
    prepared: Prepared,
    scope: int | None,
    added_by: str | None,
    summary: ImportSummary,
    progress: Progress | None,
) -> None:
    batch: list[tuple[Draft, list[QuoteRow]]] = []
    tokenised: list[list[str]] = []
    for number, item, quotes, made in prepared:
        if isinstance(item, InputError):
            # The line number is kept beside the reason, not repeated inside it.
            summary.rejected.append((number, str(item).removeprefix(f"line {number}: ")))
        else:
            batch.append((item, quotes))
            tokenised.append(made)
    for result in await articles.add(batch, scope, added_by, tokenised):
        if result.article is None:
            summary.skipped += 1
        else:
            summary.added += 1
    if progress and prepared:
        progress(prepared[-1][0])
