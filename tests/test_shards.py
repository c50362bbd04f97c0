"""Several bot processes on one library: each connects its own shards and answers its own
servers, writes from any process are safe, and the feed lease passes to a live process when
its holder dies. Real processes, a real library file, the stand-in Discord on loopback."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.config import ConfigError, DiscordSettings, check_discord
from retrieval.engine import Engine
from retrieval.schema import MIGRATIONS
from retrieval.sqlite import sqlite3
from retrieval.store import Store
from tests.discord_standin import GUILD_A, GUILD_B, StandIn
from tests.feed_server import Site, site

SAMPLES = Path(__file__).resolve().parent.parent / "retrieval" / "samples" / "articles.jsonl"
CHECK, LEASE = 0.3, 2.0


async def test_a_lease_has_one_holder_until_it_expires_or_is_given_up(store: Store) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    until = start + timedelta(seconds=10)
    assert await store.leases.take("feeds", "a", start, until)
    assert not await store.leases.take("feeds", "b", start + timedelta(seconds=5), until)
    # Renewing keeps the time it was taken.
    assert await store.leases.take("feeds", "a", start + timedelta(seconds=6), until)
    lease = await store.leases.get("feeds")
    assert lease is not None and (lease.holder, lease.taken) == ("a", start)
    later = until + timedelta(seconds=1)
    assert await store.leases.take("feeds", "b", later, later + timedelta(seconds=10))
    lease = await store.leases.get("feeds")
    assert lease is not None and (lease.holder, lease.taken) == ("b", later)
    await store.leases.release("feeds", "a")  # not a's to give up
    assert not await store.leases.take("feeds", "a", later, later)
    await store.leases.release("feeds", "b")
    assert await store.leases.take("feeds", "a", later, later + timedelta(seconds=1))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"shards": "0-1"}, "need a shard count"),
        ({"shard_count": 2, "shards": "1-2"}, "not within 0-1 of 2 shards"),
        ({"shard_count": 2, "shards": "one"}, "must be A-B or A"),
        ({"shard_count": -1}, "must be 0"),
        ({"feed_lease": 150.0}, "at least three times"),
    ],
)
def test_sharding_settings_that_cannot_work_are_refused(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        check_discord(DiscordSettings(**changes))
    assert DiscordSettings(shard_count=4, shards="2-3").shard_ids() == [2, 3]
    assert DiscordSettings(shard_count=4, shards="1").shard_ids() == [1]
    assert DiscordSettings(shard_count=4).shard_ids() is None


# -- two processes ------------------------------------------------------------------------------


@pytest.fixture
def feeds_port() -> Iterator[int]:
    with site() as port:
        yield port


class Fleet:
    """The stand-in, the library and the bot processes started on it."""

    def __init__(self, folder: Path, standin: StandIn) -> None:
        self.folder = folder
        self.standin = standin
        self.db = folder / "library.db"
        self.config = folder / "config.toml"
        self.config.write_text(
            f'[database]\npath = "{self.db}"\n'
            "[ingest]\nallow_private_urls = true\nfetch_timeout = 5.0\n"
            f'[discord]\napi_base = "{standin.api_base}"\ngateway_url = "{standin.gateway_url}"\n'
            f"dev_guild_id = {GUILD_A}\nask_cooldown = 0.0\n"
            f"feed_check_every = {CHECK}\nfeed_lease = {LEASE}\n"
        )
        self.env = {
            **{k: v for k, v in os.environ.items() if k != "NEWSBOT_DB"},
            "DISCORD_TOKEN": "stand-in-token",
        }
        self.processes: dict[int, subprocess.Popen[bytes]] = {}

    def start(self, shard: int, count: int) -> subprocess.Popen[bytes]:
        log = (self.folder / f"shard-{shard}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.main", "--config", str(self.config), "run",
             "--shard-count", str(count), "--shards", str(shard)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=self.env,
        )  # fmt: skip
        self.processes[process.pid] = process
        return process

    def newsbot(self, *args: str) -> subprocess.CompletedProcess[str]:
        """The command line on the same library, while the bots run."""
        return subprocess.run(
            [sys.executable, "-m", "bot.main", "--config", str(self.config), *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=120,
        )

    def lease(self) -> tuple[str, datetime, datetime] | None:
        with sqlite3.connect(self.db) as conn:
            row = conn.execute("SELECT holder, taken, expires FROM leases").fetchone()
        if row is None:
            return None
        return str(row[0]), datetime.fromisoformat(row[1]), datetime.fromisoformat(row[2])

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in self.processes.values():
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
async def fleet(tmp_path: Path) -> AsyncIterator[Fleet]:
    standin = StandIn()
    await standin.start()
    async with Engine.open(tmp_path / "library.db") as engine:
        await engine.import_jsonl(SAMPLES.read_text().splitlines(), "samples")
    fleet = Fleet(tmp_path, standin)
    try:
        yield fleet
    finally:
        fleet.stop()
        await standin.stop()


async def ask(standin: StandIn, guild: int, question: str) -> str | None:
    """Ask on a server; the answer's text, or None when no process answered in 10 s."""
    _, token = await standin.interaction(
        {
            "id": standin.command_id("ask"),
            "name": "ask",
            "type": 1,
            "options": [{"name": "question", "type": 3, "value": question}],
            "guild_id": str(guild),
        },
        guild_id=guild,
    )
    try:
        reply = await standin.wait_for(
            lambda r: token in r.path and r.method == "POST" and "/webhooks/" in r.path, 10
        )
    except TimeoutError:
        return None
    return str(reply.body)


async def wait_until(check: Any, seconds: float = 20.0) -> Any:
    """Poll `check` until it returns something true."""
    for _ in range(int(seconds / 0.05)):
        if found := check():
            return found
        await asyncio.sleep(0.05)
    raise AssertionError("never happened")


async def test_two_processes_share_one_library_and_split_the_servers(
    fleet: Fleet, feeds_port: int
) -> None:
    first, second = fleet.start(0, 2), fleet.start(1, 2)
    await fleet.standin.wait_for_shards(2)
    await wait_until(lambda: str(GUILD_A) in fleet.standin.commands)
    # Each process identified only its own shard.
    assert sorted(fleet.standin.identified) == [(0, 2), (1, 2)]
    assert fleet.standin.shard_of(GUILD_A) == 0 and fleet.standin.shard_of(GUILD_B) == 1
    for guild in (GUILD_A, GUILD_B):
        answer = await ask(fleet.standin, guild, "who said nobody wins when the trains stop?")
        assert answer is not None and "Martin Hale" in answer

    # An article written by another process (the command line) is answered by both bots.
    story = fleet.folder / "story.txt"
    story.write_text(
        "Lighthouse keeper retires\n\n“The lamp never went out on my watch,” said Orla "
        "Brennan, who kept the Wexley light for forty years.\n"
    )
    assert fleet.newsbot("add", str(story)).returncode == 0
    for guild in (GUILD_A, GUILD_B):
        answer = await ask(fleet.standin, guild, "who said the lamp never went out on my watch?")
        assert answer is not None and "Orla Brennan" in answer

    # The feeds are polled by the one process that holds the lease.
    base = f"http://127.0.0.1:{feeds_port}"
    assert fleet.newsbot("feed", "add", f"{base}/rss.xml").returncode == 0
    await wait_until(lambda: "/news/bridge" in Site.SEEN)
    holder, _, expires = await wait_until(fleet.lease)
    pid = int(holder.split(":")[1])
    assert pid in (first.pid, second.pid)
    survivor = second if pid == first.pid else first

    # The holder dies without a word; the other takes the lease over within one lease period
    # of the dead holder's last renewal, and never while it was still held.
    last_renewal = expires - timedelta(seconds=LEASE - CHECK)
    fleet.processes[pid].send_signal(signal.SIGKILL)
    fleet.processes[pid].wait()
    new_holder, taken, _ = await wait_until(
        lambda: (lease := fleet.lease()) and str(survivor.pid) in lease[0] and lease
    )
    assert new_holder != holder
    assert expires <= taken <= last_renewal + timedelta(seconds=LEASE)
    # And polls: a feed added now is read by the survivor.
    assert fleet.newsbot("feed", "add", f"{base}/atom.xml").returncode == 0
    await wait_until(lambda: "/news/atom-1" in Site.SEEN)
    assert survivor.poll() is None

    # The servers of the dead process go unanswered; the survivor's are still answered.
    dead_guild = GUILD_A if pid == first.pid else GUILD_B
    live_guild = GUILD_B if dead_guild == GUILD_A else GUILD_A
    assert await ask(fleet.standin, live_guild, "when did the harbour bridge open?") is not None
    assert await ask(fleet.standin, dead_guild, "when did the harbour bridge open?") is None
    assert fleet.newsbot("stats").returncode == 0
    async with Engine.open(fleet.db) as engine:
        assert await engine.check_integrity() == []


def test_processes_that_open_a_new_library_together_all_start(tmp_path: Path) -> None:
    """Shards started at once on a library no process has made yet: one applies each
    migration, the others wait for it, and every one starts."""
    db = tmp_path / "together.db"
    script = (
        "import asyncio, sys\n"
        "from retrieval.engine import Engine\n"
        "async def main():\n"
        "    async with Engine.open(sys.argv[1]) as engine:\n"
        "        print((await engine.stats(None)).articles)\n"
        "asyncio.run(main())\n"
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", script, str(db)], stdout=subprocess.PIPE)
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=60)[0] for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0, 0]
    assert outputs == [b"0\n"] * 4
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (len(MIGRATIONS),)
