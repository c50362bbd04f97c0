"""Where articles come from: a file, an http(s) URL, standard input, pasted text or an upload,
parsed into drafts off the event loop, within the configured limits."""

from __future__ import annotations

import asyncio
import re
import sys
from dataclasses import dataclass
from pathlib import Path, PurePath

from retrieval import fetch, ingest
from retrieval.errors import InputError
from retrieval.metadata import published_day
from retrieval.models import Draft

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


@dataclass(frozen=True)
class Limits:
    """How far newsbot goes for one source (the `[ingest]` settings)."""

    allow_private_urls: bool = False
    max_bytes: int = 10_000_000
    fetch_timeout: float = 15.0


async def drafts_from(
    source: str,
    limits: Limits,
    *,
    title: str | None = None,
    url: str | None = None,
    source_name: str | None = None,
    published: str | None = None,
) -> list[Draft]:
    """Parse a path, an http(s) URL, or `-` (standard input) into drafts; a publication
    date is read as people write one ("March 3, 2025") or refused."""
    meta: dict[str, str | None] = {
        "url": url,
        "source": source_name,
        "published": published_day(published),
    }
    limit = limits.max_bytes
    if _SCHEME.match(source):
        page = await fetch.fetch(
            source,
            allow_private=limits.allow_private_urls,
            max_bytes=limit,
            timeout=limits.fetch_timeout,
        )
        meta["url"] = url or page.url
        suffix = ".txt" if page.content_type == "text/plain" else ".html"
        return await asyncio.to_thread(
            ingest.parse_document, page.body, source, suffix, limit, title, **meta
        )
    if source == "-":
        data = sys.stdin.buffer.read(limit + 1)
        text = ingest.decode(data, "standard input", limit)
        suffix = ".html" if ingest.looks_like_html(text) else ".txt"
        return await asyncio.to_thread(
            ingest.parse_document, data, "standard input", suffix, limit, title, **meta
        )
    path = Path(source).expanduser()
    suffix = path.suffix.lower()
    if suffix and suffix not in ingest.SUFFIXES:
        raise InputError(f"{path.name}: unsupported file type {suffix} (use .txt .md .html .json)")
    data = ingest.read_limited(path, limit)
    return await asyncio.to_thread(
        ingest.parse_document, data, path.name, suffix, limit, title, **meta
    )


async def drafts_from_text(
    text: str, limits: Limits, title: str | None = None, **meta: str | None
) -> list[Draft]:
    """Pasted text (or HTML) as drafts."""
    suffix = ".html" if ingest.looks_like_html(text) else ".txt"
    return await asyncio.to_thread(
        ingest.parse_document, text.encode(), "the pasted text", suffix, limits.max_bytes,
        title, **meta,
    )  # fmt: skip


async def drafts_from_upload(data: bytes, filename: str, limits: Limits) -> list[Draft]:
    """An uploaded file (a Discord attachment) as drafts, by its suffix."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in ingest.SUFFIXES:
        raise InputError(f"{filename}: use a .txt, .md, .html, .json or .jsonl file")
    if len(data) > limits.max_bytes:
        raise InputError(
            f"{filename} is larger than the {ingest.human_size(limits.max_bytes)} limit"
        )
    return await asyncio.to_thread(ingest.parse_document, data, filename, suffix, limits.max_bytes)
