"""The engine's data model: frozen dataclasses shared by every front end, and the rows the
store reads, which the engine's pure modules work on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from retrieval.index.tokens import tokens

Kind = Literal["who_said", "what_said", "check_quote", "search"]
Verdict = Literal["exact", "close", "other", "not_found"]


@dataclass(frozen=True)
class Draft:
    """An article as parsed from its source, before it is stored."""

    title: str
    paragraphs: tuple[str, ...]
    url: str | None = None
    source: str | None = None
    author: str | None = None
    published: str | None = None
    ref: str | None = None


@dataclass(frozen=True)
class Article:
    """A stored article's metadata."""

    id: int
    scope: int | None
    ref: str | None
    title: str
    source: str | None
    url: str | None
    author: str | None
    published: str | None
    added_at: str
    added_by: str | None
    paragraphs: int

    def to_json(self) -> dict[str, Any]:
        """The `list --json` shape."""
        return {
            "id": self.id,
            "ref": self.ref,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "published": self.published,
            "author": self.author,
            "paragraphs": self.paragraphs,
        }


@dataclass(frozen=True)
class Quote:
    """A quotation found in an article, with the person it is attributed to."""

    article_id: int
    paragraph: int
    speaker: str | None
    role: str | None
    text: str
    cue: str | None
    confidence: float
    id: int = 0
    article_title: str = ""
    paragraph_id: int = 0
    # The article's publication day, for questions about a time ("this week").
    published: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Plain-JSON form for the CLI."""
        return asdict(self)


@dataclass(frozen=True)
class Passage:
    """One paragraph offered as (part of) an answer, with its citation."""

    article_id: int
    article_ref: str | None
    title: str
    source: str | None
    url: str | None
    published: str | None
    paragraph: int
    paragraphs_total: int
    text: str
    score: float
    speaker: str | None = None
    link: str | None = None
    matched: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The passage shape of DESIGN.md's `ask --json`."""
        return {
            "article_id": self.article_id,
            "article_ref": self.article_ref,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "published": self.published,
            "paragraph": self.paragraph,
            "text": self.text,
            "score": round(self.score, 4),
            "speaker": self.speaker,
            "link": self.link,
        }


@dataclass(frozen=True)
class DirectAnswer:
    """The answer on top: who said it, the words, and for checks the verdict."""

    speaker: str | None = None
    quote: str | None = None
    role: str | None = None
    verdict: Verdict | None = None
    claimed_speaker: str | None = None
    diff: tuple[tuple[str, str], ...] = ()

    def to_json(self) -> dict[str, Any]:
        """JSON form; verdict fields only for quote checks."""
        out: dict[str, Any] = {"speaker": self.speaker, "quote": self.quote, "role": self.role}
        if self.verdict is not None:
            out["verdict"] = self.verdict
            out["claimed_speaker"] = self.claimed_speaker
            out["diff"] = [{"op": op, "text": text} for op, text in self.diff]
        return out


@dataclass(frozen=True)
class Answer:
    """What every front end renders for a question."""

    question: str
    kind: Kind
    answer: DirectAnswer | None
    passages: tuple[Passage, ...]
    confidence: float
    closest: tuple[Passage, ...] = ()
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The `ask --json` object of DESIGN.md."""
        return {
            "question": self.question,
            "kind": self.kind,
            "answer": self.answer.to_json() if self.answer else None,
            "passages": [p.to_json() for p in self.passages],
            "confidence": round(self.confidence, 3),
            "closest": [p.to_json() for p in self.closest],
            "note": self.note,
        }


@dataclass(frozen=True)
class AddResult:
    """The outcome of storing one draft: the new article, or why it was not stored."""

    article: Article | None
    duplicate_of: int | None = None
    reason: str | None = None


@dataclass
class ImportSummary:
    """Counts and reasons at the end of a bulk import."""

    added: int = 0
    skipped: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


QuoteRow = tuple[int, str | None, str | None, str, str | None, float]
"""A quotation to store: (paragraph position, speaker, role, text, cue, confidence)."""


@dataclass(frozen=True)
class PassageRow:
    """A stored paragraph with what a citation needs from its article."""

    paragraph_id: int
    position: int
    text: str
    score: float
    article: Article
    # The text's stemmed tokens, space-separated, when the store read them with it.
    tokens: str | None = None

    def token_list(self) -> list[str]:
        """The text's stemmed tokens in order (read with the row, or tokenised now)."""
        return self.tokens.split() if self.tokens is not None else tokens(self.text)


@dataclass(frozen=True)
class CandidateRow:
    """A paragraph found by BM25, with what exact re-scoring needs: its text's stemmed tokens
    (space-separated), its size in tokens (title included) and its article's title. Most
    candidates are scored and left; the article of those kept is read when `passage` makes
    their citation."""

    id: int
    score: float
    text: str
    position: int
    size: int
    tokens: str
    title: str
    read_article: Callable[[], Article]

    def passage(self, score: float | None = None) -> PassageRow:
        """The paragraph with its article, scored `score` (or its BM25 score)."""
        score = self.score if score is None else score
        return PassageRow(
            self.id, self.position, self.text, score, self.read_article(), self.tokens
        )


@dataclass(frozen=True)
class Scored:
    """A ranked passage with its final score and what it matched."""

    row: PassageRow
    score: float
    coverage: float
    matched: tuple[str, ...]
    # The share of the question's weight in the paragraph's own words, title aside.
    text_coverage: float = 0.0
    # The semantic model's similarity to the question (None: not asked).
    similarity: float | None = None


@dataclass(frozen=True)
class Stats:
    """Counts of what a library holds, for `/stats` and the CLI."""

    articles: int
    paragraphs: int
    quotes: int
    speakers: int


@dataclass(frozen=True)
class Feed:
    """An RSS or Atom feed a scope is subscribed to, and how its last poll went."""

    id: int
    scope: int | None
    url: str
    title: str | None
    every: int
    channel: int | None
    added_at: str
    last_polled: str | None
    next_poll: str
    last_error: str | None
    failures: int = 0
    etag: str | None = None
    modified: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The `feed list --json` shape."""
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "every": self.every,
            "last_polled": self.last_polled,
            "last_error": self.last_error,
        }


@dataclass(frozen=True)
class FeedPoll:
    """One feed polled: the articles it added, the entries it skipped (already stored, or
    with nothing to store), and the error if the feed itself could not be read."""

    feed: Feed
    added: tuple[Article, ...] = ()
    skipped: int = 0
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        """One feed of `feed poll --json`."""
        return {
            "id": self.feed.id,
            "url": self.feed.url,
            "added": len(self.added),
            "skipped": self.skipped,
            "error": self.error,
        }


@dataclass(frozen=True)
class Cited:
    """A passage an answer cited, as its vote record keeps it."""

    article_id: int
    paragraph: int
    title: str


@dataclass(frozen=True)
class Reviewed:
    """An answer shown with vote buttons, and how people voted on it."""

    id: int
    scope: int | None
    question: str
    kind: Kind
    confidence: float
    cited: tuple[Cited, ...]
    speaker: str | None
    asked_at: str
    up: int
    down: int

    def to_json(self) -> dict[str, Any]:
        """One answer of `newsbot feedback --json`."""
        return {
            "id": self.id,
            "guild": self.scope,
            "question": self.question,
            "kind": self.kind,
            "confidence": round(self.confidence, 3),
            "speaker": self.speaker,
            "passages": [asdict(c) for c in self.cited],
            "asked_at": self.asked_at,
            "up": self.up,
            "down": self.down,
        }


@dataclass(frozen=True)
class Checked:
    """One quotation of a message, who the message says said it, and the check's answer."""

    quote: str
    speaker: str | None
    answer: Answer


@dataclass(frozen=True)
class CheckReport:
    """A message checked: each quotation it gives, or, when it quotes nothing, the message
    answered as a question (`search`). `more` quotations were left unchecked."""

    text: str
    checked: tuple[Checked, ...]
    search: Answer | None = None
    more: int = 0

    def to_json(self) -> dict[str, Any]:
        """The `newsbot check --json` object."""
        return {
            "text": self.text,
            "quotations": [
                {"quote": c.quote, "speaker": c.speaker, "answer": c.answer.to_json()}
                for c in self.checked
            ],
            "unchecked": self.more,
            "search": self.search.to_json() if self.search else None,
        }
