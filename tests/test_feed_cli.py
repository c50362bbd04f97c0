"""`newsbot feed` as a user runs it, against the loopback news site: real processes, real
files, and polls killed at random moments."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from retrieval.sqlite import sqlite3
from tests.feed_server import Site, site


@pytest.fixture
def port() -> Iterator[int]:
    with site() as number:
        yield number


def run(tmp_path: Path, *args: str, trusting: bool = True) -> subprocess.CompletedProcess[str]:
    """`newsbot --db … [--config …] ARGS`; a trusting config lets it fetch from loopback."""
    config = tmp_path / "config.toml"
    config.write_text("[ingest]\nallow_private_urls = true\nfetch_timeout = 5.0\n")
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "NEWSBOT_DB")}
    options = ["--db", str(tmp_path / "n.db")] + (["--config", str(config)] if trusting else [])
    return subprocess.run(
        [sys.executable, "-m", "bot.main", *options, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_feed_add_list_poll_remove(tmp_path: Path, port: int) -> None:
    base = f"http://127.0.0.1:{port}"
    added = run(tmp_path, "feed", "add", f"{base}/rss.xml", "--json")
    assert added.returncode == 0, added.stderr
    feed = json.loads(added.stdout)
    assert (feed["title"], feed["every"], feed["last_polled"]) == ("Wexley Gazette", 30, None)
    text = run(tmp_path, "feed", "add", f"{base}/atom.xml", "--every", "60")
    assert text.stdout.startswith("subscribed to Wexley Council News as feed 2, polled every 60")
    Site.BROKEN.add("/atom.xml")
    polled = run(tmp_path, "feed", "poll", "--json")
    # One feed could not be read: exit 1, and the figures of every feed.
    assert polled.returncode == 1
    result = json.loads(polled.stdout)
    assert (result["added"], result["skipped"], result["failed"]) == (3, 1, 1)
    by_id = {f["id"]: f for f in result["feeds"]}
    assert by_id[1] == {
        "id": 1,
        "url": f"{base}/rss.xml",
        "added": 3,
        "skipped": 1,
        "error": None,
    }
    assert "not an RSS or Atom feed" in by_id[2]["error"]
    listed = json.loads(run(tmp_path, "feed", "list", "--json").stdout)
    assert [f["last_error"] is None for f in listed] == [True, False]
    table = run(tmp_path, "feed", "list").stdout
    assert "Wexley Gazette" in table and "failed" in table
    assert f"feed 2: {by_id[2]['error']}" in table
    Site.BROKEN.clear()
    again = run(tmp_path, "feed", "poll")
    assert again.returncode == 0, again.stdout
    assert "feed 1 Wexley Gazette: added 0, skipped 0" in again.stdout  # 304: nothing read
    assert "feed 2 Wexley Council News: added 2, skipped 0" in again.stdout
    answer = json.loads(run(tmp_path, "ask", "--json", "who said we waited all winter").stdout)
    assert answer["answer"]["speaker"] == "Tomas Lindqvist"
    removed = run(tmp_path, "feed", "remove", "2")
    assert removed.stdout.strip() == "removed feed 2: Wexley Council News (its articles stay)"
    assert [f["id"] for f in json.loads(run(tmp_path, "feed", "list", "--json").stdout)] == [1]
    gone = run(tmp_path, "feed", "remove", "2")
    assert gone.returncode == 1 and gone.stderr == "newsbot: no feed 2\n"


def test_refused_feed_urls_are_one_line_and_never_fetched(tmp_path: Path, port: int) -> None:
    for address, message in (
        (f"http://127.0.0.1:{port}/rss.xml", "refused to fetch 127.0.0.1: a loopback address"),
        ("http://192.168.0.4/feed", "a private address"),
        ("gopher://example.org/feed", "not an http(s) URL"),
    ):
        refused = run(tmp_path, "feed", "add", address, trusting=False)
        assert refused.returncode == 1
        assert refused.stderr.count("\n") == 1 and message in refused.stderr, refused.stderr
    assert Site.SEEN == []
    too_often = run(tmp_path, "feed", "add", f"http://127.0.0.1:{port}/rss.xml", "--every", "1")
    assert too_often.returncode == 1 and "every 5 to 1440 minutes" in too_often.stderr


def test_polls_killed_at_any_moment_leave_whole_articles_and_no_duplicates(
    tmp_path: Path, port: int
) -> None:
    base = f"http://127.0.0.1:{port}"
    assert run(tmp_path, "feed", "add", f"{base}/notes.xml").returncode == 0
    Site.DELAY = 0.05
    config = tmp_path / "config.toml"
    rng = random.Random(11)
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "NEWSBOT_DB")}
    killed = 0
    for _ in range(4):
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.main", "--db", str(tmp_path / "n.db"), "--config",
             str(config), "feed", "poll"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )  # fmt: skip
        time.sleep(rng.uniform(1.0, 2.5))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait()
        with sqlite3.connect(tmp_path / "n.db") as conn:
            articles = conn.execute("SELECT count(*), count(DISTINCT url) FROM articles").fetchone()
            entries = conn.execute(
                "SELECT count(*) FROM feed_entries WHERE article_id IS NOT NULL"
            ).fetchone()[0]
            assert articles[0] == articles[1] == entries  # every article with its entry
    assert killed >= 1
    Site.DELAY = 0.0
    # Polls until nothing is left (20 entries a poll at most).
    for _ in range(3):
        finished = run(tmp_path, "feed", "poll", "--json")
        assert finished.returncode == 0, finished.stderr
    with sqlite3.connect(tmp_path / "n.db") as conn:
        count, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT url) FROM articles"
        ).fetchone()
    assert count == distinct == 25
    assert json.loads(finished.stdout)["added"] == 0
    assert run(tmp_path, "stats", "--json").returncode == 0
