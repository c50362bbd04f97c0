"""What every front end says about an answer, in one place: verdicts, speakers, excerpts,
citations and the word-level difference of a quote check. The terminal (`terminal.py`) and
Discord (`discordbot/render.py`) only lay these out, in rich text or in embeds.

Pure: engine models in, plain text out; each front end escapes it for its own markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.models import Answer, DirectAnswer, Passage

# How many characters of a passage are shown around the words that matched.
EXCERPT_CHARS = 600
# How many closest misses are shown when nothing answers.
CLOSEST_SHOWN = 3


@dataclass(frozen=True)
class Verdict:
    """A quote check's verdict as people read it."""

    icon: str
    words: str
    # A colour name each front end maps to its own palette.
    tone: str


VERDICTS = {
    "exact": Verdict("✅", "Yes — those are the exact words.", "good"),
    "close": Verdict("🟡", "Nearly — the words differ slightly.", "warn"),
    "other": Verdict("↔️", "Someone else said those words.", "other"),
    "not_found": Verdict("❌", "No — no such quotation found.", "bad"),
}
# What each kind of difference means, for the legend under it.
DIFF_MEANING = {"added": "said, not in your words", "missing": "in your words, not said"}
NOTHING_FOUND = "Nothing found."


def verdict(direct: DirectAnswer) -> Verdict | None:
    """The verdict of a quote check (None for other answers)."""
    return VERDICTS[direct.verdict] if direct.verdict else None


def closest_label(number: int) -> str:
    """The heading of a closest miss, never to be read as an answer."""
    return f"Closest match {number} (not an answer)"


def confidence_label(answer: Answer) -> str:
    """How sure newsbot is, as shown under the passages."""
    return f"confidence {answer.confidence:.2f}"


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters at a word boundary, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip() + "…"


def excerpt(text: str, matched: Sequence[str], limit: int = EXCERPT_CHARS) -> str:
    """The part of a passage around the first matched word, trimmed with ellipses."""
    if len(text) <= limit:
        return text
    first = min(
        (m.start() for w in matched if (m := re.search(rf"(?i)\b{re.escape(w)}", text))),
        default=0,
    )
    start = max(0, first - limit // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    piece = text[start : start + limit]
    if start + limit < len(text):
        piece = clip(piece, limit - 1)
        piece = piece if piece.endswith("…") else piece + "…"
    return ("…" if start else "") + piece


def matched_pattern(word: str) -> str:
    """A regular expression for a matched word as the passage writes it (any ending)."""
    return rf"(?i)(?<![\w*])({re.escape(word)}\w*)"


@dataclass(frozen=True)
class Citation:
    """Where a passage comes from, in the order every front end shows it."""

    title: str
    url: str | None
    details: tuple[str, ...]
    paragraph: str
    link: str | None


def citation(p: Passage) -> Citation:
    """Title (linked to the article), source, day, and ¶n of N (linked to the passage)."""
    details = tuple(x for x in (p.source, p.published) if x)
    return Citation(p.title, p.url, details, f"¶{p.paragraph} of {p.paragraphs_total}", p.link)


def speaker(direct: DirectAnswer) -> tuple[str, str | None] | None:
    """(speaker, role) of a direct answer, if it names someone."""
    return (direct.speaker, direct.role) if direct.speaker else None


NO_QUOTATION = "No quotation in this message: what the library says about it."


def claimed_label(quote: str, speaker: str | None, limit: int = 200) -> str:
    """A quotation of a checked message, as the message gives it."""
    said = f"“{clip(quote, limit)}”"
    return f"{said} — {speaker}, says the message" if speaker else f"{said} — nobody named"


def unchecked_label(more: int) -> str:
    """The quotations of a message left unchecked."""
    return f"{more} more quotation{'' if more == 1 else 's'} in the message not checked."
