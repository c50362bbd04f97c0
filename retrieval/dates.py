"""Publication dates as people and feeds write them, read into ISO days (YYYY-MM-DD).

ISO ("2025-03-03", "2025-03-03T10:00:00Z"), RFC 2822 as RSS sends it ("Mon, 03 Mar 2025
10:00:00 GMT") and written dates ("March 3, 2025", "3 Mar 2025") are read with dateutil; a text
without a four-digit year, or that names no real day ("2025-13-45"), is not a date.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from dateutil import parser as dateutil_parser

from retrieval.when import YEAR_NUMBER

_YEAR = re.compile(rf"(?<!\d){YEAR_NUMBER}(?!\d)")


def parse_day(text: str) -> date | None:
    """The day a date names, or None when the text is not a date."""
    text = " ".join(str(text).split())
    if not text or len(text) > 80 or not _YEAR.search(text):
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return dateutil_parser.parse(text, fuzzy=False, dayfirst=False).date()
    except (ValueError, OverflowError):
        return None


def iso_day(text: str) -> str:
    """`text` as an ISO day; a one-line error names what could not be read."""
    day = parse_day(text)
    if day is None:
        raise ValueError(
            f"not a date: {text!r} (write it as 2025-03-03, March 3, 2025 or 3 Mar 2025)"
        )
    return day.isoformat()
