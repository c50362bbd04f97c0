"""The unmodified bot against the stand-in Discord: every command, permission and scope rule."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import discord
import pytest

from bot.discordbot.cooldown import QuestionCooldown
from bot.discordbot.render import embed_problems
from tests.discord_harness import Harness
from tests.discord_standin import (
    ADMIN_ROLE,
    CHANNEL_A,
    GUILD_A,
    GUILD_B,
    MANAGE_GUILD,
    SEND,
    member,
)


async def test_bot_logs_in_and_syncs_valid_commands_to_the_dev_server(harness: Harness) -> None:
    standin = harness.standin
    assert standin.compression == "zlib-stream"
    assert standin.command_errors == []
    names = {(c["name"], c.get("type", 1)) for c in standin.commands[str(GUILD_A)]}
    assert names == {
        *((n, 1) for n in ("ask", "articles", "article", "quotes", "stats", "help", "admin")),
        ("Check quote", 3),
        ("Find source", 3),
    }
    assert "global" not in standin.commands


async def test_ask_defers_then_answers_with_a_cited_embed(harness: Harness) -> None:
    iid, token = await harness.command(
        "ask",
        [{"name": "question", "type": 3, "value": "who said nobody wins when the trains stop?"}],
    )
    first = await harness.callback(iid)
    assert first["type"] == 5
    reply = (await harness.followup(token)).body
    embed = reply["embeds"][0]
    assert "Martin Hale" in embed["description"]
    assert reply["allowed_mentions"] == {"parse": []}
    assert embed_problems([discord.Embed.from_dict(e) for e in reply["embeds"]]) == []
    assert "example.org/news/rail-strike-talks" in embed["fields"][0]["value"]


def option(name: str, value: Any, kind: int = 3, focused: bool = False) -> dict[str, Any]:
    """A command option as Discord sends it."""
    data: dict[str, Any] = {"name": name, "type": kind, "value": value}
    if focused:
        data["focused"] = True
    return data


def admin_sub(*path: str, options: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Options for `/admin <path…>` (a subcommand, or a group and a subcommand)."""
    inner: list[dict[str, Any]] = options or []
    for depth, name in enumerate(reversed(path)):
        kind = 1 if depth == 0 else 2
        inner = [{"name": name, "type": kind, "options": inner}]
    return inner


ADMIN = member(7001, "editor", SEND | MANAGE_GUILD)
ROLE_ADMIN = member(7002, "desk", SEND, roles=(ADMIN_ROLE,))
READER = member(5001, "reader", SEND)


def ephemeral(body: dict[str, Any]) -> bool:
    data = body.get("data", body)
    return bool((data.get("flags") or 0) & 64)


async def test_private_ask_is_ephemeral(harness: Harness) -> None:
    iid, token = await harness.command(
        "ask", [option("question", "Which bridge opened?"), option("private", True, 5)]
    )
    assert ephemeral(await harness.callback(iid))
    reply = (await harness.followup(token)).body
    assert ephemeral(reply)
    assert "Harbour Bridge" in json.dumps(reply["embeds"])


async def test_ask_article_autocomplete_offers_titles(harness: Harness) -> None:
    data = {
        "id": harness.standin.command_id("ask"),
        "name": "ask",
        "type": 1,
        "options": [option("question", "who"), option("article", "bridge", 4, focused=True)],
    }
    iid, _ = await harness.standin.interaction(data, kind=4)
    body = await harness.callback(iid)
    assert body["type"] == 8
    choices = body["data"]["choices"]
    assert any("Harbour Bridge" in c["name"] for c in choices)
    assert all(len(c["name"]) <= 100 for c in choices)


async def test_ask_within_one_article(harness: Harness) -> None:
    [article] = await harness.engine.articles(None, "Wildfire")
    _iid, token = await harness.command(
        "ask", [option("question", "who said what?"), option("article", article.id, 4)]
    )
    reply = (await harness.followup(token)).body
    assert "wildfire" in json.dumps(reply["embeds"]).lower()


async def test_mention_is_answered_as_a_reply_that_pings_no_one(harness: Harness) -> None:
    message = harness.standin.message(
        {"content": "<@900000000000000001> who said the sea came over the wall? @everyone"},
        CHANNEL_A,
        author={
            "id": "5001",
            "username": "reader",
            "discriminator": "0",
            "avatar": None,
            "global_name": None,
        },
    )
    message["guild_id"] = str(GUILD_A)
    message["mentions"] = [
        {
            "id": "900000000000000001",
            "username": "newsbot",
            "discriminator": "0",
            "avatar": None,
            "bot": True,
        }
    ]
    message["member"] = {
        "roles": [],
        "joined_at": "2026-01-01T00:00:00+00:00",
        "deaf": False,
        "mute": False,
        "flags": 0,
    }
    await harness.standin.dispatch("MESSAGE_CREATE", message)
    sent = await harness.standin.wait_for(
        lambda r: r.method == "POST" and r.path == f"/channels/{CHANNEL_A}/messages"
    )
    assert str(sent.body["message_reference"]["message_id"]) == message["id"]
    assert sent.body["allowed_mentions"]["parse"] == []
    assert "Grace Whitfield" in json.dumps(sent.body["embeds"])


async def test_bots_and_everyone_pings_are_ignored(harness: Harness) -> None:
    for author_bot, mentions in ((True, True), (False, False)):
        message = harness.standin.message(
            {
                "content": "@everyone <@900000000000000001> who said it?"
                if mentions
                else "@everyone who said it?"
            },
            CHANNEL_A,
            author={
                "id": "6001",
                "username": "other",
                "discriminator": "0",
                "avatar": None,
                "bot": author_bot,
                "global_name": None,
            },
        )
        message["guild_id"] = str(GUILD_A)
        message["mention_everyone"] = True
        message["mentions"] = (
            [
                {
                    "id": "900000000000000001",
                    "username": "newsbot",
                    "discriminator": "0",
                    "avatar": None,
                    "bot": True,
                }
            ]
            if mentions
            else []
        )
        await harness.standin.dispatch("MESSAGE_CREATE", message)
    await asyncio.sleep(1.0)
    assert not [
        r
        for r in harness.standin.requests
        if r.path.startswith("/channels/") and r.method == "POST"
    ]


async def test_articles_paginate_with_buttons_only_the_invoker_can_use(harness: Harness) -> None:
    for n in range(12):
        await harness.engine.add_text(
            f"Story number {n} about the harbour.\n\nDetails follow in full here.",
            title=f"Harbour story {n}",
        )
    iid, token = await harness.command("articles")
    body = await harness.callback(iid)
    assert body["type"] == 4
    buttons = body["data"]["components"][0]["components"]
    assert [b["label"] for b in buttons] == ["◀ Previous", "Next ▶"]
    assert buttons[0]["disabled"] is True
    message = harness.standin.originals[token]
    press = {"custom_id": buttons[1]["custom_id"], "component_type": 2}
    other_iid, _ = await harness.standin.interaction(
        press, kind=3, who=member(5999, "stranger", SEND), message=message
    )
    refusal = await harness.callback(other_iid)
    assert refusal["type"] == 4 and ephemeral(refusal)
    assert "Only the member who ran the command" in refusal["data"]["content"]
    own_iid, _ = await harness.standin.interaction(press, kind=3, message=message)
    update = await harness.callback(own_iid)
    assert update["type"] == 7
    assert "page 2 of 3" in update["data"]["embeds"][0]["footer"]["text"]


async def test_article_shows_paragraphs_and_link(harness: Harness) -> None:
    [article] = await harness.engine.articles(None, "Harbour Bridge")
    iid, _ = await harness.command("article", [option("article", article.id, 4)])
    body = await harness.callback(iid)
    embeds = body["data"]["embeds"]
    assert embeds[0]["url"] == "https://example.org/news/harbour-bridge-opens"
    assert embeds[0]["fields"][0]["name"] == "¶1"
    assert embed_problems([discord.Embed.from_dict(e) for e in embeds]) == []


async def test_quotes_by_speaker_with_autocomplete(harness: Harness) -> None:
    data = {
        "id": harness.standin.command_id("quotes"),
        "name": "quotes",
        "type": 1,
        "options": [option("speaker", "rui", focused=True)],
    }
    iid, _ = await harness.standin.interaction(data, kind=4)
    choices = (await harness.callback(iid))["data"]["choices"]
    assert [c["value"] for c in choices] == ["Ana Ruiz"]
    iid, _ = await harness.command("quotes", [option("speaker", "Ana Ruiz")])
    embed = (await harness.callback(iid))["data"]["embeds"][0]
    assert embed["title"] == "Quotations of Ana Ruiz"
    assert all(f["name"].startswith("Ana Ruiz") for f in embed["fields"])


async def test_stats_and_help(harness: Harness) -> None:
    iid, _ = await harness.command("stats")
    embed = (await harness.callback(iid))["data"]["embeds"][0]
    assert {f["name"]: f["value"] for f in embed["fields"]}["Articles"] == "10"
    iid, _ = await harness.command("help")
    body = await harness.callback(iid)
    assert ephemeral(body) and "/ask" in body["data"]["embeds"][0]["description"]


@pytest.mark.parametrize(
    "path", [("add", "url"), ("remove",), ("import",), ("add", "text"), ("add", "file")]
)
async def test_admin_commands_refuse_members_without_permission(
    harness: Harness, path: tuple[str, ...]
) -> None:
    options = {
        "url": [option("url", "https://example.org/x")],
        "remove": [option("article", 1, 4)],
        "import": [option("file", "1", 11)],
        "file": [option("file", "1", 11)],
    }.get(path[-1], [])
    resolved = {
        "attachments": {
            "1": {
                "id": "1",
                "filename": "a.jsonl",
                "size": 10,
                "url": harness.standin.file_url("a"),
                "proxy_url": harness.standin.file_url("a"),
            }
        }
    }
    iid, _ = await harness.command(
        "admin", admin_sub(*path, options=options), who=READER, resolved=resolved
    )
    body = await harness.callback(iid)
    assert body["type"] == 4 and ephemeral(body)
    assert "Manage Server permission or the admin role" in body["data"]["content"]
    assert (await harness.engine.stats(GUILD_A)).articles == 10


async def test_admin_add_url_refuses_internal_addresses(harness: Harness) -> None:
    iid, token = await harness.command(
        "admin",
        admin_sub("add", "url", options=[option("url", "http://169.254.169.254/latest")]),
        who=ADMIN,
    )
    await harness.callback(iid)
    reply = (await harness.followup(token)).body
    assert "link-local" in reply["content"] and ephemeral(reply)


async def test_admin_add_file_is_scoped_to_the_server(harness: Harness) -> None:
    harness.standin.files["ferry.txt"] = (
        b"Ferry returns to Carra\n\n"
        b"The ferry to Carra returns on Monday after the storms, the harbour master said.\n"
    )
    resolved = {
        "attachments": {
            "77": {
                "id": "77",
                "filename": "ferry.txt",
                "size": 90,
                "url": harness.standin.file_url("ferry.txt"),
                "proxy_url": harness.standin.file_url("ferry.txt"),
                "content_type": "text/plain",
            }
        }
    }
    iid, token = await harness.command(
        "admin",
        admin_sub("add", "file", options=[option("file", "77", 11)]),
        who=ROLE_ADMIN,
        resolved=resolved,
    )
    reply = (await harness.followup(token)).body
    assert "Added" in reply["content"] and "Ferry returns to Carra" in reply["content"]
    # Server A sees it; server B does not, in answers, lists, ids or stats.
    [article] = await harness.engine.articles(GUILD_A, "Ferry")
    _iid_a, token_a = await harness.command(
        "ask", [option("question", "When does the ferry to Carra return?")]
    )
    assert "Carra" in json.dumps((await harness.followup(token_a)).body["embeds"])
    _iid_b, token_b = await harness.command(
        "ask", [option("question", "When does the ferry to Carra return?")], guild_id=GUILD_B
    )
    assert "Ferry returns" not in json.dumps((await harness.followup(token_b)).body["embeds"])
    iid, _ = await harness.command("article", [option("article", article.id, 4)], guild_id=GUILD_B)
    body = await harness.callback(iid)
    assert ephemeral(body) and f"no article {article.id}" in body["data"]["content"]
    iid, _ = await harness.command("stats", guild_id=GUILD_B)
    fields = {
        f["name"]: f["value"] for f in (await harness.callback(iid))["data"]["embeds"][0]["fields"]
    }
    assert fields["Articles"] == "10"


async def test_admin_add_text_through_a_modal(harness: Harness) -> None:
    iid, _ = await harness.command("admin", admin_sub("add", "text"), who=ADMIN)
    modal = await harness.callback(iid)
    assert modal["type"] == 9
    inputs = [row["components"][0] for row in modal["data"]["components"]]
    values = {
        "Title": "Council backs night buses",
        "URL (optional)": "https://example.org/buses",
        "Source (optional)": "Riverton Gazette",
        "Text (paragraphs separated by blank lines)": (
            "The council backed night buses on Monday.\n\n"
            '"People need to get home safely," said councillor Ada Brennan.'
        ),
    }
    submit = {
        "custom_id": modal["data"]["custom_id"],
        "components": [
            {
                "type": 1,
                "components": [
                    {"type": 4, "custom_id": i["custom_id"], "value": values[i["label"]]}
                ],
            }
            for i in inputs
        ],
    }
    _sid, token = await harness.standin.interaction(submit, kind=5, who=ADMIN)
    reply = (await harness.followup(token)).body
    assert "Added" in reply["content"]
    [article] = await harness.engine.articles(GUILD_A, "night buses")
    assert article.url == "https://example.org/buses" and article.source == "Riverton Gazette"
    [quote] = await harness.engine.quotes(GUILD_A, article_id=article.id)
    assert quote.speaker == "Ada Brennan"


async def test_admin_remove_asks_for_confirmation(harness: Harness) -> None:
    result = await harness.engine.add_text(
        "Local fair opens.\n\nThe fair opened on the green.", title="Fair opens", scope=GUILD_A
    )
    assert result.article is not None
    iid, token = await harness.command(
        "admin", admin_sub("remove", options=[option("article", result.article.id, 4)]), who=ADMIN
    )
    ask = await harness.callback(iid)
    assert ephemeral(ask)
    yes = ask["data"]["components"][0]["components"][0]
    assert yes["label"] == "Remove"
    cid, _ = await harness.standin.interaction(
        {"custom_id": yes["custom_id"], "component_type": 2},
        kind=3,
        who=ADMIN,
        message=harness.standin.originals[token],
    )
    # The button is acknowledged at once, then the message says what was done.
    assert (await harness.callback(cid))["type"] == 6
    done = await harness.standin.wait_for(
        lambda r: r.method == "PATCH" and "Removed" in json.dumps(r.body or {})
    )
    assert done.body["components"] == []
    assert await harness.engine.articles(GUILD_A, "Fair opens") == []


async def test_admin_remove_offers_the_server_s_own_articles_past_newer_global_ones(
    harness: Harness,
) -> None:
    own = await harness.engine.add_text(
        "The harbour toll was scrapped.", title="Our harbour story", scope=GUILD_A
    )
    for n in range(30):
        await harness.engine.add_text(f"Global paragraph number {n}.", title=f"Global story {n}")
    assert own.article is not None
    offered: dict[str, list[int]] = {}
    for name in ("remove", "edit"):
        data = {
            "id": harness.standin.command_id("admin"),
            "name": "admin",
            "type": 1,
            "options": admin_sub(name, options=[option("article", "", 4, focused=True)]),
        }
        iid, _ = await harness.standin.interaction(data, kind=4, who=ADMIN)
        body = await harness.callback(iid)
        offered[name] = [c["value"] for c in body["data"]["choices"]]
    assert offered == {"remove": [own.article.id], "edit": [own.article.id]}


async def test_admin_edit_changes_an_article_and_its_answers(harness: Harness) -> None:
    result = await harness.engine.add_text(
        "Stalls lined the village green for the annual fair.", title="Fair opens", scope=GUILD_A
    )
    assert result.article is not None
    options = [
        option("article", result.article.id, 4),
        option("title", "Zeppelin fair opens"),
        option("source", "Wexley Post"),
        option("published", "March 3, 2025"),
    ]
    iid, token = await harness.command("admin", admin_sub("edit", options=options), who=ADMIN)
    assert (await harness.callback(iid))["type"] == 5
    body = (await harness.followup(token)).body
    assert ephemeral(body)
    assert "Edited" in body["content"] and "(title, source, published)" in body["content"]
    edited = await harness.engine.article(result.article.id, GUILD_A)
    assert (edited.title, edited.source, edited.published) == (
        "Zeppelin fair opens",
        "Wexley Post",
        "2025-03-03",
    )
    answer = await harness.engine.ask("zeppelin fair", GUILD_A)
    assert answer.passages and answer.passages[0].title == "Zeppelin fair opens"
    # A lone dash clears a field; a reader may not edit at all.
    clear = [option("article", result.article.id, 4), option("source", "-")]
    iid, token = await harness.command("admin", admin_sub("edit", options=clear), who=ADMIN)
    await harness.followup(token)
    assert (await harness.engine.article(result.article.id, GUILD_A)).source is None
    iid, _ = await harness.command("admin", admin_sub("edit", options=options), who=READER)
    refused = await harness.callback(iid)
    assert ephemeral(refused) and "Manage Server" in refused["data"]["content"]


async def test_an_article_of_another_server_is_not_found(harness: Harness) -> None:
    theirs = await harness.engine.add_text(
        "The other server's secret story.", title="Elsewhere", scope=GUILD_A + 1
    )
    assert theirs.article is not None
    iid, _ = await harness.command(
        "ask", [option("question", "secret story"), option("article", theirs.article.id, 4)]
    )
    body = await harness.callback(iid)
    assert ephemeral(body) and body["data"]["content"] == f"no article {theirs.article.id}"


async def test_admin_cannot_edit_the_global_library(harness: Harness) -> None:
    [article] = await harness.engine.articles(None, "Wildfire")
    options = [option("article", article.id, 4), option("title", "Ours now")]
    iid, _ = await harness.command("admin", admin_sub("edit", options=options), who=ADMIN)
    body = await harness.callback(iid)
    assert ephemeral(body) and "global library" in body["data"]["content"]
    assert (await harness.engine.article(article.id, None)).title == article.title


async def test_admin_cannot_remove_the_global_library(harness: Harness) -> None:
    [article] = await harness.engine.articles(None, "Wildfire")
    iid, _ = await harness.command(
        "admin", admin_sub("remove", options=[option("article", article.id, 4)]), who=ADMIN
    )
    body = await harness.callback(iid)
    assert ephemeral(body) and "global library" in body["data"]["content"]


async def test_admin_import_reports_a_summary(harness: Harness) -> None:
    harness.standin.files["batch.jsonl"] = (
        json.dumps(
            {
                "id": "n1",
                "title": "Dam repairs finish early",
                "text": "Repairs to the dam finished early.",
            }
        )
        + "\n{broken\n"
        + json.dumps(
            {
                "id": "n2",
                "title": "Orchard harvest doubles",
                "text": "The apple harvest doubled this year.",
            }
        )
        + "\n"
    ).encode()
    resolved = {
        "attachments": {
            "88": {
                "id": "88",
                "filename": "batch.jsonl",
                "size": 200,
                "url": harness.standin.file_url("batch.jsonl"),
                "proxy_url": harness.standin.file_url("batch.jsonl"),
            }
        }
    }
    _iid, token = await harness.command(
        "admin",
        admin_sub("import", options=[option("file", "88", 11)]),
        who=ADMIN,
        resolved=resolved,
    )
    done = await harness.standin.wait_for(
        lambda r: (
            token in r.path
            and r.method == "PATCH"
            and "Import done" in (r.body or {}).get("content", "")
        )
    )
    assert "added 2, skipped 0" in done.body["content"] and "rejected 1" in done.body["content"]
    assert "line 2" in done.body["content"]


async def test_cooldown_sends_one_private_notice(harness: Harness) -> None:
    harness.bot.questions = QuestionCooldown(60)
    iid1, _ = await harness.command("ask", [option("question", "bridge")])
    assert (await harness.callback(iid1))["type"] == 5
    iid2, _ = await harness.command("ask", [option("question", "bridge again")])
    body = await harness.callback(iid2)
    assert ephemeral(body) and "Please wait" in body["data"]["content"]


async def test_page_buttons_are_removed_on_timeout(harness: Harness) -> None:
    harness.bot.get_cog("Library").page_timeout = 0.5  # type: ignore[union-attr]
    for n in range(12):
        await harness.engine.add_text(
            f"Story {n} about the market.\n\nMore about the market.", title=f"Market story {n}"
        )
    _, token = await harness.command("articles")
    edit = await harness.standin.wait_for(lambda r: r.method == "PATCH" and token in r.path)
    assert edit.body["components"] == []


def mention(text: str, author_id: int = 5001) -> dict[str, Any]:
    message: dict[str, Any] = {
        "id": str(940000000000000000 + author_id + len(text)),
        "channel_id": str(CHANNEL_A),
        "guild_id": str(GUILD_A),
        "author": {
            "id": str(author_id),
            "username": "reader",
            "discriminator": "0",
            "avatar": None,
            "global_name": None,
        },
        "content": f"<@900000000000000001> {text}",
        "timestamp": "2026-01-01T00:00:00+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": False,
        "type": 0,
        "flags": 0,
        "components": [],
        "mentions": [
            {
                "id": "900000000000000001",
                "username": "newsbot",
                "discriminator": "0",
                "avatar": None,
                "bot": True,
            }
        ],
        "member": {
            "roles": [],
            "joined_at": "2026-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
        },
    }
    return message


async def test_mention_cooldown_gives_one_notice_per_cooldown(harness: Harness) -> None:
    harness.bot.questions = QuestionCooldown(60)
    for question in (
        "who said the sea came over the wall?",
        "and the bridge?",
        "and the ferry?",
        "and the fair?",
    ):
        await harness.standin.dispatch("MESSAGE_CREATE", mention(question))
    await harness.standin.wait_for(lambda r: "Please wait" in json.dumps(r.body or {}))
    await asyncio.sleep(1.0)
    posts = [
        r
        for r in harness.standin.requests
        if r.method == "POST" and r.path == f"/channels/{CHANNEL_A}/messages"
    ]
    assert len(posts) == 2
    assert sum("Please wait" in (p.body.get("content") or "") for p in posts) == 1


async def test_other_servers_articles_stay_out_of_autocomplete_and_quotes(harness: Harness) -> None:
    await harness.engine.add_text(
        'Secret council plan.\n\n"We will build a tunnel," said councillor Ines Quillfeather.',
        title="Tunnel plan",
        scope=GUILD_A,
    )
    for name, field in (("ask", "article"), ("quotes", "speaker")):
        data = {
            "id": harness.standin.command_id(name),
            "name": name,
            "type": 1,
            "options": [
                option("question", "x"),
                option(
                    field,
                    "Tunnel" if field == "article" else "Quillfeather",
                    4 if field == "article" else 3,
                    focused=True,
                ),
            ]
            if name == "ask"
            else [option(field, "Quillfeather", focused=True)],
        }
        iid_a, _ = await harness.standin.interaction(data, kind=4, guild_id=GUILD_A)
        iid_b, _ = await harness.standin.interaction(data, kind=4, guild_id=GUILD_B)
        assert (await harness.callback(iid_a))["data"]["choices"]
        assert (await harness.callback(iid_b))["data"]["choices"] == []
    iid, _ = await harness.command(
        "quotes", [option("speaker", "Ines Quillfeather")], guild_id=GUILD_B
    )
    assert (await harness.callback(iid))["data"]["embeds"][0][
        "description"
    ] == "No quotations found."


async def test_another_servers_article_is_invisible_to_ask_article_stats_and_quotes(
    harness: Harness,
) -> None:
    result = await harness.engine.add_text(
        'Secret council plan.\n\n"We will build a tunnel," said councillor Ines Quillfeather.',
        title="Tunnel plan",
        scope=GUILD_A,
    )
    assert result.article is not None
    secret = result.article.id
    # Server A sees its own article; server B asks for it by words, by guessed id, by counts.
    _iid, token = await harness.command(
        "ask", [option("question", "who will build a tunnel?")], guild_id=GUILD_A
    )
    assert "Quillfeather" in json.dumps((await harness.followup(token)).body)
    _iid, token = await harness.command(
        "ask", [option("question", "who will build a tunnel?")], guild_id=GUILD_B
    )
    assert "Quillfeather" not in json.dumps((await harness.followup(token)).body)
    for guessed in (secret, secret + 1, 0, -1, 2**62):
        iid, _ = await harness.command("article", [option("article", guessed, 4)], guild_id=GUILD_B)
        body = json.dumps(await harness.callback(iid))
        assert "Tunnel plan" not in body and "Quillfeather" not in body
    iid, _ = await harness.command("stats", guild_id=GUILD_B)
    fields = (await harness.callback(iid))["data"]["embeds"][0]["fields"]
    assert {f["name"]: f["value"] for f in fields}["Articles"] == "10"
    iid, _ = await harness.command("quotes", guild_id=GUILD_B)
    assert "Quillfeather" not in json.dumps(await harness.callback(iid))


async def test_the_token_never_reaches_the_logs(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        _iid, token = await harness.command("ask", [option("question", "harbour bridge")])
        await harness.followup(token)
        iid, _ = await harness.command("article", [option("article", 999_999, 4)])
        await harness.callback(iid)
        iid, _ = await harness.command(
            "admin", admin_sub("remove", options=[option("article", 1, 4)])
        )
        await harness.callback(iid)
    assert caplog.records, "nothing was logged at debug level"
    for record in caplog.records:
        logged = record.getMessage() + (record.exc_text or "") + str(record.args or "")
        assert "stand-in-token" not in logged, record.getMessage()[:200]


async def test_a_failure_while_answering_a_mention_still_answers_the_member(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(harness.bot.engine, "ask", broken)
    await harness.standin.dispatch("MESSAGE_CREATE", mention("who said the sea came over?"))
    reply = await harness.standin.wait_for(
        lambda r: r.method == "POST" and "went wrong" in json.dumps(r.body or {})
    )
    assert reply.body["content"] == "Something went wrong on our side; the error has been logged."
    assert reply.body["allowed_mentions"]["parse"] == []
    assert "a mention failed" in caplog.text and "disk on fire" in caplog.text
