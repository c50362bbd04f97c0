"""The Discord client: a `commands.Bot` over the engine. Its features are extensions loaded
in `setup_hook`, so that the client imports none of them."""

from __future__ import annotations

import logging
from typing import Any

import discord
import yarl
from discord.ext import commands

from bot.config import DiscordSettings, Settings
from bot.discordbot.cooldown import QuestionCooldown
from retrieval.engine import Engine

log = logging.getLogger(__name__)

# The error handler first, so that it is in place before any command can run.
EXTENSIONS = (
    "bot.discordbot.errors",
    "bot.discordbot.votes",
    "bot.discordbot.ask",
    "bot.discordbot.messages",
    "bot.discordbot.library",
    "bot.discordbot.admin",
    "bot.discordbot.feeds",
)


def point_at(settings: DiscordSettings) -> None:
    """Send REST calls and the gateway connection where the settings say (a proxy, a stand-in).

    discord.py keeps both addresses as class attributes, so this is process-wide by nature.
    """
    discord.http.Route.BASE = settings.api_base.rstrip("/")
    if settings.gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)


def intents() -> discord.Intents:
    """Guilds and guild messages only: a mention carries its content without the privileged
    message-content intent."""
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.guild_messages = True
    return wanted


class NewsBot(commands.AutoShardedBot):
    """newsbot on Discord. Receives the engine and settings; owns no resources itself.

    It connects the shards the settings give it (all of them, by default, in as many as
    Discord recommends: one for a bot in fewer than 2,500 servers); several processes, each with
    its own shards, may share one library."""

    def __init__(self, engine: Engine, settings: Settings, **options: Any) -> None:
        # `options` go to discord.py's client (a local stand-in for Discord sends every server
        # at once, so its tests need not wait the 2 s `guild_ready_timeout` for more).
        shards = settings.discord
        if shards.shard_count:
            options.setdefault("shard_count", shards.shard_count)
            options.setdefault("shard_ids", shards.shard_ids())
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents(),
            help_command=None,
            allowed_mentions=discord.AllowedMentions.none(),
            **options,
        )
        self.engine = engine
        self.settings = settings
        # One wait between questions per member, whichever way they ask (/ask, a mention, a
        # message command).
        self.questions = QuestionCooldown(settings.discord.ask_cooldown)

    async def setup_hook(self) -> None:
        """Load the features; sync commands to the development server when one is set."""
        # Before connecting, so that the first /ask does not wait for the semantic model.
        await self.engine.prepare()
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        guild_id = self.settings.discord.dev_guild_id
        # One process of several syncs: the one that connects the first shard.
        if guild_id and (self.shard_ids is None or 0 in self.shard_ids):
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to server %d", len(synced), guild_id)

    async def on_ready(self) -> None:
        """Log who we are once connected."""
        log.info("connected as %s to %d servers", self.user, len(self.guilds))
