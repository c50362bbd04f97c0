"""The running bot over a fresh library, connected to the stand-in Discord (a pytest plugin)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.config import DiscordSettings, Settings
from bot.discordbot.client import NewsBot, point_at
from retrieval.engine import Engine
from retrieval.store import Store
from tests.discord_standin import GUILD_A, Request, StandIn

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
        data = {
            "id": self.standin.command_id(name),
            "name": name,
            "type": 1,
            "options": options or [],
            "guild_id": str(guild_id),
        }
        if "resolved" in kwargs:
            data["resolved"] = kwargs.pop("resolved")
        return await self.standin.interaction(data, **kwargs)

    async def callback(self, interaction_id: str) -> dict[str, Any]:
        """The bot's first response to an interaction."""
        request = await self.standin.wait_for(
            lambda r: (
                r.path == f"/interactions/{interaction_id}/" + r.path.split("/")[3] + "/callback"
                if r.path.startswith(f"/interactions/{interaction_id}/")
                else False
            )
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
    old_base, old_gateway = (
        discord.http.Route.BASE,
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,
    )
    discord_settings = DiscordSettings(
        dev_guild_id=GUILD_A,
        admin_role="news-admin",
        api_base=standin.api_base,
        gateway_url=standin.gateway_url,
        ask_cooldown=0.0,
    )
    settings = Settings(
        database=str(tmp_path / "bot.db"), discord=discord_settings, token="stand-in-token"
    )
    point_at(settings.discord)
    async with Store.open(settings.database) as store:
        engine = Engine(store, replace(settings.engine, allow_private_urls=False))
        await engine.import_jsonl(SAMPLES.read_text().splitlines(), "samples")
        # The stand-in sends every server right after READY: no need to wait 2 s for more.
        bot = NewsBot(engine, settings, guild_ready_timeout=0.2)
        task = asyncio.create_task(bot.start("stand-in-token"))
        try:
            await asyncio.wait_for(standin.connected.wait(), 20)
            await asyncio.wait_for(bot.wait_until_ready(), 20)
            yield Harness(standin, bot)
            # Whatever the test did, nothing the bot sent broke Discord's message limits.
            assert standin.limit_errors == []
        finally:
            await bot.close()
            await asyncio.wait_for(task, 10)
            await standin.stop()
            discord.http.Route.BASE = old_base
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway
