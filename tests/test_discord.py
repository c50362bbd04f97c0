"""The unmodified bot against the stand-in Discord: every command, permission and scope rule."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import discord
import pytest
import yarl

from bot.config import DiscordSettings, Settings
from bot.discordbot.client import NewsBot, point_at
from bot.discordbot.render import embed_problems
from retrieval.engine import Engine
from retrieval.store import Store
from tests.discord_standin import (
    ADMIN_ROLE,
    CHANNEL_A,
    GUILD_A,
    GUILD_B,
    MANAGE_GUILD,
    SEND,
    Request,
    StandIn,
    member,
)

SAMPLES = Path(__file__).resolve().parent.parent / "retrieval" / "samples" / "articles.jsonl"


class Harness:
    """The stand-in, the running bot and its engine."""

    def __init__(self, standin: StandIn, bot: NewsBot) -> None:
        self.standin = standin
        self.bot = bot
        self.engine = bot.engine

    async def command(
        self, name: str, options: list[dict[str, Any]] | None = None, **kwargs: Any
    ) -> tuple[str, str]:
        """Run a slash command; returns (interaction id, token)."""
        guild_id = kwargs.get("guild_id", GUILD_A)
        data = {"id": self.standin.command_id(name), "name": name, "type": 1,
                "options": options or [], "guild_id": str(guild_id)}
        if "resolved" in kwargs:
            data["resolved"] = kwargs.pop("resolved")
        return await self.standin.interaction(data, **kwargs)

    async def callback(self, interaction_id: str) -> dict[str, Any]:
        """The bot's first response to an interaction."""
        request = await self.standin.wait_for(
            lambda r: r.path == f"/interactions/{interaction_id}/" + r.path.split("/")[3] + "/callback"
            if r.path.startswith(f"/interactions/{interaction_id}/") else False
        )
        assert isinstance(request.body, dict)
        return request.body

    async def followup(self, token: str) -> Request:
        """The message sent after a deferral (a follow-up, or an edit of the original)."""
        return await self.standin.wait_for(
            lambda r: token in r.path and r.method in ("POST", "PATCH") and "/webhooks/" in r.path
        )


@pytest.fixture
async def harness(tmp_path: Path) -> AsyncIterator[Harness]:
    standin = StandIn()
    await standin.start()
    old_base, old_gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord_settings = DiscordSettings(
        dev_guild_id=GUILD_A, admin_role="news-admin", api_base=standin.api_base,
        gateway_url=standin.gateway_url, ask_cooldown=0.0,
    )
    settings = Settings(database=str(tmp_path / "bot.db"), discord=discord_settings, token="stand-in-token")
    point_at(settings.discord)
    async with Store.open(settings.database) as store:
        engine = Engine(store, replace(settings.engine, allow_private_urls=False))
        await engine.import_jsonl(SAMPLES.read_text().splitlines(), "samples")
        bot = NewsBot(engine, settings)
        task = asyncio.create_task(bot.start("stand-in-token"))
        try:
            await asyncio.wait_for(standin.connected.wait(), 20)
            await asyncio.wait_for(bot.wait_until_ready(), 20)
            yield Harness(standin, bot)
        finally:
            await bot.close()
            await asyncio.wait_for(task, 10)
            await standin.stop()
            discord.http.Route.BASE = old_base
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


async def test_bot_logs_in_and_syncs_valid_commands_to_the_dev_server(harness: Harness) -> None:
    standin = harness.standin
    assert standin.compression == "zlib-stream"
    assert standin.command_errors == []
    names = {c["name"] for c in standin.commands[str(GUILD_A)]}
    assert names == {"ask", "articles", "article", "quotes", "stats", "help", "admin"}
    assert "global" not in standin.commands


async def test_ask_defers_then_answers_with_a_cited_embed(harness: Harness) -> None:
    iid, token = await harness.command("ask", [{"name": "question", "type": 3, "value": "who said nobody wins when the trains stop?"}])
    first = await harness.callback(iid)
    assert first["type"] == 5
    reply = (await harness.followup(token)).body
    embed = reply["embeds"][0]
    assert "Martin Hale" in embed["description"]
    assert reply["allowed_mentions"] == {"parse": []}
    assert embed_problems([discord.Embed.from_dict(e) for e in reply["embeds"]]) == []
    assert "example.org/news/rail-strike-talks" in embed["fields"][0]["value"]
