"""Benchmark corpora of real news, recombined to size, and the questions asked of them.

Up to about 110k paragraphs the corpus is the real articles of `../shared/data` (PolNeAR,
RealTime QA, BBC News, Wikinews) in a shuffled order. Beyond that, each further article is one
real article whose sentences are shuffled and regrouped into paragraphs of the same sizes, so
the words, their frequencies and the paragraph lengths stay those of real news. Every run with
the same seed writes the same corpus.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from retrieval.query import analyse

SEED = 20261128
SOURCES = (
    ("polnear", "articles.jsonl"),
    ("realtimeqa", "articles.jsonl"),
    ("bbc_news", "articles.jsonl"),
    ("wikinews", "articles.jsonl"),
)
SENTENCE = re.compile(r"(?<=[.!?…\"”])\s+(?=[A-Z“\"])")


@dataclass(frozen=True)
class Source:
    """One real article, split into paragraphs."""

    title: str
    paragraphs: list[str]


def real_articles(data: Path) -> list[Source]:
    """The real articles with a title and at least one paragraph, in a seeded shuffle."""
    found: list[Source] = []
    for folder, name in SOURCES:
        path = data / folder / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if record.get("duplicate_of_earlier"):
                    continue
                paragraphs = [p.strip() for p in str(record.get("text") or "").split("\n\n")]
                paragraphs = [p for p in paragraphs if len(p) >= 40]
                title = str(record.get("title") or paragraphs[0][:80] if paragraphs else "")
                if paragraphs and title:
                    found.append(Source(title.strip(), paragraphs))
    random.Random(SEED).shuffle(found)
    return found


def _recombined(source: Source, rng: random.Random) -> Source:
    """The article's sentences in a new order, regrouped into paragraphs of the same sizes."""
    sentences = [s for p in source.paragraphs for s in SENTENCE.split(p) if s]
    rng.shuffle(sentences)
    sizes = [max(1, len(SENTENCE.split(p))) for p in source.paragraphs]
    paragraphs: list[str] = []
    at = 0
    for size in sizes:
        if at >= len(sentences):
            break
        paragraphs.append(" ".join(sentences[at : at + size]))
        at += size
    return Source(source.title, [p for p in paragraphs if len(p) >= 40])


def articles(data: Path) -> Iterator[tuple[str, Source]]:
    """Real articles first, then recombined ones for ever; each with a unique ref."""
    real = real_articles(data)
    if not real:
        raise FileNotFoundError(f"no articles under {data}")
    for n, source in enumerate(real):
        yield f"real-{n}", source
    rng = random.Random(SEED)
    round_ = 0
    while True:
        round_ += 1
        for n, source in enumerate(real):
            derived = _recombined(source, rng)
            if derived.paragraphs:
                yield f"derived-{round_}-{n}", derived


def write_corpus(data: Path, paragraphs: int, out: Path) -> tuple[int, int]:
    """Write JSONL articles until `paragraphs` paragraphs; returns (articles, paragraphs)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    count = written = 0
    partial = out.with_suffix(".partial")
    with partial.open("w", encoding="utf-8") as handle:
        for ref, source in articles(data):
            if count >= paragraphs:
                break
            body = source.paragraphs[: paragraphs - count]
            record = {
                "id": ref,
                "title": source.title,
                "source": "benchmark",
                "url": f"https://news.example.org/{ref}",
                "text": "\n\n".join(body),
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += len(body)
            written += 1
    partial.replace(out)
    return written, count


def corpus_file(data: Path, paragraphs: int, cache: Path) -> Path:
    """The corpus of `paragraphs` paragraphs, written once and reused."""
    path = cache / f"corpus-{paragraphs}.jsonl"
    if not path.is_file():
        write_corpus(data, paragraphs, path)
    return path


def questions(data: Path, count: int) -> list[str]:
    """RealTime QA quiz questions about the weeks the articles cover (seeded sample)."""
    path = data / "realtimeqa" / "questions.jsonl"
    asked: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("in_corpus_weeks") and not analyse(record["question"]).empty:
                asked.append(str(record["question"]))
    random.Random(SEED).shuffle(asked)
    return asked[:count]


def snippets(data: Path, count: int) -> list[str]:
    """Four consecutive content words cut from random real paragraphs (known-item lookups)."""
    rng = random.Random(SEED + 1)
    real = real_articles(data)
    found: list[str] = []
    while len(found) < count:
        paragraph = rng.choice(rng.choice(real).paragraphs)
        words = re.findall(r"[A-Za-z][A-Za-z'-]+", paragraph)
        content = [w for w in words if not analyse(w).empty]
        if len(content) < 4:
            continue
        start = rng.randrange(len(content) - 3)
        found.append(" ".join(content[start : start + 4]))
    return found
