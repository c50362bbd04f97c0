"""Editing an article's title, source, URL and day: the indexes follow at once and exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval.engine import Engine
from retrieval.errors import InputError, NotFound
from retrieval.sqlite import sqlite3
from retrieval.store import Store
from tests.conftest import as_older_schema
from tests.test_cli import newsbot

OTHERS = [
    ("Council budget vote", "The council voted on the budget after a long debate."),
    ("Rail strike ends", "Train drivers returned to work on Monday morning."),
    ("Harbour dredging starts", "Dredgers began clearing silt from the old harbour."),
    ("Library reopens", "The central library reopened after its roof was repaired."),
]


async def _library(engine: Engine) -> int:
    for title, text in OTHERS:
        await engine.add_text(text, title=title)
    added = await engine.add_text(
        "The ferry fare rises in May, the council said.\n\n"
        "“Nobody wins when the fares go up,” said Ana Ruiz, a commuter.",
        title="Zeppelin tariffs climb",
    )
    assert added.article is not None
    return added.article.id


async def test_a_new_title_matches_and_the_old_one_no_longer_does(
    engine: Engine, store: Store
) -> None:
    article_id = await _library(engine)
    found = await engine.ask("zeppelin tariffs")
    assert found.passages and found.passages[0].title == "Zeppelin tariffs climb"

    edited = await engine.edit_article(article_id, None, {"title": "Gondola tickets climb"})

    assert edited.title == "Gondola tickets climb"
    gone = await engine.ask("zeppelin tariffs")
    assert not gone.passages
    now = await engine.ask("gondola tickets")
    assert now.passages and now.passages[0].title == "Gondola tickets climb"
    # The counts of both titles' words are the index's own: every paragraph holds the title.
    _, counts = await store.passages.term_statistics(["zeppelin", "gondola"])
    assert counts == {"gondola": (2, 1)}
    assert await engine.check_integrity() == []
    [quote] = await engine.quotes(None, "Ruiz")
    assert quote.article_title == "Gondola tickets climb"


async def test_source_url_and_day_are_checked_and_can_be_cleared(engine: Engine) -> None:
    article_id = await _library(engine)
    edited = await engine.edit_article(
        article_id,
        None,
        {"source": " Wexley  Post ", "url": "https://example.org/fares", "published": "3 Mar 2025"},
    )
    assert (edited.source, edited.url, edited.published) == (
        "Wexley Post",
        "https://example.org/fares",
        "2025-03-03",
    )
    answer = await engine.ask("ferry fare rises in may")
    assert answer.passages[0].link is not None
    assert answer.passages[0].link.startswith("https://example.org/fares#:~:text=")
    cleared = await engine.edit_article(article_id, None, {"url": "", "published": ""})
    assert (cleared.source, cleared.url, cleared.published) == ("Wexley Post", None, None)
    for bad, message in (
        ({"title": "  "}, "title cannot be empty"),
        ({"url": "javascript:alert(1)"}, "not an http"),
        ({"published": "soon"}, "not a date"),
        ({"author": "me"}, "cannot edit author"),
        ({}, "nothing to change"),
    ):
        with pytest.raises(InputError, match=message):
            await engine.edit_article(article_id, None, bad)
    assert (await engine.article(article_id, None)).source == "Wexley Post"


async def test_a_url_another_article_has_is_refused(engine: Engine) -> None:
    article_id = await _library(engine)
    [other] = await engine.articles(None, "Rail strike")
    await engine.edit_article(other.id, None, {"url": "https://example.org/strike"})
    with pytest.raises(InputError, match=f"article {other.id} already has the URL"):
        await engine.edit_article(article_id, None, {"url": "https://example.org/strike"})
    # Its own URL again is no conflict.
    await engine.edit_article(other.id, None, {"url": "https://example.org/strike"})


async def test_a_server_edits_its_own_articles_only(engine: Engine) -> None:
    global_id = await _library(engine)
    own = await engine.add_text("Stalls line the green.", title="Fair opens", scope=42)
    assert own.article is not None
    edited = await engine.edit_article(own.article.id, 42, {"title": "Autumn fair opens"})
    assert edited.title == "Autumn fair opens" and edited.scope == 42
    with pytest.raises(NotFound, match="global library: a server cannot change it"):
        await engine.edit_article(global_id, 42, {"title": "Mine now"})
    with pytest.raises(NotFound, match=f"no article {own.article.id}"):
        await engine.edit_article(own.article.id, 7, {"title": "Theirs"})
    with pytest.raises(NotFound):
        await engine.edit_article(own.article.id, None, {"title": "From the command line"})
    assert (await engine.article(global_id, None)).title == "Zeppelin tariffs climb"


async def test_a_library_from_before_the_index_had_one_owner_is_upgraded(tmp_path: Path) -> None:
    """A library written when triggers kept the indexes (schema 4): opening it drops them, so
    removing and editing afterwards writes every index row once."""
    path = tmp_path / "old.db"
    async with Engine.open(path) as engine:
        article_id = await _library(engine)
    with sqlite3.connect(path) as conn:
        conn.executescript(
            """
            CREATE TRIGGER paragraphs_ad AFTER DELETE ON paragraphs BEGIN
                INSERT INTO paragraphs_fts(paragraphs_fts, rowid, text, title)
                VALUES ('delete', old.id, old.text,
                        (SELECT title FROM articles WHERE id = old.article_id));
            END;
            CREATE TRIGGER quotes_ad AFTER DELETE ON quotes BEGIN
                INSERT INTO quotes_fts(quotes_fts, rowid, quote, speaker)
                VALUES ('delete', old.id, old.quote, old.speaker);
            END;
            """
        )
        as_older_schema(conn, 4)
    async with Engine.open(path) as engine:
        await engine.edit_article(article_id, None, {"title": "Gondola tickets climb"})
        [other] = await engine.articles(None, "Rail strike")
        await engine.remove_article(other.id, None)
        assert await engine.check_integrity() == []
    with sqlite3.connect(path) as conn:
        assert (
            conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall() == []
        )


def test_newsbot_edit_on_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    story = tmp_path / "story.txt"
    story.write_text("Zeppelin tariffs climb\n\nThe ferry fare rises in May, the council said.\n")
    assert newsbot(db, "add", str(story)).returncode == 0
    done = newsbot(db, "edit", "1", "--title", "Gondola tickets climb", "--source", "Post")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "edited article 1: Gondola tickets climb (title, source)"
    shown = json.loads(newsbot(db, "edit", "1", "--published", "March 3, 2025", "--json").stdout)
    assert (shown["title"], shown["source"], shown["published"]) == (
        "Gondola tickets climb",
        "Post",
        "2025-03-03",
    )
    answer = json.loads(newsbot(db, "ask", "gondola tickets", "--json").stdout)
    assert answer["passages"][0]["title"] == "Gondola tickets climb"
    for args, message in (
        (["--title", ""], "a title cannot be empty"),
        (["--url", "ftp://example.org"], "not an http(s) URL"),
        ([], "nothing to change"),
        (["--guild", "5", "--title", "x"], "a server cannot change it"),
    ):
        refused = newsbot(db, "edit", "1", *args)
        assert refused.returncode == 1
        assert refused.stderr.count("\n") == 1 and message in refused.stderr, refused.stderr
    missing = newsbot(db, "edit", "9", "--title", "x")
    assert missing.returncode == 1 and missing.stderr == "newsbot: no article 9\n"
