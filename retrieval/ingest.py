"""Turning files, HTML, JSON records and pasted text into drafts of articles.

Pure parsing: bytes or strings in, `Draft` out, or an `InputError` with a one-line reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from retrieval.dates import parse_day
from retrieval.errors import InputError
from retrieval.models import Draft
from retrieval.text import article_paragraphs, clean_inline

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MD_PREFIX = re.compile(r"^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+(?=\S))", re.MULTILINE)
_MD_RULE = re.compile(r"^\s{0,3}([-*_]\s*){3,}$", re.MULTILINE)


def human_size(n: int) -> str:
    """`10 MB`-style size for messages."""
    for unit in ("bytes", "KB", "MB"):
        if n < 1000:
            return f"{n} {unit}"
        n = round(n / 1000)
    return f"{n} GB"


def decode(data: bytes, name: str, max_bytes: int) -> str:
    """UTF-8 text from bytes, refusing empty, oversized and binary content."""
    if len(data) > max_bytes:
        raise InputError(f"{name} is larger than the {human_size(max_bytes)} limit")
    if not data.strip():
        raise InputError(f"{name} is empty")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name} is a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{name} is not UTF-8 text") from None


def read_limited(path: Path, max_bytes: int) -> bytes:
    """A file's bytes, refusing files over the limit before reading them."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path.name} is larger than the {human_size(max_bytes)} limit")
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory") from None
    except PermissionError:
        raise InputError(f"cannot read {path}: permission denied") from None


def normalise_date(value: Any) -> str | None:
    """An ISO date (YYYY-MM-DD) where the value is a date in any common form ("March 3,
    2025", RFC 2822), else the value as given (a bulk import keeps what it cannot read)."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    day = parse_day(text)
    if day is None:
        try:
            day = date.fromisoformat(text[:10])
        except ValueError:
            return text[:40]
    return day.isoformat()


def _finish(
    title: str | None,
    paragraphs: list[str],
    name: str,
    **meta: str | None,
) -> Draft:
    title = clean_inline(title or "")
    if paragraphs and title and clean_inline(paragraphs[0]).casefold() == title.casefold():
        paragraphs = paragraphs[1:]
    paragraphs = [p for p in paragraphs if re.search(r"\w", p)]
    if not paragraphs:
        raise InputError(f"no article text found in {name}")
    if not title:
        first = paragraphs[0]
        title = first if len(first) <= 90 else first[:87].rsplit(" ", 1)[0] + "…"
    url = meta.get("url")
    if url and urlsplit(url).scheme not in ("http", "https"):
        url = None
    return Draft(
        title=title[:300],
        paragraphs=tuple(paragraphs),
        url=url,
        source=meta.get("source") or (urlsplit(url).hostname if url else None),
        author=meta.get("author"),
        published=normalise_date(meta.get("published")),
        ref=meta.get("ref"),
    )


def draft_of(title: str | None, paragraphs: list[str], name: str, **meta: str | None) -> Draft:
    """A draft from paragraphs already split (a feed's own full text), as every parser ends."""
    return _finish(title, paragraphs, name, **meta)


def strip_markdown(text: str) -> str:
    """Markdown to plain text: links keep their words, marks and prefixes go."""
    text = _MD_RULE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_PREFIX.sub("", text)
    return _MD_EMPHASIS.sub(r"\2", text)


def parse_text(text: str, name: str, title: str | None = None, **meta: str | None) -> Draft:
    """Plain text or Markdown: the first line is the title unless one is given."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    if title is None:
        first, _, rest = text.partition("\n")
        title, text = strip_markdown(first), rest
    return _finish(title, article_paragraphs(text), name, **meta)


def parse_markdown(text: str, name: str, title: str | None = None, **meta: str | None) -> Draft:
    """Markdown: as plain text once the markup is removed."""
    return parse_text(strip_markdown(text), name, title, **meta)


def parse_html(markup: str, name: str, title: str | None = None, **meta: str | None) -> Draft:
    """HTML: trafilatura finds the main text and the metadata."""
    import trafilatura  # imported late: it is slow to import and most runs never need it

    extracted: Any = trafilatura.bare_extraction(
        markup,
        url=meta.get("url"),
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    doc = extracted.as_dict() if hasattr(extracted, "as_dict") else extracted
    if not isinstance(doc, dict) or not doc.get("text"):
        raise InputError(f"no article text found in {name}")
    found = {
        "url": meta.get("url") or doc.get("url"),
        "source": meta.get("source") or doc.get("sitename") or doc.get("hostname"),
        "author": meta.get("author") or doc.get("author"),
        "published": meta.get("published") or doc.get("date"),
        "ref": meta.get("ref"),
    }
    paragraphs = article_paragraphs(str(doc["text"]))
    return _finish(title or doc.get("title"), paragraphs, name, **found)


def _field(record: Mapping[str, Any], *names: str) -> str | None:
    for key in names:
        value = record.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v)
        if value not in (None, ""):
            return str(value)
    return None


def parse_record(
    record: Any, name: str, overrides: Mapping[str, str | None] | None = None
) -> Draft:
    """One JSON object `{"title", "text", "url"?, "source"?, "published"?, "author"?, "id"?}`."""
    if not isinstance(record, dict):
        raise InputError(f"{name}: expected a JSON object")
    text = _field(record, "text", "body", "content")
    if not text:
        raise InputError(f'{name}: no "text" field')
    over = {k: v for k, v in (overrides or {}).items() if v}
    paragraphs = article_paragraphs(text)
    return _finish(
        over.get("title") or _field(record, "title", "headline"),
        paragraphs,
        name,
        url=over.get("url") or _field(record, "url", "link"),
        source=over.get("source") or _field(record, "source", "publisher"),
        author=_field(record, "author", "authors", "byline"),
        published=over.get("published") or _field(record, "published", "date", "published_at"),
        ref=_field(record, "id", "ref"),
    )


def parse_json(
    text: str, name: str, overrides: Mapping[str, str | None] | None = None
) -> list[Draft]:
    """A `.json` file: one article object or a list of them."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name} is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    records = data if isinstance(data, list) else [data]
    return [parse_record(r, f"{name}[{i}]", overrides) for i, r in enumerate(records)]


def parse_jsonl_line(line: str, number: int) -> Draft | InputError:
    """The draft on one JSONL line, or the reason that line is rejected."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return InputError(f"line {number}: not valid JSON ({exc.msg})")
    try:
        return parse_record(record, f"line {number}")
    except InputError as exc:
        return exc


def iter_jsonl(lines: Iterator[str], name: str) -> Iterator[tuple[int, Draft | InputError]]:
    """(line number, draft or the reason that line was rejected) for each non-blank line."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield number, parse_jsonl_line(line, number)


def parse_document(
    data: bytes,
    name: str,
    suffix: str,
    max_bytes: int,
    title: str | None = None,
    **meta: str | None,
) -> list[Draft]:
    """Drafts from a file's bytes, chosen by its suffix (`.txt .md .html .json .jsonl`)."""
    suffix = suffix.lower()
    text = decode(data, name, max_bytes)
    if suffix in HTML_SUFFIXES:
        return [parse_html(text, name, title, **meta)]
    if suffix == ".json":
        return parse_json(text, name, {"title": title, **meta})
    if suffix in (".jsonl", ".ndjson"):
        drafts: list[Draft] = []
        for _, item in iter_jsonl(iter(text.splitlines()), name):
            if isinstance(item, InputError):
                raise InputError(f"{name}: {item}")
            drafts.append(item)
        return drafts
    if suffix in (".md", ".markdown"):
        return [parse_markdown(text, name, title, **meta)]
    if suffix in TEXT_SUFFIXES or suffix == "":
        return [parse_text(text, name, title, **meta)]
    raise InputError(f"{name}: unsupported file type {suffix} (use .txt .md .html .json .jsonl)")


def looks_like_html(text: str) -> bool:
    """Whether pasted or piped text is an HTML page rather than prose."""
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)
