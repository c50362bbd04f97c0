"""The public chat-style questions of ../shared/data/asked, scored on what `newsbot ask` returns.

The library is what the set's README asks for: PolNeAR, BBC News and Wikinews imported whole
(every split, duplicates included, so the `none` questions are judged against every record),
and the seed article. Each question goes through `Engine.ask` with the CLI's defaults, and only
what a user is shown is judged:

- `who_said`, `what_said`: the speaker on top (the direct answer's, else the first passage's)
  shares the gold speaker's surname;
- `fact`, `who_said`, `what_said`: the first passage holds `key_phrase`, or is the gold
  paragraph (or one of `also_ok_paragraphs`);
- `check_quote`: the verdict is the gold one (`exact`, `close`, `other`); for `other`, the
  speaker named as the real one is the gold speaker;
- `none`: no passage is returned (closest matches shown as such are not an answer).
"""

from __future__ import annotations

import json
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evaluation.retrieval import read_jsonl
from retrieval.engine import Engine, EngineSettings
from retrieval.index.tokens import fold
from retrieval.models import Answer, Passage
from retrieval.names import surname
from retrieval.rank import Weights
from retrieval.store import Store

COLLECTIONS = ("polnear", "bbc_news", "wikinews")
KINDS = ("who_said", "what_said", "check_quote", "fact", "none")


def gold_paragraphs(text: str) -> list[str]:
    """Paragraphs as the set counts them: `text.split("\\n\\n")`, stripped, empty ones dropped."""
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def _flat(text: str) -> str:
    return " ".join(fold(text).split())


def same_surname(predicted: str | None, gold: str | None) -> bool:
    """The set's speaker rule: surnames compared, case-insensitive."""
    if not predicted or not gold:
        return False
    return surname(predicted) == surname(gold)


def shown_speaker(answer: Answer) -> str | None:
    """The speaker a user reads first: the direct answer's, else the first passage's."""
    if answer.answer is not None and answer.answer.speaker:
        return answer.answer.speaker
    return answer.passages[0].speaker if answer.passages else None


def verdict_of(answer: Answer) -> str | None:
    """`exact`, `close`, `other` (said by someone else) or `not_found`."""
    return answer.answer.verdict if answer.answer is not None else None


@dataclass
class Judged:
    """One question's outcome."""

    qid: str
    kind: str
    question: str
    speaker_ok: bool | None = None
    passage_ok: bool | None = None
    verdict_ok: bool | None = None
    none_ok: bool | None = None
    shown: str | None = None
    confidence: float = 0.0

    @property
    def right(self) -> bool:
        """Right on every measure that applies to its kind."""
        checks = [self.speaker_ok, self.passage_ok, self.verdict_ok, self.none_ok]
        return all(c for c in checks if c is not None)


@dataclass
class Gold:
    """The paragraphs of the gold articles, by the set's article id."""

    paragraphs: dict[str, list[str]] = field(default_factory=dict)

    def passage_right(self, q: dict[str, Any], passage: Passage | None) -> bool:
        """The first passage holds the key phrase, or is one of the gold paragraphs."""
        if passage is None:
            return False
        text = _flat(passage.text)
        if q.get("key_phrase") and _flat(q["key_phrase"]) in text:
            return True
        if passage.article_ref != q.get("article_id"):
            return False
        ours = self.paragraphs.get(q["article_id"], [])
        wanted = [q["paragraph_index"], *q.get("also_ok_paragraphs", [])]
        return any(
            0 <= i < len(ours) and (_flat(ours[i]) in text or text in _flat(ours[i]))
            for i in wanted
            if isinstance(i, int)
        )


def judge(q: dict[str, Any], answer: Answer, gold: Gold) -> Judged:
    """Score one answer by the set's README."""
    kind = q["kind"]
    out = Judged(q["qid"], kind, q["question"], confidence=answer.confidence)
    out.shown = shown_speaker(answer)
    first = answer.passages[0] if answer.passages else None
    if kind in ("who_said", "what_said"):
        out.speaker_ok = same_surname(out.shown, q.get("speaker"))
    if kind in ("who_said", "what_said", "fact"):
        out.passage_ok = gold.passage_right(q, first)
    if kind == "check_quote":
        verdict = verdict_of(answer)
        ok = verdict == q.get("verdict")
        if ok and verdict == "other":
            ok = same_surname(answer.answer.speaker if answer.answer else None, q.get("speaker"))
        out.verdict_ok = ok
    if kind == "none":
        out.none_ok = not answer.passages
    return out


def _records(data: Path) -> Iterator[str]:
    """The JSONL line of every article the set is asked over."""
    for name in COLLECTIONS:
        path = data / name / "articles.jsonl"
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield line


async def build_library(engine: Engine, data: Path) -> Gold:
    """Import the three collections and the seed; keep the gold articles' paragraphs."""
    gold = Gold()
    wanted = {q["article_id"] for q in read_jsonl(data / "asked" / "questions.jsonl")}
    lines: list[str] = []
    for line in _records(data):
        lines.append(line)
        record = json.loads(line)
        if record.get("id") in wanted:
            gold.paragraphs[record["id"]] = gold_paragraphs(record.get("text") or "")
    await engine.import_jsonl(lines, "asked library")
    for seed in sorted((data / "seed").glob("*.txt")):
        for draft in await engine.drafts_from(str(seed)):
            await engine.add_draft(draft)
    return gold


def summarise(judged: Sequence[Judged]) -> list[dict[str, Any]]:
    """One row per kind and the totals the issue quotes."""
    by_kind: dict[str, list[Judged]] = defaultdict(list)
    for j in judged:
        by_kind[j.kind].append(j)
    rows: list[dict[str, Any]] = []
    for kind in KINDS:
        items = by_kind.get(kind, [])
        if not items:
            continue
        row: dict[str, Any] = {"kind": kind, "n": len(items)}
        for name in ("speaker_ok", "passage_ok", "verdict_ok", "none_ok"):
            values = [getattr(j, name) for j in items if getattr(j, name) is not None]
            if values:
                row[name.removesuffix("_ok")] = sum(values) / len(values)
        row["all right"] = sum(j.right for j in items) / len(items)
        rows.append(row)
    speakers = [j.speaker_ok for j in judged if j.speaker_ok is not None]
    total: dict[str, Any] = {"kind": "total", "n": len(judged)}
    if speakers:
        total["speaker"] = sum(speakers) / len(speakers)
    total["all right"] = sum(j.right for j in judged) / max(len(judged), 1)
    rows.append(total)
    return rows


async def evaluate(
    data: Path, weights: Weights | None = None, failures: Path | None = None
) -> list[dict[str, Any]]:
    """Figures per kind, asked through `Engine.ask` as `newsbot ask` asks (k 5)."""
    questions_path = data / "asked" / "questions.jsonl"
    if not questions_path.is_file():
        return []
    settings = EngineSettings(weights=weights) if weights is not None else EngineSettings()
    judged: list[Judged] = []
    with tempfile.TemporaryDirectory(prefix="newsbot-eval-") as tmp:
        async with Store.open(Path(tmp) / "asked.db") as store:
            engine = Engine(store, settings)
            started = time.perf_counter()
            gold = await build_library(engine, data)
            built = time.perf_counter() - started
            lines: list[str] = []
            for q in read_jsonl(questions_path):
                answer = await engine.ask(q["question"])
                j = judge(q, answer, gold)
                judged.append(j)
                if not j.right:
                    lines.append(_failure(q, j, answer))
    if failures is not None:
        failures.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rows = summarise(judged)
    rows[-1]["library seconds"] = round(built, 1)
    return rows


def _failure(q: dict[str, Any], j: Judged, answer: Answer) -> str:
    first = answer.passages[0] if answer.passages else None
    return json.dumps(
        {
            "qid": q["qid"],
            "kind": q["kind"],
            "question": q["question"],
            "gold_speaker": q.get("speaker"),
            "gold_verdict": q.get("verdict"),
            "key_phrase": q.get("key_phrase"),
            "asked_kind": answer.kind,
            "shown_speaker": j.shown,
            "verdict": verdict_of(answer),
            "confidence": answer.confidence,
            "first": first.text[:300] if first else None,
            "first_ref": first.article_ref if first else None,
            "gold_ref": q.get("article_id"),
            "note": answer.note,
        },
        ensure_ascii=False,
    )
