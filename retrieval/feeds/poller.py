"""Subscribing to feeds and polling them politely.

A poll reads the feed with a conditional request (the ETag and Last-Modified of the last
answer), so an unchanged feed costs one short 304. Each new entry's page is fetched through
the same safe fetcher as `add URL` and its main text extracted; when the page cannot be
fetched or holds no main text, the feed's own full text is stored if it carries one. Entries
are recognised by their id or GUID, their URL and their text, per scope: a second poll adds
nothing and fetches no page again. A feed that fails waits twice as long each time, up to a
day; one failing feed never stops the others.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import suppress
from datetime import UTC, datetime, timedelta

from retrieval import fetch, ingest
from retrieval.errors import FetchError, InputError, NewsbotError
from retrieval.feeds.parse import Entry, Parsed, content_paragraphs, parse_feed
from retrieval.models import Draft, Feed, FeedPoll
from retrieval.quotes import extract_quotes
from retrieval.sources import Limits
from retrieval.store import Store

log = logging.getLogger(__name__)

# Minutes between polls of one feed: the default, and the least a feed may ask for.
EVERY = 30
MIN_EVERY = 5
MAX_EVERY = 24 * 60
# The longest a failing feed waits before it is tried again.
MAX_BACKOFF = timedelta(days=1)
# New entries stored from one feed in one poll; the rest wait for the next poll.
MAX_ENTRIES = 20
# Feeds polled at once.
CONCURRENT = 4
# A page whose text is under this share of the feed's own full text is a teaser or a paywall.
TEASER = 0.5

Clock = Callable[[], datetime]
# Asked before each feed of a scheduled round: whether this process may go on polling.
Renewal = Callable[[], Awaitable[bool]]


def _now() -> datetime:
    return datetime.now(UTC)


def next_poll(feed: Feed, now: datetime, failed: bool) -> datetime:
    """When to poll again: after the feed's interval, or after twice as long for every error
    in a row, up to a day."""
    wait = timedelta(minutes=feed.every)
    if failed:
        wait = min(wait * 2 ** min(feed.failures + 1, 16), MAX_BACKOFF)
    return now + wait


class FeedService:
    """A library's feeds."""

    def __init__(
        self, store: Store, limits: Limits, extract: bool = True, clock: Clock = _now
    ) -> None:
        self._store = store
        self._limits = limits
        self._extract = extract
        self._clock = clock

    async def subscribe(
        self,
        url: str,
        scope: int | None,
        every: int = EVERY,
        channel: int | None = None,
        added_by: str | None = None,
    ) -> Feed:
        """Subscribe `scope` to the feed at `url`, once it is read and found to be a feed."""
        if not MIN_EVERY <= every <= MAX_EVERY:
            raise InputError(f"a feed is polled every {MIN_EVERY} to {MAX_EVERY} minutes")
        # A URL that may not be fetched is refused before anything is sent.
        fetch.check_url(url, self._limits.allow_private_urls)
        page = await self._fetch_feed(url)
        parsed = await asyncio.to_thread(parse_feed, page.body, url)
        return await self._store.feeds.subscribe(
            scope, url, parsed.title, every, channel, added_by, self._clock()
        )

    async def of_scope(self, scope: int | None) -> list[Feed]:
        """The scope's feeds."""
        return await self._store.feeds.of_scope(scope)

    async def unsubscribe(self, feed_id: int, scope: int | None) -> Feed:
        """Stop polling a feed; the articles it brought stay."""
        return await self._store.feeds.remove(feed_id, scope)

    async def poll(
        self, scope: int | None, progress: Callable[[int, int], None] | None = None
    ) -> list[FeedPoll]:
        """Poll every feed of `scope` now, whenever they were due; `progress` hears (feeds
        done, feeds in all) as each one finishes."""
        return await self._poll_all(await self._store.feeds.of_scope(scope), False, progress)

    async def poll_due(self, keep_going: Renewal | None = None) -> list[FeedPoll]:
        """Poll every scope's feeds whose time has come. Each is claimed first (its next poll
        moved on), so no other process polls it meanwhile; `keep_going` is asked before each
        feed (the process renews its lease there) and stops the round when it says no."""
        return await self._poll_all(
            await self._store.feeds.due(self._clock()), True, None, keep_going
        )

    async def _poll_all(
        self,
        feeds: list[Feed],
        claim: bool,
        progress: Callable[[int, int], None] | None = None,
        keep_going: Renewal | None = None,
    ) -> list[FeedPoll]:
        gate = asyncio.Semaphore(CONCURRENT)
        done = 0

        async def one(feed: Feed) -> FeedPoll | None:
            nonlocal done
            async with gate:
                if keep_going is not None and not await keep_going():
                    return None
                result = await self.poll_one(feed, claim)
            done += 1
            if progress:
                progress(done, len(feeds))
            return result

        polls = await asyncio.gather(*(one(feed) for feed in feeds))
        return [p for p in polls if p is not None]

    async def poll_one(self, feed: Feed, claim: bool = False) -> FeedPoll | None:
        """Read a feed and store its new entries; an error is recorded and returned, never
        raised, so that one feed cannot stop the others. With `claim`, None when another
        process has just claimed the feed."""
        now = self._clock()
        if claim and not await self._store.feeds.claim(feed, next_poll(feed, now, False)):
            return None
        try:
            page = await self._fetch_feed(feed.url, feed.etag, feed.modified)
            if page.not_modified:
                await self._store.feeds.polled(feed, now, next_poll(feed, now, False), None)
                return FeedPoll(feed)
            parsed = await asyncio.to_thread(parse_feed, page.body, feed.url)
            poll, complete = await self._store_entries(feed, parsed, now)
            # Entries left for later (over the cap, or whose page failed for now) need the
            # whole feed read again: no validators, and soon.
            validators = (page.etag, page.last_modified) if complete else (None, None)
            when = next_poll(feed, now, False) if complete else now + timedelta(minutes=MIN_EVERY)
            await self._store.feeds.polled(feed, now, when, None, validators, parsed.title)
            return poll
        except Exception as exc:
            # The feed, its pages, or storing them (a library busy past its timeout, a feed
            # removed while it was read): this feed's error, never the others'.
            ours = isinstance(exc, NewsbotError)
            error = str(exc) if ours else "its entries could not be stored; tried again later"
            log.info("feed %d failed: %s", feed.id, error, exc_info=not ours)
            with suppress(Exception):
                await self._store.feeds.polled(feed, now, next_poll(feed, now, True), error)
            return FeedPoll(feed, error=error)

    async def _store_entries(
        self, feed: Feed, parsed: Parsed, now: datetime
    ) -> tuple[FeedPoll, bool]:
        """Store the entries not read before, up to the cap, the newest first chosen; and
        whether every entry of the feed is now read (none left over, none to try again)."""
        seen = await self._store.feeds.seen(feed.id, [e.key for e in parsed.entries])
        unique = {e.key: e for e in parsed.entries}
        fresh = [e for e in unique.values() if e.key not in seen]
        skipped = len(parsed.entries) - len(fresh)
        complete = len(fresh) <= MAX_ENTRIES
        added = []
        # Oldest first, so that a library lists a feed's articles in the order they appeared.
        for entry in reversed(fresh[:MAX_ENTRIES]):
            stored = entry.link and await self._store.feeds.stored_url(entry.link, feed.scope)
            if stored:
                # Already in the library from elsewhere: its page is not fetched again.
                await self._store.feeds.mark_seen(feed, entry.key, stored, now)
                skipped += 1
                continue
            draft, retry = await self._draft(entry, parsed.title)
            if draft is None:
                skipped += 1
                if retry:
                    complete = False  # the page may answer next time
                else:
                    await self._store.feeds.mark_seen(feed, entry.key, None, now)
                continue
            quotes = (
                await asyncio.to_thread(extract_quotes, draft.paragraphs) if self._extract else []
            )
            result = await self._store.feeds.store_entry(feed, entry.key, draft, quotes, now)
            if result.article is None:
                skipped += 1
            else:
                added.append(result.article)
        return FeedPoll(feed, tuple(added), skipped), complete

    async def _draft(self, entry: Entry, source: str | None) -> tuple[Draft | None, bool]:
        """The entry's article from its page, or from the full text the feed carries when
        the page cannot be fetched or holds no main text (or only a teaser of it); and, when
        there is none, whether trying again later may bring it (the page failed for now)."""
        meta = {"url": entry.link, "source": source, "published": entry.published}
        carried = content_paragraphs(entry.content) if entry.content else []
        page_draft: Draft | None = None
        retry = False
        if entry.link:
            try:
                page = await fetch.fetch(
                    entry.link,
                    allow_private=self._limits.allow_private_urls,
                    max_bytes=self._limits.max_bytes,
                    timeout=self._limits.fetch_timeout,
                )
                suffix = ".txt" if page.content_type == "text/plain" else ".html"
                [page_draft] = await asyncio.to_thread(
                    ingest.parse_document, page.body, entry.link, suffix, self._limits.max_bytes,
                    entry.title, **meta, author=entry.author,
                )  # fmt: skip
            except FetchError as exc:
                retry = exc.transient
                log.info("feed entry %s: %s", entry.link, exc)
            except (NewsbotError, ValueError) as exc:
                log.info("feed entry %s: %s", entry.link, exc)
        if page_draft is not None and len(_text(page_draft.paragraphs)) >= TEASER * len(
            _text(carried)
        ):
            return page_draft, False
        if not carried:
            return page_draft, retry and page_draft is None
        try:
            name = entry.link or entry.key
            return ingest.draft_of(entry.title, carried, name, author=entry.author, **meta), False
        except InputError:
            return page_draft, False

    async def _fetch_feed(
        self, url: str, etag: str | None = None, modified: str | None = None
    ) -> fetch.Fetched:
        return await fetch.fetch(
            url,
            allow_private=self._limits.allow_private_urls,
            max_bytes=self._limits.max_bytes,
            timeout=self._limits.fetch_timeout,
            accept=fetch.FEED_TYPES,
            etag=etag,
            last_modified=modified,
        )


def _text(paragraphs: tuple[str, ...] | list[str]) -> str:
    return " ".join(paragraphs)
