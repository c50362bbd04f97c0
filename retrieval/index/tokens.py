"""FTS5's tokenizer in Python: the terms `porter unicode61 remove_diacritics 2` indexes.

Case-folded, diacritics stripped, split on anything that is not a letter or digit, then the
original Porter stemmer, as FTS5 runs it: Python-side scoring and re-ranking see the very terms
FTS5 indexed, and `tests/test_topk.py` checks every proven ranking against FTS5's own.
Pure functions: no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

# The tokenizer every FTS5 index of newsbot is created with (retrieval/schema.py).
TOKENIZER = "porter unicode61 remove_diacritics 2"
_WORD = re.compile(r"[^\W_]+", re.UNICODE)

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


def paragraph_tokens(paragraphs: Iterable[str]) -> list[str]:
    """Each paragraph's stemmed tokens, space-separated, as `paragraph_tokens` keeps them."""
    return [" ".join(tokens(p)) for p in paragraphs]
