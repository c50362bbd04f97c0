"""When a question is about: "this week", "yesterday", "last year", "in 2016", "latest".

News questions are asked at a time and about a time. What they say of it becomes a preference
for articles published in that span, counted from the day the question is asked. The words
themselves stay search terms: articles about this week's events often say "this week" too.
Pure functions: the engine supplies the day.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from retrieval.index.tokens import fold
from retrieval.models import Quote


@dataclass(frozen=True)
class When:
    """A span a question asks about, relative to the asking day, or plain recency.

    `days` is (first, last) days back from the asking day; `years_back` a whole calendar
    year (0 this year, up to the asking day); `year` a calendar year named in the question.
    A `When` with none of them asks for recent news without saying how recent. `words` are
    the words that said it ("this", "week"), which no quotation is about.
    """

    words: frozenset[str] = frozenset()
    days: tuple[int, int] | None = None
    years_back: int | None = None
    year: int | None = None

    def span(self, today: date) -> tuple[date, date] | None:
        """The first and last publication day that match, or None for plain recency."""
        if self.days is not None:
            first, last = self.days
            return today - timedelta(days=first), today - timedelta(days=last)
        if self.years_back is not None:
            y = today.year - self.years_back
            return date(y, 1, 1), min(date(y, 12, 31), today)
        if self.year is not None:
            return date(self.year, 1, 1), date(self.year, 12, 31)
        return None


# Days back, first and last. Publication can trail an event by a day, so "today" takes in
# yesterday's dated pieces, and "last week" reaches into this one.
_RELATIVE: tuple[tuple[str, tuple[int, int]], ...] = (
    (r"(?:earlier\s+)?today|tonight|this\s+(?:morning|afternoon|evening)", (1, 0)),
    (r"yesterday|last\s+night", (2, 0)),
    (
        r"this\s+(?:past\s+)?week(?:end)?|(?:the\s+)?past\s+week|over\s+the\s+weekend|"
        r"(?:in\s+)?(?:the\s+)?(?:past|last)\s+(?:few|several|seven|7)\s+days|in\s+recent\s+days",
        (7, 0),
    ),
    (r"last\s+week(?:end)?|(?:the\s+)?(?:past|last)\s+(?:two|2)\s+weeks", (14, 0)),
    (
        r"this\s+month|(?:the\s+)?past\s+month|(?:the\s+)?(?:past|last)\s+(?:30|thirty)\s+days",
        (31, 0),
    ),
    (r"last\s+month", (62, 25)),
)
_YEARS: tuple[tuple[str, int], ...] = (
    (r"this\s+year|so\s+far\s+this\s+year", 0),
    (r"last\s+year", 1),
)
_RECENT = r"latest|most\s+recent(?:ly)?|recently|newest|currently|right\s+now|so\s+far|to\s+date"
# The digits of a year an article may name (1800 to 2099).
YEAR_NUMBER = r"(?:1[89]|20)\d\d"
# A year on its own: not part of a larger number ("2,016", "2016.5", "2016%") or of a name
# such as "COVID-19"; a comma or full stop after it may end the clause.
_YEAR = re.compile(r"(?<![\w.,-])(19[5-9]\d|20\d\d)(?![\w%-]|[.,]\d)")


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)")


_RELATIVE_RE = tuple((_compile(p), days) for p, days in _RELATIVE)
_YEARS_RE = tuple((_compile(p), back) for p, back in _YEARS)
_RECENT_RE = _compile(_RECENT)


@lru_cache(maxsize=4096)
def when(question: str) -> When | None:
    """What the question says about when, if anything. The first span found wins; a named
    year is the weakest (it is often part of a name, as in "the 2022 Emmy Awards")."""
    text = fold(question)
    for pattern, days in _RELATIVE_RE:
        if found := pattern.search(text):
            return When(_words(found.group()), days=days)
    for pattern, back in _YEARS_RE:
        if found := pattern.search(text):
            return When(_words(found.group()), years_back=back)
    if found := _YEAR.search(text):
        return When(year=int(found.group()))
    if found := _RECENT_RE.search(text):
        return When(_words(found.group()))
    return None


def _words(expression: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", expression))


def asked_on(today: date | None) -> date:
    """The day a question counts as asked on: the one given, or today (UTC)."""
    return today or datetime.now(UTC).date()


def published_day(value: str | None) -> date | None:
    """An article's publication day from its stored `published` (ISO when it was parsed)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def timeliness(asked: When | None, published: date | None, today: date) -> float:
    """0 to 1: how well an article's publication day fits when the question asks about.

    In the span asked for: 1, fading over as many days again outside it. Plain recency (or
    no time said): newer is better, halving over a month. Articles dated after the asking day
    (an archive asked "as of" a past day) and undated ones get 0.
    """
    if published is None or published > today:
        return 0.0
    span = asked.span(today) if asked is not None else None
    if span is None:
        return 1.0 / (1.0 + (today - published).days / 30.0)
    first, last = span
    if first <= published <= last:
        return 1.0
    width = (last - first).days + 1
    distance = (first - published).days if published < first else (published - last).days
    return max(0.0, 1.0 - distance / width)


def published_after(published: str | None, day: date) -> bool:
    """Whether a publication date (ISO, as stored) falls after `day`; undated: no."""
    when = published_day(published)
    return when is not None and when > day


def quotes_as_of(quotes: Sequence[Quote], day: date | None) -> list[Quote]:
    """Quotations published by `day` (all of them when no day is given)."""
    if day is None:
        return list(quotes)
    return [q for q in quotes if not published_after(q.published, day)]
