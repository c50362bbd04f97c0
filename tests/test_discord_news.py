"""The unmodified bot against the stand-in Discord: message commands, votes, and feeds."""

from __future__ import annotations

import json
from typing import Any

import discord
import pytest

from bot.discordbot.render import embed_problems
from tests.discord_harness import Harness
from tests.discord_standin import CHANNEL_A, GUILD_A, SEND, member, snowflake
from tests.feed_server import site
from tests.test_discord import ADMIN, READER, admin_sub, ephemeral, option

HOST = "news.example.test"


def posted(text: str, author_id: int = 5001) -> dict[str, Any]:
    """A member's message as Discord resolves it for a message command."""
    return {
        "id": snowflake(),
        "channel_id": str(CHANNEL_A),
        "guild_id": str(GUILD_A),
        "author": {
            "id": str(author_id),
            "username": "poster",
            "discriminator": "0",
            "avatar": None,
            "global_name": None,
        },
        "content": text,
        "timestamp": "2026-01-01T00:00:00+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": "@everyone" in text,
        "mention_roles": [],
        "mentions": [],
        "attachments": [],
        "embeds": [],
        "pinned": False,
        "type": 0,
        "flags": 0,
        "components": [],
    }


async def message_command(harness: Harness, name: str, text: str) -> tuple[str, str]:
    message = posted(text)
    data = {
        "id": harness.standin.command_id(name),
        "name": name,
        "type": 3,
        "target_id": message["id"],
        "resolved": {"messages": {message["id"]: message}},
    }
    return await harness.standin.interaction(data)


def buttons(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in body.get("components") or [] for c in row["components"]]


async def press(
    harness: Harness, button: dict[str, Any], message: dict[str, Any], who: Any = None
) -> str:
    """A member presses a button of `message`; returns the interaction id."""
    iid, _ = await harness.standin.interaction(
        {"custom_id": button["custom_id"], "component_type": 2},
        kind=3,
        who=who,
        message=message,
    )
    return iid


async def test_check_quote_answers_each_quotation_privately_and_pings_no_one(
    harness: Harness,
) -> None:
    text = (
        '@everyone <@123> Ruiz said "nobody wins when the trains stop" and Hale said '
        '"the trains will run on the moon by spring"'
    )
    iid, token = await message_command(harness, "Check quote", text)
    assert ephemeral(await harness.callback(iid))
    reply = (await harness.followup(token)).body
    assert ephemeral(reply) and reply["allowed_mentions"] == {"parse": []}
    first, second = reply["embeds"]
    assert first["title"].startswith("“nobody wins when the trains stop” — Ruiz")
    assert "Someone else said those words." in first["description"]
    assert "Martin Hale" in first["description"]
    assert "example.org/news/rail-strike-talks" in first["fields"][0]["value"]
    assert "No — no such quotation found." in second["description"]
    embeds = [discord.Embed.from_dict(e) for e in reply["embeds"]]
    assert embed_problems(embeds) == []
    labels = sorted(b.get("label") or b["emoji"]["name"] for b in buttons(reply))
    assert labels == sorted(["👍", "👎", "Post publicly"])


async def test_post_publicly_shares_the_private_answer_with_the_channel(
    harness: Harness,
) -> None:
    iid, token = await message_command(
        harness, "Find source", "the new harbour bridge has opened to traffic"
    )
    await harness.callback(iid)
    reply = (await harness.followup(token)).body
    assert "Harbour Bridge" in json.dumps(reply["embeds"])
    [post] = [b for b in buttons(reply) if b.get("label") == "Post publicly"]
    click = await press(harness, post, harness.standin.followups[token])
    public = await harness.callback(click)
    assert public["type"] == 4 and not ephemeral(public)
    assert public["data"]["embeds"] == reply["embeds"]
    assert public["data"]["allowed_mentions"] == {"parse": []}
    assert {b["emoji"]["name"] for b in buttons(public["data"])} == {"👍", "👎"}
    # The private copy loses its post button.
    edited = await harness.standin.wait_for(lambda r: r.method == "PATCH" and token in r.path)
    assert [b.get("label") for b in buttons(edited.body)].count("Post publicly") == 0


async def test_a_message_that_quotes_nothing_is_searched(harness: Harness) -> None:
    iid, token = await message_command(harness, "Check quote", "the harbour bridge opened")
    await harness.callback(iid)
    reply = (await harness.followup(token)).body
    [embed] = reply["embeds"]
    assert embed["description"].startswith("*No quotation in this message")
    assert "Harbour Bridge" in json.dumps(embed)


async def test_votes_are_stored_one_per_member_and_survive_a_restart(
    harness: Harness,
) -> None:
    iid, token = await harness.command(
        "ask", [option("question", "who said nobody wins when the trains stop?")]
    )
    await harness.callback(iid)
    reply = (await harness.followup(token)).body
    down = next(b for b in buttons(reply) if b["emoji"]["name"] == "👎")
    up = next(b for b in buttons(reply) if b["emoji"]["name"] == "👍")
    sent = harness.standin.followups[token]
    thanks = await harness.callback(await press(harness, down, sent))
    assert ephemeral(thanks) and thanks["data"]["content"] == "Thanks: noted as a wrong answer."
    [wrong] = await harness.engine.found_wrong(GUILD_A)
    assert wrong.question == "who said nobody wins when the trains stop?" and wrong.down == 1
    assert wrong.cited and wrong.cited[0].title.startswith("Rail strike")
    changed = await harness.callback(await press(harness, up, sent))
    assert "Your earlier vote was changed." in changed["data"]["content"]
    assert await harness.engine.found_wrong(GUILD_A) == []
    other = member(5002, "other", SEND)
    await harness.callback(await press(harness, down, sent, who=other))
    [again] = await harness.engine.found_wrong(GUILD_A)
    assert (again.up, again.down) == (1, 1)
    # A button of a message the running bot never sent (it restarted since) still counts.
    answer = await harness.engine.ask("when does the bridge open?", GUILD_A)
    old = await harness.engine.record_answer(answer, GUILD_A)
    stale = {"type": 2, "style": 2, "custom_id": f"vote:down:{old}", "emoji": {"name": "👎"}}
    earlier = posted("")
    earlier["components"] = [{"type": 1, "components": [stale]}]
    await harness.callback(await press(harness, stale, earlier))
    assert old in {r.id for r in await harness.engine.found_wrong(GUILD_A)}


@pytest.fixture
def news_site(names: dict[str, str]) -> Any:
    names[HOST] = "127.0.0.1"
    with site() as port:
        yield port


async def test_admin_feeds_are_added_polled_announced_and_removed(
    harness: Harness, news_site: int
) -> None:
    url = f"http://{HOST}:{news_site}/rss.xml"
    channel = {
        "id": str(CHANNEL_A),
        "type": 0,
        "guild_id": str(GUILD_A),
        "name": "news",
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "permissions": str(SEND),
    }
    options = [option("url", url), option("channel", str(CHANNEL_A), 7)]
    iid, token = await harness.command(
        "admin",
        admin_sub("feed", "add", options=options),
        who=ADMIN,
        resolved={"channels": {str(CHANNEL_A): channel}},
    )
    await harness.callback(iid)
    added = (await harness.followup(token)).body
    assert ephemeral(added) and "Subscribed to `1` [Wexley Gazette]" in added["content"]
    assert f"<#{CHANNEL_A}>" in added["content"]
    refused, _ = await harness.command("admin", admin_sub("feed", "poll"), who=READER)
    assert "Manage Server" in (await harness.callback(refused))["data"]["content"]
    # The schedule's own poll, as the background task runs it every minute.
    polls = await harness.bot.get_cog("FeedPoller").poll_once()  # type: ignore[union-attr]
    assert [len(p.added) for p in polls] == [3]
    announced = [
        r
        for r in harness.standin.requests
        if r.method == "POST" and r.path == f"/channels/{CHANNEL_A}/messages"
    ]
    assert len(announced) == 3
    assert all(r.body["allowed_mentions"] == {"parse": []} for r in announced)
    assert any("Ferry strike called off" in r.body["content"] for r in announced)
    assert any(f"<http://{HOST}:{news_site}/news/ferry>" in r.body["content"] for r in announced)
    answer = await harness.engine.ask("who said we waited all winter for this?", GUILD_A)
    assert answer.answer is not None and answer.answer.speaker == "Tomas Lindqvist"
    iid, _ = await harness.command("admin", admin_sub("feed", "list"), who=ADMIN)
    listing = await harness.callback(iid)
    assert "Wexley Gazette" in listing["data"]["embeds"][0]["description"]
    iid, token = await harness.command("admin", admin_sub("feed", "poll"), who=ADMIN)
    await harness.callback(iid)
    summary = (await harness.followup(token)).body["content"]
    assert "Wexley Gazette" in summary and "added 0" in summary
    iid, _ = await harness.command(
        "admin", admin_sub("feed", "remove", options=[option("feed", 1, 4)]), who=ADMIN
    )
    removed = await harness.callback(iid)
    assert "Removed `1`" in removed["data"]["content"]
    assert await harness.engine.feeds.of_scope(GUILD_A) == []
