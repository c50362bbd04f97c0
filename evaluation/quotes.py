"""Quotation extraction and speaker attribution on PolNeAR (train and dev annotations).

- Extraction: the extractor's quotations (character spans in the article) against the primary
  annotators' direct-quote attributions, and those whose words open at two apostrophes
  (''…'', one paper's double mark, which the corpus records as indirect). A prediction
  matches a gold quotation when their character overlap, |pred ∩ gold| / |pred ∪ gold|, is at
  least 0.3 (one-to-one, best first); `exact` requires the same span once quotation marks,
  spaces and end punctuation are trimmed.
- Speaker accuracy: over matched quotations whose annotated source names someone (a capitalised
  word that is not a pronoun), the predicted speaker is right when its surname appears in the
  annotated source ("Clinton campaign manager Robby Mook" accepts "Robby Mook").
- End to end: all 1,012 articles are indexed through the engine; for each derived who-said
  record, "Who said “<10 words of the quote>”?" is asked and `answer.speaker` judged the same way.
"""

from __future__ import annotations

import re
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaluation.retrieval import read_jsonl
from retrieval.engine import Engine
from retrieval.index.tokens import fold, words
from retrieval.models import Draft
from retrieval.quotes import extract
from retrieval.store import Store

PRONOUNS = {"he", "she", "they", "i", "we", "it", "you", "his", "her", "their", "him", "them"}
_TRIM = " \t\n\"'“”‘’.,;:!?…"


@dataclass
class Counts:
    """Counts for one split."""

    predicted: int = 0
    gold: int = 0
    matched: int = 0
    exact: int = 0
    speaker_judged: int = 0
    speaker_right: int = 0
    asked: int = 0
    answered_right: int = 0

    def row(self, split: str) -> dict[str, Any]:
        """Precision, recall, F1 and accuracies."""
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        pe = self.exact / self.predicted if self.predicted else 0.0
        re_ = self.exact / self.gold if self.gold else 0.0
        row: dict[str, Any] = {
            "split": split,
            "gold": self.gold,
            "extracted": self.predicted,
            "P@0.3": p,
            "R@0.3": r,
            "F1@0.3": 2 * p * r / (p + r) if p + r else 0.0,
            "F1 exact": 2 * pe * re_ / (pe + re_) if pe + re_ else 0.0,
            "speaker acc": self.speaker_right / self.speaker_judged if self.speaker_judged else 0.0,
        }
        if self.asked:
            row["who-said acc"] = self.answered_right / self.asked
            row["who-said n"] = self.asked
        return row


def names_someone(source: str) -> bool:
    """An annotated source with a capitalised word that is not a pronoun."""
    return any(w[:1].isupper() and fold(w) not in PRONOUNS for w in re.findall(r"[\w'’-]+", source))


def speaker_right(predicted: str | None, gold_source: str) -> bool:
    """The predicted speaker's surname appears among the words of the annotated source."""
    if not predicted or not words(predicted):
        return False
    # Word lists on both sides, so "O’Neill" and "O'Neill" compare equal.
    return words(predicted)[-1] in set(words(gold_source))


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def _chars(spans: Iterable[Sequence[int]]) -> set[int]:
    return {i for start, end in spans for i in range(start, end)}


def evaluate_article(article: dict[str, Any], gold: list[dict[str, Any]], counts: Counts) -> None:
    """Extract from one article's paragraphs and score against its gold quotations."""
    text: str = article["text"]
    offsets: list[list[int]] = article["paragraph_offsets"]
    paragraphs = [text[s:e] for s, e in offsets]
    predictions = []
    for quotation in extract(paragraphs):
        parts = [quotation.clause] if quotation.clause else quotation.segments
        spans = [(offsets[i][0] + s, offsets[i][0] + e) for i, s, e in parts]
        predictions.append((spans, quotation.speaker))
    counts.predicted += len(predictions)
    counts.gold += len(gold)
    pairs = []
    for gi, g in enumerate(gold):
        g_chars = _chars(g["content"]["spans"])
        for pi, (spans, _) in enumerate(predictions):
            p_chars = _chars(spans)
            union = len(g_chars | p_chars)
            overlap = len(g_chars & p_chars) / union if union else 0.0
            if overlap >= 0.3:
                pairs.append((overlap, gi, pi))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for _overlap, gi, pi in sorted(pairs, reverse=True):
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        counts.matched += 1
        g = gold[gi]
        spans, speaker = predictions[pi]
        g_spans = g["content"]["spans"]
        g_range = _trimmed(text, min(s for s, _ in g_spans), max(e for _, e in g_spans))
        p_range = _trimmed(text, min(s for s, _ in spans), max(e for _, e in spans))
        counts.exact += g_range == p_range
        source = (g.get("source") or {}).get("text") or ""
        if names_someone(source):
            counts.speaker_judged += 1
            counts.speaker_right += speaker_right(speaker, source)


def quoted_words(quote: str, n: int = 10) -> list[str] | None:
    """Up to `n` words from inside the quotation marks (None when fewer than 8)."""
    inside = re.findall(r"[“\"]([^”\"]+)[”\"]?", quote)
    body = max(inside, key=len) if inside else quote
    tokens = body.split()
    if len(tokens) < 8:
        return None
    return tokens[:n]


async def end_to_end(data: Path, splits: Sequence[str], counts: dict[str, Counts]) -> None:
    """Index every PolNeAR article through the engine, then ask who said each quote."""
    with tempfile.TemporaryDirectory(prefix="newsbot-eval-") as tmp:
        async with Store.open(Path(tmp) / "polnear.db") as store:
            engine = Engine(store)
            for rec in read_jsonl(data / "polnear" / "articles.jsonl"):
                paragraphs = tuple(rec["text"][s:e] for s, e in rec["paragraph_offsets"])
                paragraphs = tuple(p.strip() for p in paragraphs if p.strip())
                if paragraphs:
                    await engine.add_draft(
                        Draft(
                            title=rec.get("title") or rec["id"],
                            paragraphs=paragraphs,
                            ref=rec["id"],
                        )
                    )
            for rec in read_jsonl(data / "polnear" / "who_said_what.jsonl"):
                if rec["split"] not in splits:
                    continue
                fragment = quoted_words(rec["quote"])
                if fragment is None:
                    continue
                answer = await engine.ask(f"Who said “{' '.join(fragment)}”?")
                speaker = answer.answer.speaker if answer.answer else None
                counts[rec["split"]].asked += 1
                counts[rec["split"]].answered_right += speaker_right(speaker, rec["speaker"])


def in_doubled_marks(text: str, rec: dict[str, Any]) -> bool:
    """An attribution whose content opens at two apostrophes (''…'', one paper's double
    mark), which the corpus records as indirect although the words stand in quotation marks."""
    spans = (rec.get("content") or {}).get("spans") or []
    if not spans:
        return False
    start = min(s for s, _ in spans)
    return text[max(0, start - 2) : start + 2].find("''") != -1


async def evaluate(
    data: Path, splits: Sequence[str], end_to_end_too: bool = True
) -> list[dict[str, Any]]:
    """Figures per split."""
    folder = data / "polnear"
    if not folder.is_dir():
        return []
    articles = [a for a in read_jsonl(folder / "articles.jsonl") if a["split"] in splits]
    texts = {a["id"]: a["text"] for a in articles}
    gold: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in read_jsonl(folder / "attributions.jsonl"):
        quoted = rec["direct_quote"] or in_doubled_marks(texts.get(rec["article_id"], ""), rec)
        if rec["primary_annotation"] and rec["split"] in splits and quoted:
            gold[rec["article_id"]].append(rec)
    counts = {split: Counts() for split in splits}
    for article in articles:
        evaluate_article(article, gold.get(article["id"], []), counts[article["split"]])
    if end_to_end_too:
        await end_to_end(data, splits, counts)
    return [counts[split].row(split) for split in splits]
