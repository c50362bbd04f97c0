"""What a member is told when something goes wrong, decided in one place.

Every error reaches `report`: slash commands through the command tree's error handler (set by
the `ErrorHandler` cog), buttons and modals through their `on_error`, and questions asked by
mention from the Ask cog. It decides, in this order:

1. An error meant for the member (the engine's `NewsbotError`: bad input, an article not found
   or not theirs to change; a command's `UserError`; a failed check) is told as it is.
2. An option a transformer could not turn into an article is told by what went wrong inside.
3. Anything else is logged with its traceback, and the member gets a short message that says
   so; no exception text or token reaches them.

Replies to commands are private; replies to mentions answer the message and ping no one.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from retrieval.errors import NewsbotError

log = logging.getLogger(__name__)

GENERIC = "Something went wrong on our side; the error has been logged."


class UserError(app_commands.AppCommandError):
    """An error whose message is for the member who ran the command."""


def explain(error: BaseException, where: str) -> str:
    """What the member is told; anything not meant for them is also logged."""
    if isinstance(error, app_commands.TransformerError) and isinstance(
        error.__cause__, NewsbotError
    ):
        error = error.__cause__
    if isinstance(error, NewsbotError | UserError):
        return str(error)
    if isinstance(error, app_commands.CheckFailure):
        return str(error) or "You cannot use this command here."
    log.error("%s failed", where, exc_info=error)
    return GENERIC


async def report(target: discord.Interaction | discord.Message, error: BaseException) -> None:
    """Tell the member who asked what went wrong: privately after a command, a button or a
    modal; in a reply that pings no one after a mention."""
    if isinstance(target, discord.Message):
        text = explain(error, "a mention")[:1900]
        try:
            await target.reply(
                text, mention_author=False, allowed_mentions=discord.AllowedMentions.none()
            )
        except discord.HTTPException:
            log.warning("could not deliver an error message for message %s", target.id)
        return
    name = target.command.qualified_name if target.command else "a component"
    await send_private(target, explain(error, name))


async def send_private(interaction: discord.Interaction, message: str) -> None:
    """A short private reply, whether or not the interaction was already answered."""
    text = message[:1900]
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not deliver an error message for interaction %s", interaction.id)


class ErrorHandler(commands.Cog):
    """Routes the command tree's errors to `report`."""

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        """Become the tree's error handler."""
        self.bot.tree.error(self.on_app_command_error)

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """A slash command, its checks or its options failed."""
        await report(interaction, getattr(error, "original", error))


async def setup(bot: commands.Bot) -> None:
    """Load the error handler (an extension)."""
    await bot.add_cog(ErrorHandler(bot))
