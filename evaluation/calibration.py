"""What `newsbot ask`'s confidence means, measured on questions with and without an answer.

XQuAD's 1,190 questions are asked twice over its 240 paragraphs: once with the paragraph that
answers each question in the library (answerable), once with that paragraph alone taken out
(unanswerable: the other paragraphs of the same Wikipedia article stay, so the library still
holds the topic, the names and most of the words). An answer is right when its first passage
is the answering paragraph; an unanswerable question is handled right when no passage is
shown. Per confidence band: how many answers, and the share that are right.
"""

from __future__ import annotations

import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evaluation.retrieval import read_jsonl
from retrieval.engine import Engine, EngineSettings
from retrieval.models import Draft
from retrieval.rank import Weights
from retrieval.store import Store

BANDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


@dataclass
class Calibration:
    """Each asked question's (confidence, answered, right) with or without its answer."""

    answerable: list[tuple[float, bool, bool]] = field(default_factory=list)
    unanswerable: list[tuple[float, bool]] = field(default_factory=list)

    def rows(self) -> list[dict[str, Any]]:
        """One row per confidence band, then the two error rates."""
        bands: dict[int, list[bool]] = defaultdict(list)
        wrong_answers: dict[int, int] = defaultdict(int)
        for conf, answered, right in self.answerable:
            if answered:
                bands[_band(conf)].append(right)
        for conf, answered in self.unanswerable:
            if answered:
                bands[_band(conf)].append(False)
                wrong_answers[_band(conf)] += 1
        rows: list[dict[str, Any]] = []
        for i in range(len(BANDS) - 1):
            shown = bands.get(i, [])
            rows.append(
                {
                    "confidence": f"{BANDS[i]:.1f}-{min(BANDS[i + 1], 1.0):.1f}",
                    "answers": len(shown),
                    "right": sum(shown) / len(shown) if shown else 0.0,
                    "of which unanswerable": wrong_answers.get(i, 0),
                }
            )
        false_nothing = sum(not a for _, a, _ in self.answerable) / max(len(self.answerable), 1)
        false_answer = sum(a for _, a in self.unanswerable) / max(len(self.unanswerable), 1)
        rows.append(
            {
                "confidence": "all",
                "answers": sum(a for _, a, _ in self.answerable)
                + sum(a for _, a in self.unanswerable),
                "right": sum(r for _, a, r in self.answerable if a)
                / max(sum(a for _, a, _ in self.answerable), 1),
                "false nothing": false_nothing,
                "false answer": false_answer,
            }
        )
        return rows


def _band(conf: float) -> int:
    return next(i for i in range(len(BANDS) - 1) if conf < BANDS[i + 1])


async def evaluate(data: Path, weights: Weights | None = None) -> Calibration:
    """Ask every XQuAD question with and without its paragraph in the library."""
    folder = data / "xquad_en"
    result = Calibration()
    if not folder.is_dir():
        return result
    settings = EngineSettings(extract_quotes=False, weights=weights or Weights())
    paragraphs = {rec["id"]: rec for rec in read_jsonl(folder / "paragraphs.jsonl")}
    by_paragraph: dict[str, list[str]] = defaultdict(list)
    for q in read_jsonl(folder / "questions.jsonl"):
        by_paragraph[q["paragraph_id"]].append(q["question"])
    with tempfile.TemporaryDirectory(prefix="newsbot-eval-") as tmp:
        async with Store.open(Path(tmp) / "calibration.db") as store:
            engine = Engine(store, settings)
            ids: dict[str, int] = {}

            async def add(pid: str) -> None:
                rec = paragraphs[pid]
                title = rec["title"].replace("_", " ")
                added = await engine.add_draft(Draft(title=title, paragraphs=(rec["text"],)))
                assert added.article is not None
                ids[pid] = added.article.id

            for pid in paragraphs:
                await add(pid)
            for pid, questions in by_paragraph.items():
                for question in questions:
                    answer = await engine.ask(question)
                    first = answer.passages[0].article_id if answer.passages else None
                    result.answerable.append(
                        (answer.confidence, bool(answer.passages), first == ids[pid])
                    )
            for pid, questions in by_paragraph.items():
                await engine.remove_article(ids[pid], None)
                for question in questions:
                    answer = await engine.ask(question)
                    result.unanswerable.append((answer.confidence, bool(answer.passages)))
                await add(pid)
    return result


def plot(calibration: Calibration, path: Path) -> None:
    """The share of right answers per confidence band, beside how many answers each holds."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = calibration.rows()[:-1]
    labels = [r["confidence"] for r in rows]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 6), sharex=True)
    top.bar(labels, [r["right"] for r in rows], color="#2b6cb0")
    top.set_ylabel("share right")
    top.set_ylim(0, 1)
    top.set_title("newsbot ask: XQuAD questions with and without their answer in the library")
    bottom.bar(labels, [r["answers"] for r in rows], color="#718096", label="answers shown")
    bottom.bar(
        labels,
        [r["of which unanswerable"] for r in rows],
        color="#c53030",
        label="of which had no answer in the library",
    )
    bottom.set_ylabel("answers")
    bottom.set_xlabel("confidence")
    bottom.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
