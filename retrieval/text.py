"""Text normalisation, paragraph splitting and boilerplate removal.

Pure functions: no I/O. The terms the index holds are `retrieval/index/tokens.py`'s.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

_TAG = re.compile(r"<[^>]{0,500}>")
_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")

# A paragraph that is one of these ends the article: what follows is a list of other stories.
_TAIL_MARKERS = re.compile(
    r"^(read more|read next|related( stories| articles| coverage)?|more from [\w .]+|"
    r"more stories|you may also like|recommended( for you)?|most read|most popular|"
    r"trending( now)?|top stories|also read|see also|more on this story)\s*:?$",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"(^\(?\s*(copyright|©|\(c\))\b)|all rights reserved|may not be (published|reproduced)",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^by\s+[A-Z][\w.'-]+(\s+[A-Z][\w.'-]+){0,3}(\s*[,|/]\s*[\w .]+)?$")
_DEBRIS = re.compile(
    r"^(advertisement|share( this)?( article| story)?|click here.*|sign up.*newsletter.*|"
    r"image( copyright| source| caption)?:?.*|photo:.*|getty images|ap photo.*|"
    r"follow us on .*|subscribe.*|skip to content)$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…:;\"'”’)\]]\s*$")


def clean_inline(text: str) -> str:
    """Normalise one paragraph: unicode NFC, no tags or control characters, single spaces."""
    text = unicodedata.normalize("NFC", text)
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    text = _CONTROL.sub("", text)
    return _SPACE.sub(" ", text).strip()


def split_paragraphs(text: str) -> list[str]:
    """Split on blank lines, or on single newlines where the text has no blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if re.search(r"\n[ \t]*\n", text):
        raw = re.split(r"\n[ \t]*\n+", text)
        # Inside a blank-line paragraph, single newlines are hard wraps, except where a
        # "Read More" line starts a list of other stories: that line ends the article.
        pieces = [piece for chunk in raw for piece in _unwrap(chunk)]
    else:
        pieces = text.split("\n")
    return [p for p in (clean_inline(piece) for piece in pieces) if p]


def _unwrap(chunk: str) -> list[str]:
    """A blank-line paragraph as one line, or, where one of its lines is a related-stories
    marker, as the text before it, the marker, and each line after it."""
    lines = chunk.split("\n")
    if len(lines) == 1:
        return lines
    for n, line in enumerate(lines):
        if _TAIL_MARKERS.match(line.strip(" .…-—|>")):
            head = " ".join(lines[:n])
            return [*([head] if head.strip() else []), line, *lines[n + 1 :]]
    return [chunk.replace("\n", " ")]


def _is_boilerplate(paragraph: str) -> bool:
    if _COPYRIGHT.search(paragraph) and len(paragraph) < 300:
        return True
    if _DEBRIS.match(paragraph) or _BYLINE.match(paragraph):
        return True
    words = paragraph.split()
    # Captions, credits and stray headings: a few words with no sentence punctuation.
    return len(words) <= 6 and not _SENTENCE_END.search(paragraph)


def remove_boilerplate(paragraphs: Iterable[str]) -> list[str]:
    """Drop captions, copyright lines, debris, and the related-stories tail."""
    kept: list[str] = []
    for paragraph in paragraphs:
        if _TAIL_MARKERS.match(paragraph.strip(" .…-—|>")) and kept:
            break
        if not _is_boilerplate(paragraph):
            kept.append(paragraph)
    return kept


def article_paragraphs(text: str) -> list[str]:
    """The clean, stored paragraphs of an article body."""
    return remove_boilerplate(split_paragraphs(text))
