"""An article's metadata as people type it (a title, a source, a URL, a day), checked in one
place for every front end: one-line errors, nothing stored half-checked."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from retrieval.dates import iso_day
from retrieval.errors import InputError

# The longest a title, a source name and a URL may be: what a citation can show.
TITLE_CHARS = 300
SOURCE_CHARS = 100
URL_CHARS = 2000
EDITABLE = ("title", "source", "url", "published")


def published_day(value: str | None) -> str | None:
    """A publication date as people and feeds write it, as an ISO day (None stays None)."""
    if value is None:
        return None
    try:
        return iso_day(value)
    except ValueError as exc:
        raise InputError(str(exc)) from None


def checked_edit(changes: Mapping[str, str | None]) -> dict[str, str | None]:
    """An edit's new values, cleaned: an empty source, URL or day clears it; a title cannot
    be cleared; a URL must be http(s); a day is read as `published_day` reads it."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InputError(f"cannot edit {unknown[0]} (only {', '.join(EDITABLE)})")
    if not changes:
        raise InputError("nothing to change: give a new title, source, URL or publication day")
    out: dict[str, str | None] = {}
    for name, value in changes.items():
        text = " ".join(value.split()) if value is not None else ""
        if name == "title":
            if not text:
                raise InputError("a title cannot be empty")
            if len(text) > TITLE_CHARS:
                raise InputError(f"a title is at most {TITLE_CHARS} characters")
            out[name] = text
        elif not text:
            out[name] = None
        elif name == "source":
            if len(text) > SOURCE_CHARS:
                raise InputError(f"a source is at most {SOURCE_CHARS} characters")
            out[name] = text
        elif name == "url":
            parts = urlsplit(text)
            if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
                raise InputError(f"not an http(s) URL: {text!r}")
            if len(text) > URL_CHARS:
                raise InputError(f"a URL is at most {URL_CHARS} characters")
            out[name] = text
        else:
            out[name] = published_day(text)
    return out
