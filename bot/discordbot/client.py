"""The Discord client: a `commands.Bot` over the engine, one cog per feature."""

from __future__ import annotations

import logging
from typing import Any

import discord
import yarl
from discord import app_commands
from discord.ext import commands

from bot.config import DiscordSettings, Settings
from retrieval.engine import Engine
from retrieval.errors import NewsbotError

log = logging.getLogger(__name__)


class UserError(app_commands.AppCommandError):
    """An error whose message is for the member who ran the command."""


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


class NewsBot(commands.Bot):
    """newsbot on Discord. Receives the engine and settings; owns no resources itself."""

    def __init__(self, engine: Engine, settings: Settings, **options: Any) -> None:
        # `options` go to discord.py's client (a local stand-in for Discord sends every server
        # at once, so its tests need not wait the 2 s `guild_ready_timeout` for more).
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents(),
            help_command=None,
            allowed_mentions=discord.AllowedMentions.none(),
            **options,
        )
        self.engine = engine
        self.settings = settings
        self.tree.error(self.on_app_command_error)

    async def setup_hook(self) -> None:
        """Add the cogs; sync commands to the development server when one is configured."""
        from bot.discordbot.admin import Admin
        from bot.discordbot.ask import Ask
        from bot.discordbot.library import Library

        # Before connecting, so that the first /ask does not wait for the semantic model.
        await self.engine.prepare()
        await self.add_cog(Ask(self))
        await self.add_cog(Library(self))
        await self.add_cog(Admin(self))
        guild_id = self.settings.discord.dev_guild_id
        if guild_id:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to server %d", len(synced), guild_id)

    async def on_ready(self) -> None:
        """Log who we are once connected."""
        log.info("connected as %s to %d servers", self.user, len(self.guilds))

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """Errors from commands go to the one handler."""
        await report(interaction, getattr(error, "original", error))


def error_text(error: BaseException, where: str) -> str:
    """The one error path: what the member is told; anything not theirs is also logged."""
    if isinstance(error, NewsbotError | UserError):
        return str(error)
    if isinstance(error, app_commands.CheckFailure):
        return str(error) or "You cannot use this command here."
    log.error("%s failed", where, exc_info=error)
    return "Something went wrong on our side; the error has been logged."


async def report(interaction: discord.Interaction, error: BaseException) -> None:
    """An error in a command or a component, told privately to who used it."""
    name = interaction.command.qualified_name if interaction.command else "a component"
    await send_ephemeral(interaction, error_text(error, name))


async def report_to_message(message: discord.Message, error: BaseException) -> None:
    """An error while answering a mention, told in a reply that pings no one."""
    try:
        await message.reply(
            error_text(error, "a mention")[:1900],
            mention_author=False,
            allowed_mentions=discord.AllowedMentions.none(),
        )
    except discord.HTTPException:
        log.warning("could not deliver an error message for message %s", message.id)


async def send_ephemeral(interaction: discord.Interaction, message: str) -> None:
    """A short private reply, whether or not the interaction was already answered."""
    text = message[:1900]
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not deliver an error message for interaction %s", interaction.id)
