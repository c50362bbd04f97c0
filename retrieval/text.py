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


# The combining diacritics that unicode61's remove_diacritics strips: those on Latin letters.
# The marks of other scripts (Cyrillic й, Arabic آ, Hangul) stay in their letters.
_COMBINING = re.compile("(?<=[a-z])[\u0300-\u036f]+")


def fold(text: str) -> str:
    """Lower-case and strip diacritics, as unicode61 with remove_diacritics 2 does (it folds
    case letter by letter and keeps compatibility characters such as "½" and "ß")."""
    # Words and names repeat, whole paragraphs rarely do: only short strings are cached.
    return _fold_short(text) if len(text) <= 64 else _fold(text)


@lru_cache(maxsize=100_000)
def _fold_short(text: str) -> str:
    return _fold(text)


def _fold(text: str) -> str:
    lowered = text.lower()
    if text.isascii():
        return lowered
    stripped = _COMBINING.sub("", unicodedata.normalize("NFD", lowered))
    return unicodedata.normalize("NFC", stripped)


def words(text: str) -> list[str]:
    """Folded words, unstemmed."""
    return _WORD.findall(fold(text))


# snowballstemmer runs on PyStemmer's C code when it is installed (a dependency), a hundred
# times faster than its pure-Python fallback.
_STEMMER = snowballstemmer.stemmer("porter")
# FTS5's porter follows Martin Porter's C implementation, which departs from the published
# algorithm (and from Snowball's "porter") in a few places; the stems must be FTS5's own.
_STEP2_DEPARTURES = (("bli", "ble"), ("logi", "log"))
_REACHES_STEP2 = re.compile(r"(bl|log)(y|ies|i)$")
# Snowball undoubles only b d f g m n p r t; the C version every consonant but l s z.
_OTHER_DOUBLE = re.compile(r"([chjkqvwx])\1$")


def _measure(stem_: str) -> int:
    """Porter's m: the number of vowel-consonant sequences in `stem_`."""
    shape = ""
    for i, ch in enumerate(stem_):
        vowel = ch in "aeiou" or (ch == "y" and i > 0 and shape[-1] == "c")
        kind = "v" if vowel else "c"
        if not shape or shape[-1] != kind:
            shape += kind
    return shape.count("vc")


_STEMS: dict[str, str] = {}
"""Stems of words seen, read without a function call: tokenising candidates is a hot loop."""


def stem(word: str) -> str:
    """Porter stem of one folded word, exactly as FTS5's porter tokenizer stems it."""
    found = _STEMS.get(word)
    if found is None:
        if len(_STEMS) > 500_000:
            _STEMS.clear()
        found = _STEMS[word] = _porter(word)
    return found


def _porter(word: str) -> str:
    # FTS5 measures tokens in UTF-8 bytes and stems any of 3 to 64 bytes, whatever the script.
    size = len(word.encode())
    if size < 3 or size > 64:
        return word
    if word == "ies":
        return "ie"
    result: str = _STEMMER.stemWord(word)
    if _REACHES_STEP2.search(word):
        # Step 2 turns "-bli" into "-ble" and "-logi" into "-log" in the C version.
        for ending, replacement in _STEP2_DEPARTURES:
            if result.endswith(ending) and _measure(result[: -len(ending)]) > 0:
                result = _STEMMER.stemWord(result[: -len(ending)] + replacement)
                break
    elif word.endswith(("ed", "ing")) and _OTHER_DOUBLE.search(result):
        # Step 1b: "trekked" → "trek".
        result = result[:-1]
    return result


def tokens(text: str) -> list[str]:
    """Stemmed tokens in order: the terms FTS5 indexes for this text."""
    known = _STEMS
    return [known[w] if w in known else stem(w) for w in words(text)]


@lru_cache(maxsize=20_000)
def title_tokens(title: str) -> tuple[str, ...]:
    """`tokens` of an article title, kept: every question reads the titles of its candidates
    again, and the same stories come back question after question."""
    return tuple(tokens(title))
