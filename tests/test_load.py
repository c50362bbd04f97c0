"""200 questions arriving at once through the stand-in Discord: every interaction is
acknowledged within Discord's 3-second window and every answer is delivered.

Run with `-s` to see the acknowledgement and answer latencies (docs/reliability.md). The suite
asks over the sample articles; `NEWSBOT_LOAD_PARAGRAPHS=100000 pytest tests/test_load.py -s`
asks over that many paragraphs of real news from ../shared/data besides them.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.corpus import corpus_file
from tests.conftest import shared
from tests.discord_harness import SAMPLES, Harness
from tests.discord_standin import SEND, Request, member

# Where the large library's corpus is kept between runs.
CACHE = Path(__file__).resolve().parent.parent / "bench-data"

QUESTIONS = 200
WINDOW = 3.0


def _questions(n: int) -> list[str]:
    """Questions made of words from the sample articles, all different."""
    rng = random.Random(11)
    paragraphs = [
        p
        for line in SAMPLES.read_text().splitlines()
        for p in json.loads(line)["text"].split("\n\n")
    ]
    asked = []
    for i in range(n):
        words = [w.strip('.,"“”') for w in rng.choice(paragraphs).split() if len(w) > 4]
        asked.append(f"what about {' '.join(rng.sample(words, min(4, len(words))))}? ({i})")
    return asked


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _callback_of(iid: str) -> Callable[[Request], bool]:
    return lambda r: r.path.startswith(f"/interactions/{iid}/")


def _reply_to(token: str) -> Callable[[Request], bool]:
    return lambda r: token in r.path and r.method in ("POST", "PATCH") and "/webhooks/" in r.path


def _library_paragraphs() -> int:
    return int(os.environ.get("NEWSBOT_LOAD_PARAGRAPHS", "0") or 0)


async def test_questions_at_once_are_acknowledged_in_time_and_all_answered(
    harness: Harness, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    paragraphs = _library_paragraphs()
    if paragraphs:
        # A large library of real news beside the samples (bench/corpus.py writes it once).
        corpus = corpus_file(shared(""), paragraphs, CACHE)
        with corpus.open(encoding="utf-8") as lines:
            await harness.bot.engine.import_jsonl(lines, corpus.name)
    sent: dict[str, tuple[str, float]] = {}
    for n, question in enumerate(_questions(QUESTIONS)):
        started = time.monotonic()
        iid, token = await harness.command(
            "ask",
            [{"name": "question", "type": 3, "value": question}],
            who=member(9000 + n, f"reader{n}", SEND),
        )
        sent[iid] = (token, started)
    acks: list[float] = []
    answers: list[float] = []
    for iid, (token, started) in sent.items():
        callback = await harness.standin.wait_for(_callback_of(iid), timeout=60)
        reply = await harness.standin.wait_for(_reply_to(token), timeout=60)
        acks.append(callback.at - started)
        answers.append(reply.at - started)
        assert isinstance(reply.body, dict) and (
            reply.body.get("embeds") or reply.body.get("content")
        )
    assert len(acks) == len(answers) == QUESTIONS
    assert max(acks) < WINDOW, sorted(acks)[-5:]
    assert harness.standin.limit_errors == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    library = await harness.bot.engine.stats(None)
    print(
        f"\n{library.paragraphs:,} paragraphs;"
        f" {QUESTIONS} questions at once: acknowledged p50 {_percentile(acks, 0.5) * 1000:.0f} ms,"
        f" p95 {_percentile(acks, 0.95) * 1000:.0f} ms, max {max(acks) * 1000:.0f} ms; answered"
        f" p50 {_percentile(answers, 0.5) * 1000:.0f} ms, p95"
        f" {_percentile(answers, 0.95) * 1000:.0f} ms, max {max(answers) * 1000:.0f} ms"
    )
    await asyncio.sleep(0)
