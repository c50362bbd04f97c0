"""The engine's public API: everything the front ends call, and nothing else they may reach.

The front ends (command line, console, Discord) hold an `Engine` and call its methods; they
never see the store. Each rule lives in one place behind it: what a scope sees and may change
(`store/rows.py`, `Articles.own`), what an edit may hold (`metadata.py`), how a question is
answered (`pipeline.py`).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from retrieval import bulk, sources
from retrieval.analysis import MAX_QUESTION_CHARS, Analysis
from retrieval.feeds.poller import FeedService
from retrieval.message import MAX_CLAIMS, claims
from retrieval.metadata import checked_edit
from retrieval.models import (
    AddResult,
    Answer,
    Article,
    Checked,
    CheckReport,
    Draft,
    ImportSummary,
    Quote,
    Reviewed,
    Stats,
)
from retrieval.pipeline import Pipeline
from retrieval.quotes import extract_quotes
from retrieval.rank import DEFAULT_WEIGHTS, Weights
from retrieval.ranking import Ranking
from retrieval.sayings import Sayings
from retrieval.semantic import Similarity
from retrieval.store import Store

Progress = Callable[[int], None]


@dataclass(frozen=True)
class EngineSettings:
    """Limits and switches of the engine (the `[ingest]` and `[search]` config sections)."""

    allow_private_urls: bool = False
    max_bytes: int = 10_000_000
    fetch_timeout: float = 15.0
    extract_quotes: bool = True
    weights: Weights = DEFAULT_WEIGHTS

    @property
    def limits(self) -> sources.Limits:
        """How far newsbot goes for one source."""
        return sources.Limits(self.allow_private_urls, self.max_bytes, self.fetch_timeout)


class Engine:
    """newsbot's engine over one library."""

    def __init__(self, store: Store, settings: EngineSettings | None = None) -> None:
        self._store = store
        self.settings = settings or EngineSettings()
        weights = self.settings.weights
        similarity = Similarity() if weights.semantic else None
        self.ranking = Ranking(store.passages, weights, similarity)
        sayings = Sayings(store.quotes, store.passages, store.articles)
        self.pipeline = Pipeline(Analysis(store.passages), self.ranking, sayings)
        # Feeds have an API of their own, reached through the engine.
        self.feeds = FeedService(store, self.settings.limits, self.settings.extract_quotes)

    @classmethod
    @asynccontextmanager
    async def open(
        cls, path: str | Path, settings: EngineSettings | None = None
    ) -> AsyncIterator[Engine]:
        """The engine over the library at `path`, opened (and created) for as long as the
        block runs."""
        async with Store.open(path) as store:
            yield cls(store, settings)

    @property
    def slow_start(self) -> bool:
        """Whether `prepare` has a model to load (a console shows a spinner meanwhile)."""
        return self.ranking.similarity is not None

    async def prepare(self) -> None:
        """Load what the first question would otherwise wait for (the semantic model)."""
        if self.ranking.similarity is not None:
            await asyncio.to_thread(self.ranking.similarity.load)

    # -- adding ----------------------------------------------------------------------------

    async def add_draft(
        self, draft: Draft, scope: int | None = None, added_by: str | None = None
    ) -> AddResult:
        """Store one parsed article with its quotations (or report it as a duplicate)."""
        # Extraction reads the whole text: off the event loop, so that a long pasted article
        # holds up no other server.
        quotes = (
            await asyncio.to_thread(extract_quotes, draft.paragraphs)
            if self.settings.extract_quotes
            else []
        )
        return (await self._store.articles.add([(draft, quotes)], scope, added_by))[0]

    async def drafts_from(
        self,
        source: str,
        *,
        title: str | None = None,
        url: str | None = None,
        source_name: str | None = None,
        published: str | None = None,
    ) -> list[Draft]:
        """Parse a path, an http(s) URL, or `-` (standard input) into drafts."""
        return await sources.drafts_from(
            source,
            self.settings.limits,
            title=title,
            url=url,
            source_name=source_name,
            published=published,
        )

    async def drafts_from_upload(self, data: bytes, filename: str) -> list[Draft]:
        """An uploaded file's drafts (a Discord attachment), by its suffix."""
        return await sources.drafts_from_upload(data, filename, self.settings.limits)

    async def add_text(
        self,
        text: str,
        *,
        title: str | None = None,
        scope: int | None = None,
        added_by: str | None = None,
        **meta: str | None,
    ) -> AddResult:
        """Add pasted text (or HTML) as one article."""
        drafts = await sources.drafts_from_text(text, self.settings.limits, title, **meta)
        return await self.add_draft(drafts[0], scope, added_by)

    async def import_jsonl(
        self,
        lines: Iterable[str],
        name: str,
        *,
        scope: int | None = None,
        added_by: str | None = None,
        progress: Progress | None = None,
    ) -> ImportSummary:
        """Bulk add; refs already stored are skipped, bad lines are reported by number."""
        return await bulk.import_lines(
            self._store.articles,
            lines,
            extract=self.settings.extract_quotes,
            scope=scope,
            added_by=added_by,
            progress=progress,
        )

    async def reindex_quotes(self, progress: Progress | None = None) -> int:
        """Re-extract the quotations of every stored article; returns how many were found."""
        total = 0
        for done, article_id in enumerate(await self._store.articles.ids(), start=1):
            paragraphs = await self._store.articles.paragraphs(article_id)
            found = await asyncio.to_thread(extract_quotes, paragraphs)
            total += await self._store.quotes.replace(article_id, found)
            if progress:
                progress(done)
        return total

    # -- the library -----------------------------------------------------------------------

    async def articles(
        self,
        scope: int | None,
        search: str | None = None,
        limit: int = 50,
        offset: int = 0,
        own: bool = False,
    ) -> list[Article]:
        """Articles `scope` sees (with `own`, those it may change), newest first; `search`
        filters titles and sources; a negative `limit` lists them all."""
        return await self._store.articles.newest(scope, search, limit, offset, own)

    async def count_articles(
        self, scope: int | None, search: str | None = None, own: bool = False
    ) -> int:
        """How many articles `articles` pages through."""
        return await self._store.articles.count(scope, search, own)

    async def article(self, article_id: int, scope: int | None) -> Article:
        """An article `scope` sees, or NotFound."""
        return await self._store.articles.get(article_id, scope)

    async def own_article(self, article_id: int, scope: int | None) -> Article:
        """An article `scope` may change (a server its own, the command line the global
        library's), or NotFound saying why not."""
        return await self._store.articles.own(article_id, scope)

    async def paragraphs(self, article: Article) -> list[str]:
        """The paragraphs of an article read through `article` or `articles`."""
        return await self._store.articles.paragraphs(article.id)

    async def edit_article(
        self, article_id: int, scope: int | None, changes: Mapping[str, str | None]
    ) -> Article:
        """Change an article's title, source, URL or publication day; the old title's words
        stop matching and the new ones match at once."""
        return await self._store.articles.edit(article_id, scope, checked_edit(changes))

    async def remove_article(self, article_id: int, scope: int | None) -> Article:
        """Delete an article `scope` may change, with its paragraphs and quotations."""
        return await self._store.articles.remove(article_id, scope)

    async def quotes(
        self,
        scope: int | None,
        speaker: str | None = None,
        article_id: int | None = None,
        limit: int = 50,
    ) -> list[Quote]:
        """Quotations `scope` sees, by speaker (part of a name) or article, newest first."""
        return await self._store.quotes.newest(scope, speaker, article_id, limit=limit)

    async def count_quotes(
        self, scope: int | None, speaker: str | None = None, article_id: int | None = None
    ) -> int:
        """How many quotations `quotes` would list with no limit."""
        return await self._store.quotes.count(scope, speaker, article_id)

    async def speakers(self, scope: int | None, typed: str = "", limit: int = 25) -> list[str]:
        """Speakers whose name holds what was typed, most quoted first (for autocomplete)."""
        return await self._store.quotes.speakers(scope, typed, limit)

    async def stats(self, scope: int | None) -> Stats:
        """What `scope` sees: articles, paragraphs, quotations and speakers."""
        return await self._store.stats(scope)

    async def is_empty(self, scope: int | None) -> bool:
        """Whether `scope` sees no article at all."""
        return not await self._store.articles.newest(scope, limit=1)

    async def backup(self, target: Path, pages: int = 1024) -> int:
        """Copy the library to `target` while it stays in use, `pages` pages a step; the
        copy's size in bytes."""
        return await self._store.backup(target, pages)

    async def check_integrity(self) -> list[str]:
        """What is wrong with the library (empty when it is sound)."""
        return await self._store.check_integrity()

    # -- asking ----------------------------------------------------------------------------

    async def ask(
        self,
        text: str,
        scope: int | None = None,
        k: int = 5,
        article_id: int | None = None,
        today: date | None = None,
    ) -> Answer:
        """Answer a question with cited passages (and the speaker, for quote questions),
        optionally from one article only. `today` is the day the question counts as asked
        on ("this week" is the week before it); by default today, UTC."""
        return await self.pipeline.ask(text, scope, k, article_id, today)

    async def check(self, text: str, scope: int | None = None) -> CheckReport:
        """Every quotation a message gives, checked against the library (said exactly, said
        nearly, said by someone else, or not found); a message that quotes nothing is
        answered as a question instead."""
        text = text[:MAX_QUESTION_CHARS]
        found = claims(text)
        if not found:
            return CheckReport(text, (), await self.ask(text, scope))
        checked = [
            Checked(c.words, c.speaker, await self.pipeline.check_claim(c.words, c.speaker, scope))
            for c in found[:MAX_CLAIMS]
        ]
        return CheckReport(text, tuple(checked), more=max(0, len(found) - MAX_CLAIMS))

    # -- what people thought of answers ----------------------------------------------------

    async def record_answer(self, answer: Answer, scope: int | None) -> int:
        """Keep an answer shown with 👍 / 👎 buttons; the id its buttons carry."""
        return await self._store.feedback.record(answer, scope)

    async def vote(
        self, answer_ids: Sequence[int], scope: int | None, member: str, up: bool
    ) -> int | None:
        """A member's vote on the answers of one reply shown in `scope`, replacing their
        earlier one (which is returned: +1, -1 or None)."""
        return await self._store.feedback.vote(answer_ids, scope, member, 1 if up else -1)

    async def found_wrong(self, scope: int | None, limit: int = -1) -> list[Reviewed]:
        """Answers someone voted 👎: of one server, or of every server with `scope` None."""
        return await self._store.feedback.found_wrong(scope, limit)

    # -- work that runs in one process of several ------------------------------------------

    async def hold_lease(self, name: str, holder: str, seconds: float) -> bool:
        """Take or renew the lease `name` for `seconds`: True while `holder` has it, False
        while another live process does."""
        now = datetime.now(UTC)
        return await self._store.leases.take(name, holder, now, now + timedelta(seconds=seconds))

    async def release_lease(self, name: str, holder: str) -> None:
        """Give a lease up, so that another process takes it at once."""
        await self._store.leases.release(name, holder)
