"""Feeds against a real news site on loopback: RSS 2.0 and Atom, conditional requests, a page
that is gone, a redirect to a private address, a malformed feed, the cap on entries, backoff."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from retrieval.engine import Engine, EngineSettings
from retrieval.errors import FetchError, InputError, NotFound
from retrieval.feeds.poller import MAX_ENTRIES, FeedService
from retrieval.sqlite import sqlite3
from retrieval.store import Store
from tests.feed_server import Site, site

HOST = "news.example.test"


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = datetime(2025, 3, 5, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def site_port() -> Iterator[int]:
    """The site on loopback, which newsbot refuses to fetch unless told otherwise."""
    with site() as number:
        yield number


@pytest.fixture
def port(site_port: int, names: dict[str, str]) -> int:
    """The site under a public-looking name."""
    names[HOST] = "127.0.0.1"
    return site_port


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def news(store: Store, clock: Clock) -> Engine:
    """An engine whose feeds read the test site under a public-looking name (private
    addresses stay refused) on a clock the test moves."""
    settings = EngineSettings(max_bytes=500_000, fetch_timeout=5)
    engine = Engine(store, settings)
    engine.feeds = FeedService(store, settings.limits, clock=clock)
    return engine


def url(port: int, path: str) -> str:
    return f"http://{HOST}:{port}{path}"


async def test_rss_and_atom_entries_become_cited_articles(news: Engine, port: int) -> None:
    rss = await news.feeds.subscribe(url(port, "/rss.xml"), None)
    atom = await news.feeds.subscribe(url(port, "/atom.xml"), None, every=60)
    assert (rss.title, rss.every, atom.title, atom.every) == (
        "Wexley Gazette",
        30,
        "Wexley Council News",
        60,
    )
    polls = {p.feed.id: p for p in await news.feeds.poll(None)}
    # RSS: two pages, one entry whose page is gone but whose feed carries its text, and one
    # whose page redirects to a private address, never fetched and with nothing to store.
    assert sorted(a.title for a in polls[rss.id].added) == [
        "Ferry strike called off",
        "Harbour bridge reopens after repairs",
        "Night market returns to the old quay",
    ]
    assert (polls[rss.id].skipped, polls[rss.id].error) == (1, None)
    assert "/news/moved-inside" in Site.SEEN
    assert len(polls[atom.id].added) == 2 and polls[atom.id].error is None
    [ferry] = await news.articles(None, "Ferry strike")
    assert (ferry.source, ferry.published, ferry.url) == (
        "Wexley Gazette",
        "2025-03-03",
        url(port, "/news/ferry"),
    )
    answer = await news.ask(
        "who said this is a fair deal for everyone who keeps the ferries running?"
    )
    assert answer.answer is not None and answer.answer.speaker == "Martin Hale"
    assert answer.passages[0].title == "Ferry strike called off"
    [tram] = await news.articles(None, "Tram line")
    assert tram.published == "2025-03-05"
    listed = {f.id: f for f in await news.feeds.of_scope(None)}
    assert listed[rss.id].last_polled == "2025-03-05T12:00:00+00:00"
    assert listed[rss.id].last_error is None
    assert await news.check_integrity() == []


async def test_a_second_poll_adds_nothing_and_fetches_no_page_again(
    news: Engine, port: int
) -> None:
    await news.feeds.subscribe(url(port, "/rss.xml"), None)
    await news.feeds.subscribe(url(port, "/plain-rss.xml"), 5)
    await news.feeds.poll(None)
    await news.feeds.poll(5)
    before = (await news.stats(None)).articles, (await news.stats(5)).articles
    # Server 5 sees the global library's three stories: its own feed of them stores none.
    assert before == (3, 3)
    Site.SEEN.clear()
    again = await news.feeds.poll(None) + await news.feeds.poll(5)
    assert [(len(p.added), p.error) for p in again] == [(0, None), (0, None)]
    assert ((await news.stats(None)).articles, (await news.stats(5)).articles) == before
    # The feed with an ETag answered 304; the other was read whole, and no page was fetched.
    assert sorted(Site.SEEN) == ["/plain-rss.xml", "/rss.xml"]


async def test_the_same_story_from_two_feeds_is_stored_once(news: Engine, port: int) -> None:
    await news.feeds.subscribe(url(port, "/rss.xml"), None)
    await news.feeds.subscribe(url(port, "/plain-rss.xml"), None)
    polls = await news.feeds.poll(None)
    # Polled side by side, either feed may store a story first; none is stored twice.
    assert sum(len(p.added) for p in polls) == 3
    assert (await news.stats(None)).articles == 3


async def test_a_malformed_feed_fails_alone_says_why_and_waits_longer(
    news: Engine, port: int, clock: Clock
) -> None:
    gazette = await news.feeds.subscribe(url(port, "/rss.xml"), None)
    council = await news.feeds.subscribe(url(port, "/atom.xml"), None, every=60)
    Site.BROKEN.add("/atom.xml")
    polls = {p.feed.id: p for p in await news.feeds.poll(None)}
    assert "not an RSS or Atom feed" in (polls[council.id].error or "")
    assert len(polls[gazette.id].added) == 3 and polls[gazette.id].error is None
    listed = {f.id: f for f in await news.feeds.of_scope(None)}
    assert listed[council.id].last_error == polls[council.id].error
    # A failing feed waits twice its interval, then four times; a good one its interval.
    assert listed[council.id].next_poll == "2025-03-05T14:00:00+00:00"
    assert listed[gazette.id].next_poll == "2025-03-05T12:30:00+00:00"
    clock.now += timedelta(hours=2)
    again = {p.feed.id: p for p in await news.feeds.poll_due()}
    assert again[council.id].error
    listed = {f.id: f for f in await news.feeds.of_scope(None)}
    assert listed[council.id].next_poll == "2025-03-05T18:00:00+00:00"
    Site.BROKEN.clear()
    clock.now += timedelta(hours=4)
    due = {p.feed.id: p for p in await news.feeds.poll_due()}
    assert set(due) == {gazette.id, council.id}
    assert due[council.id].error is None and len(due[council.id].added) == 2
    assert (await news.feeds.of_scope(None))[1].last_error is None


async def test_only_feeds_whose_time_has_come_are_polled(
    news: Engine, port: int, clock: Clock
) -> None:
    hourly = await news.feeds.subscribe(url(port, "/atom.xml"), None, every=60)
    often = await news.feeds.subscribe(url(port, "/rss.xml"), None, every=5)
    assert {p.feed.id for p in await news.feeds.poll_due()} == {hourly.id, often.id}
    assert await news.feeds.poll_due() == []
    clock.now += timedelta(minutes=5)
    assert [p.feed.id for p in await news.feeds.poll_due()] == [often.id]


async def test_one_poll_stores_at_most_the_cap_and_the_rest_come_next(
    news: Engine, port: int, clock: Clock
) -> None:
    await news.feeds.subscribe(url(port, "/notes.xml"), None)
    [first] = await news.feeds.poll(None)
    # The newest 20 of 25; the five left over make the next poll come soon.
    assert len(first.added) == MAX_ENTRIES
    [feed] = await news.feeds.of_scope(None)
    assert feed.next_poll == "2025-03-05T12:05:00+00:00"
    Site.NOTES = 30  # five more appear at the top of the feed
    clock.now += timedelta(minutes=5)
    [second] = await news.feeds.poll_due()
    assert len(second.added) == 10 and second.skipped == MAX_ENTRIES
    assert (await news.stats(None)).articles == 30
    [feed] = await news.feeds.of_scope(None)
    assert feed.next_poll == "2025-03-05T12:35:00+00:00"


async def test_what_may_not_be_fetched_is_refused_before_anything_is_sent(
    store: Store, site_port: int
) -> None:
    port = site_port
    engine = Engine(store, EngineSettings(fetch_timeout=5))
    Site.SEEN.clear()
    for address, message in (
        (f"http://127.0.0.1:{port}/rss.xml", "loopback"),
        ("http://10.0.0.8/rss.xml", "private"),
        ("ftp://news.example.test/rss.xml", "not an http"),
        ("file:///etc/passwd", "not an http"),
    ):
        with pytest.raises(FetchError, match=message):
            await engine.feeds.subscribe(address, None)
    assert Site.SEEN == []
    with pytest.raises(InputError, match="every 5 to 1440 minutes"):
        await engine.feeds.subscribe(url(port, "/rss.xml"), None, every=2)
    assert await engine.feeds.of_scope(None) == []


async def test_subscriptions_are_checked_and_scoped(news: Engine, port: int) -> None:
    with pytest.raises(InputError, match="not an RSS or Atom feed"):
        await news.feeds.subscribe(url(port, "/news/bridge"), None)
    feed = await news.feeds.subscribe(url(port, "/rss.xml"), 7)
    with pytest.raises(InputError, match=f"already subscribed to .* as feed {feed.id}"):
        await news.feeds.subscribe(url(port, "/rss.xml"), 7)
    other = await news.feeds.subscribe(url(port, "/rss.xml"), 8)
    assert [f.id for f in await news.feeds.of_scope(7)] == [feed.id]
    with pytest.raises(NotFound, match=f"no feed {other.id}"):
        await news.feeds.unsubscribe(other.id, 7)
    [poll] = await news.feeds.poll(7)
    assert len(poll.added) == 3
    assert (await news.stats(8)).articles == 0  # another server's feed filled 7's library
    removed = await news.feeds.unsubscribe(feed.id, 7)
    assert removed.id == feed.id and await news.feeds.of_scope(7) == []
    assert (await news.stats(7)).articles == 3  # its articles stay


async def test_a_poll_that_dies_between_entries_leaves_whole_articles_only(
    news: Engine, port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    await news.feeds.subscribe(url(port, "/notes.xml"), None)
    from retrieval.store import feeds as feed_store

    real = feed_store._record
    calls = 0

    class Killed(BaseException):
        """The process stopping in the middle of a write, as a signal would stop it."""

    async def dies_on_the_fourth(*args: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 4:
            raise Killed
        await real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(feed_store, "_record", dies_on_the_fourth)
    with pytest.raises(Killed):
        await news.feeds.poll(None)
    # The fourth article went with its entry: three whole articles, no half of a fourth.
    assert (await news.stats(None)).articles == 3
    assert await news.check_integrity() == []
    monkeypatch.setattr(feed_store, "_record", real)
    added = [len(p.added) for _ in range(3) for p in await news.feeds.poll(None)]
    assert added == [MAX_ENTRIES, 25 - 3 - MAX_ENTRIES, 0]
    titles = [a.title for a in await news.articles(None, limit=-1)]
    assert len(titles) == len(set(titles)) == 25


def test_feed_polls_compare_with_dataclass_fields() -> None:
    # The JSON of a poll is what `feed poll --json` promises.
    from retrieval.models import Feed, FeedPoll

    feed = Feed(1, None, "https://example.org/rss", "T", 30, None, "a", None, "b", None)
    poll = FeedPoll(feed, (), 2, "x")
    assert poll.to_json() == {
        "id": 1,
        "url": "https://example.org/rss",
        "added": 0,
        "skipped": 2,
        "error": "x",
    }
    assert set(feed.to_json()) == {"id", "url", "title", "every", "last_polled", "last_error"}
    assert dataclasses.asdict(feed)["every"] == 30


async def test_a_page_that_fails_for_now_is_tried_again_and_a_gone_one_is_not(
    news: Engine, port: int
) -> None:
    await news.feeds.subscribe(url(port, "/flaky.xml"), None)
    Site.FLAKY = 1
    [first] = await news.feeds.poll(None)
    assert (first.added, first.skipped, first.error) == ((), 1, None)
    # The feed is read whole next time (no validators kept), and the page now answers.
    Site.SEEN.clear()
    [second] = await news.feeds.poll(None)
    assert [a.title for a in second.added] == ["Harbour bridge reopens after repairs"]
    assert "/news/flaky" in Site.SEEN


async def test_a_feed_whose_entries_cannot_be_stored_fails_alone(
    news: Engine, port: int, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    gazette = await news.feeds.subscribe(url(port, "/rss.xml"), None)
    council = await news.feeds.subscribe(url(port, "/atom.xml"), None)
    real = store.feeds.store_entry

    async def busy(feed: Any, *args: Any) -> Any:
        if feed.id == council.id:
            raise sqlite3.OperationalError("database is locked")
        return await real(feed, *args)

    monkeypatch.setattr(store.feeds, "store_entry", busy)
    polls = {p.feed.id: p for p in await news.feeds.poll(None)}
    assert polls[council.id].error == "its entries could not be stored; tried again later"
    assert len(polls[gazette.id].added) == 3
    listed = {f.id: f for f in await news.feeds.of_scope(None)}
    assert listed[council.id].failures == 1 and listed[council.id].etag is None


async def test_two_processes_polling_at_once_poll_each_feed_once(
    store: Store, port: int, clock: Clock
) -> None:
    settings = EngineSettings(max_bytes=500_000, fetch_timeout=5)
    engine = Engine(store, settings)
    one = FeedService(store, settings.limits, clock=clock)
    other = FeedService(store, settings.limits, clock=clock)
    engine.feeds = one
    for path in ("/rss.xml", "/atom.xml", "/notes.xml"):
        await one.subscribe(url(port, path), None)
    Site.SEEN.clear()
    first, second = await asyncio.gather(one.poll_due(), other.poll_due())
    polled = sorted(p.feed.url for p in first + second)
    assert polled == sorted(url(port, p) for p in ("/rss.xml", "/atom.xml", "/notes.xml"))
    assert sorted(p for p in Site.SEEN if p.endswith(".xml")) == [
        "/atom.xml",
        "/notes.xml",
        "/rss.xml",
    ]
