"""Where quotations and sentences start and end in news text. Pure: no I/O.

Quotations are found in curly and straight marks (copy-edited news mixes them), in two
apostrophes (one paper's double mark), and in single curly quotes where a text has no double
ones; a quotation left open continues into the next paragraph when it opens with a mark.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

OPENERS = "“«„"
CLOSERS = "”»"
STRAIGHT = '"'
MIN_QUOTE_WORDS = 3
# Two apostrophes stand for a double mark in some papers' copy (''Out, out, out'').
DOUBLED = "''"
_MARK = re.compile(f"{DOUBLED}|[{re.escape(OPENERS + CLOSERS + STRAIGHT)}]")
# Stands in for quoted words while looking at the words around a quotation.
MASK = "\u25a0"


@dataclass
class Quotation:
    """A quotation: its text segments (paragraph index, start, end) and its attribution."""

    segments: list[tuple[int, int, int]]
    speaker: str | None = None
    role: str | None = None
    cue: str | None = None
    confidence: float = 0.0
    mention: str | None = field(default=None, repr=False)
    # For a partial quotation inside reported speech ("said the US was “on pace …”"), the whole
    # reported clause (paragraph index, start, end): what was said, of which the marks hold part.
    clause: tuple[int, int, int] | None = None


def _spans(paragraph: str) -> list[tuple[int, int, bool]]:
    """(start, end, closed) of quotations in one paragraph; end includes the closing mark.

    Marks are often mixed in copy-edited news (“…" or "…”), so any closing or straight mark closes
    an open quotation, and any opening or straight mark opens one.
    """
    spans: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    for mark in _MARK.finditer(paragraph):
        i, ch = mark.start(), mark.group()
        straight = ch in (STRAIGHT, DOUBLED)
        if open_at is None and (ch in OPENERS or straight):
            open_at = i
        elif open_at is not None and _reopens(paragraph, i, mark.end(), ch):
            # `"A sentence. "Another."`: paragraphs of one quotation run together, the first
            # left open as news style leaves it; a new quotation starts here.
            spans.append((open_at, i, True))
            open_at = i
        elif open_at is not None and (ch in CLOSERS or straight):
            spans.append((open_at, mark.end(), True))
            open_at = None
    if open_at is not None:
        spans.append((open_at, len(paragraph), False))
    if not spans:
        spans = _single_quote_spans(paragraph)
    return spans


def _reopens(paragraph: str, start: int, end: int, mark: str) -> bool:
    """Whether a mark inside an open quotation opens another: it follows a sentence's end and
    a space, and a word follows it."""
    if mark in CLOSERS or start < 2 or end >= len(paragraph):
        return False
    return (
        paragraph[start - 1].isspace()
        and paragraph[start - 2] in ".!?"
        and not paragraph[end].isspace()
    )


_SINGLE = re.compile(
    r"(?:(?<=^)|(?<=[\s(\[—–-]))‘(?P<body>[^‘’]*?(?:\w’\w[^‘’]*?)*)’(?=$|[\s,.;:!?)\]—–-])"
)


def _single_quote_spans(paragraph: str) -> list[tuple[int, int, bool]]:
    """Quotations in single curly quotes, used where a text has no double ones (British style)."""
    return [
        (m.start(), m.end(), True)
        for m in _SINGLE.finditer(paragraph)
        if len(m.group("body").split()) >= MIN_QUOTE_WORDS
    ]


def find_quotations(paragraphs: Sequence[str]) -> list[Quotation]:
    """Quotations of at least three words; a quote left open continues into the next paragraph
    when that paragraph opens with a quotation mark."""
    found: list[Quotation] = []
    carrying: Quotation | None = None
    for index, paragraph in enumerate(paragraphs):
        spans = _spans(paragraph)
        if carrying is not None:
            starts_quoted = paragraph.lstrip()[:1] in OPENERS + STRAIGHT
            if starts_quoted and spans:
                start, end, closed = spans[0]
                carrying.segments.append((index, start, end))
                spans = spans[1:]
                if closed:
                    carrying = None
            else:
                carrying = None
        for start, end, closed in spans:
            quotation = Quotation([(index, start, end)])
            found.append(quotation)
            carrying = None if closed else quotation
    return [q for q in found if quote_text(q, paragraphs)]


def quote_text(quotation: Quotation, paragraphs: Sequence[str]) -> str:
    """The quoted words, marks removed, segments joined."""
    parts = [bare(paragraphs[i][s:e]) for i, s, e in quotation.segments]
    return " ".join(p for p in parts if p)


def bare(span: str) -> str:
    """A quoted span without its marks and the comma that hands over to the cue."""
    span = span.strip().removeprefix(DOUBLED).removesuffix(DOUBLED)
    return span.strip().strip('“”«»„"‘’').strip().rstrip(",").strip()


# A full stop after an initial or an abbreviated title ("Minnesota Sen. Al Franken") does not
# end a sentence.
SENTENCE_END = re.compile(
    # The checks follow the mark, so that they run only where a mark is.
    r"[.!?](?<!\b[A-Z]\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bJr\.)"
    r"(?<!\bSr\.)(?<!\bLt\.)(?<!\bSen\.)(?<!\bRep\.)(?<!\bGov\.)(?<!\bGen\.)(?<!\bCol\.)"
    r"(?<!\bRev\.)(?<!\bProf\.)[\s\xa0]+(?=\S)"
)
# No sentence before a quotation is longer: reading further back would only cost time in a
# paragraph of thousands of quotations.
LONGEST_SENTENCE = 2000


def sentence_before(text: str) -> str:
    """The part of the current sentence before a position (text ends at the quote); a
    sentence also ends at a line break or a no-break space after its full stop."""
    window = text[-LONGEST_SENTENCE:]
    cut = -1
    for end in SENTENCE_END.finditer(window):
        cut = end.end()
    return window[cut:] if cut >= 0 else window


def mask(paragraph: str, spans: Sequence[tuple[int, int]]) -> str:
    """The paragraph with quoted text replaced by placeholders of the same length."""
    chars = list(paragraph)
    for start, end in spans:
        for i in range(start, end):
            chars[i] = MASK if chars[i] != " " else " "
    return "".join(chars)
