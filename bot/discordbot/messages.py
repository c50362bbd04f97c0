"""Message commands (right-click a message → Apps): "Check quote" checks every quotation in
it against the library; "Find source" answers it as a question. Replies are private, with a
button that posts them for everyone, and the message's own mentions never ping."""

from __future__ import annotations

from typing import cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.discordbot.ask import QUESTION_CHARS
from bot.discordbot.client import NewsBot
from bot.discordbot.render import NO_MENTIONS, Rendered, answer_message, check_message
from bot.discordbot.votes import PostPublicly, record
from retrieval.models import Answer

EMPTY = "That message has no text to check (only attachments or embeds)."


def bot_of(interaction: discord.Interaction) -> NewsBot:
    """The bot an interaction came to."""
    return cast(NewsBot, interaction.client)


class MessageCommands(commands.Cog):
    """The two message commands."""

    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot
        self.menus = [
            app_commands.ContextMenu(name="Check quote", callback=self.check_quote),
            app_commands.ContextMenu(name="Find source", callback=self.find_source),
        ]

    async def cog_load(self) -> None:
        """Register the message commands (a cog cannot declare them as attributes)."""
        for menu in self.menus:
            self.bot.tree.add_command(menu)

    async def cog_unload(self) -> None:
        """Take them away again."""
        for menu in self.menus:
            self.bot.tree.remove_command(menu.name, type=menu.type)

    async def check_quote(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """Check every quotation in the message; with none, search for what it says."""
        if not (text := await self._text_of(interaction, message)):
            return
        report = await self.bot.engine.check(text, interaction.guild_id)
        answers = [c.answer for c in report.checked]
        if report.search is not None:
            answers.append(report.search)
        await self._reply(interaction, check_message(report), answers)

    async def find_source(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """Search the library for the message's claim."""
        if not (text := await self._text_of(interaction, message)):
            return
        answer = await self.bot.engine.ask(
            text[:QUESTION_CHARS], interaction.guild_id, self.bot.settings.results
        )
        await self._reply(interaction, answer_message(answer), [answer])

    @staticmethod
    async def _text_of(interaction: discord.Interaction, message: discord.Message) -> str:
        """The message's text, its mentions written out; the interaction is deferred, or
        answered at once when there is no text to work on."""
        text = message.clean_content.strip()
        if not text:
            await interaction.response.send_message(EMPTY, ephemeral=True)
            return ""
        wait, _ = bot_of(interaction).questions.check(interaction)
        if wait:
            await interaction.response.send_message(
                f"Please wait {wait:.0f} s before asking again.", ephemeral=True
            )
            return ""
        await interaction.response.defer(thinking=True, ephemeral=True)
        return text

    async def _reply(
        self, interaction: discord.Interaction, rendered: Rendered, answers: list[Answer]
    ) -> None:
        ids = await record(self.bot, answers, interaction.guild_id)
        view = PostPublicly(interaction, rendered.embeds, ids)
        await interaction.followup.send(
            embeds=rendered.embeds, view=view, ephemeral=True, allowed_mentions=NO_MENTIONS
        )


async def setup(bot: NewsBot) -> None:
    """Load the message commands (an extension)."""
    await bot.add_cog(MessageCommands(bot))
