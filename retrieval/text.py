"""Text normalisation, paragraph splitting, boilerplate removal and tokens.

Pure functions: no I/O. The tokenizer mirrors FTS5's `porter unicode61 remove_diacritics 2`
(case-folded, diacritics stripped, split on anything that is not a letter or digit, then the
original Porter stemmer) so that Python-side re-ranking sees the terms FTS5 indexed.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

_TAG = re.compile(r"<[^>]{0,500}>")
_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

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
        # Inside a blank-line paragraph, single newlines are hard wraps.
        pieces = [chunk.replace("\n", " ") for chunk in raw]
    else:
        pieces = text.split("\n")
    return [p for p in (clean_inline(piece) for piece in pieces) if p]


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


@lru_cache(maxsize=100_000)
def fold(text: str) -> str:
    """Case-fold and strip diacritics, as unicode61 with remove_diacritics 2 does."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Folded words, unstemmed."""
    return _WORD.findall(fold(text))


_STEMMER = snowballstemmer.stemmer("porter")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Porter stem of one folded word (FTS5's porter leaves short and non-ASCII words alone)."""
    if len(word) <= 2 or not word.isascii():
        return word
    result: str = _STEMMER.stemWord(word)
    return result


def tokens(text: str) -> list[str]:
    """Stemmed tokens in order: the terms FTS5 indexes for this text."""
    return [stem(w) for w in words(text)]
