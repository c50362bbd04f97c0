"""A feed document read into its entries: RSS 0.9x, 1.0 and 2.0 and Atom, by feedparser.
Pure: no I/O."""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass
from typing import Any

import feedparser

from retrieval.dates import parse_day
from retrieval.errors import InputError
from retrieval.text import article_paragraphs, clean_inline

# Block-level tags end a paragraph in a feed's HTML content.
_BLOCK_END = re.compile(r"(?i)</(?:p|div|li|h[1-6]|blockquote|section|article)\s*>|<br\s*/?>")


@dataclass(frozen=True)
class Entry:
    """One item of a feed: what identifies it, where its page is, and what the feed says."""

    key: str
    link: str | None
    title: str | None
    published: str | None
    author: str | None
    # The whole text, when the feed carries it (Atom `content`, RSS `content:encoded`), as HTML.
    content: str | None


@dataclass(frozen=True)
class Parsed:
    """A feed's title and its entries, in the feed's order (usually newest first)."""

    title: str | None
    entries: tuple[Entry, ...]


def _day(item: Any) -> str | None:
    """An entry's publication (or update) day, read as `dates.parse_day` reads dates."""
    for name in ("published", "updated", "created"):
        text = item.get(name)
        if text and (day := parse_day(str(text))):
            return day.isoformat()
        parsed = item.get(f"{name}_parsed")
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    return None


def _content(item: Any) -> str | None:
    """The longest full text the entry carries."""
    texts = [str(c.get("value") or "") for c in item.get("content") or []]
    longest = max(texts, key=len, default="")
    return longest if longest.strip() else None


def _key(item: Any) -> str:
    """What identifies an entry across polls: its id or GUID, else its link, else a hash of
    its title and summary."""
    for name in ("id", "link"):
        value = item.get(name)
        if value and str(value).strip():
            return str(value).strip()[:2000]
    seed = f"{item.get('title', '')}\n{item.get('summary', '')}"
    return "sha256:" + hashlib.sha256(seed.encode()).hexdigest()


def parse_feed(data: bytes, name: str) -> Parsed:
    """The entries of a feed document; InputError when it is not an RSS or Atom feed."""
    parsed: Any = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        why = f" ({str(problem).splitlines()[0][:120]})" if problem else ""
        raise InputError(f"{name} is not an RSS or Atom feed{why}")
    entries = tuple(
        Entry(
            key=_key(item),
            link=str(item["link"]).strip() if item.get("link") else None,
            title=clean_inline(str(item.get("title") or "")) or None,
            published=_day(item),
            author=clean_inline(str(item.get("author") or "")) or None,
            content=_content(item),
        )
        for item in parsed.entries
    )
    title = clean_inline(str(parsed.feed.get("title") or "")) or None
    return Parsed(title, entries)


def content_paragraphs(html: str) -> list[str]:
    """A feed's HTML content as the paragraphs an article stores."""
    return article_paragraphs(_BLOCK_END.sub("\n\n", html))
