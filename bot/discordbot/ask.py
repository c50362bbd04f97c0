"""Asking: `/ask` and questions asked by mentioning the bot."""

from __future__ import annotations

import re

import discord
from discord import app_commands
from discord.ext import commands

from bot.discordbot.client import NewsBot
from bot.discordbot.errors import report
from bot.discordbot.render import NO_MENTIONS, answer_message
from bot.discordbot.transformers import AnArticle
from bot.discordbot.votes import record, voting

# The longest question Discord takes: a chat message's worth, well within the engine's bound.
QUESTION_CHARS = 300
HINT = "Ask me a question about the news, e.g. “who said the bridge would outlive us?”"


class Ask(commands.Cog):
    """Questions about the library, by slash command or mention."""

    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot

    @app_commands.command(name="ask")
    @app_commands.describe(
        question="Your question, e.g. who said “we are not on the same side of the coin”?",
        article="Only look in this article",
        private="Show the answer to you only",
    )
    async def ask(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, QUESTION_CHARS],
        article: AnArticle | None = None,
        private: bool = False,
    ) -> None:
        """Ask a question about the news in this server's library."""
        wait, _ = self.bot.questions.check(interaction)
        if wait:
            await interaction.response.send_message(
                f"Please wait {wait:.0f} s before asking again.", ephemeral=True
            )
            return
        # Searching can pass Discord's 3-second window on a large library: defer first.
        await interaction.response.defer(thinking=True, ephemeral=private)
        answer = await self.bot.engine.ask(
            question,
            interaction.guild_id,
            self.bot.settings.results,
            article_id=article.id if article else None,
        )
        rendered = answer_message(answer)
        votes = voting(await record(self.bot, [answer], interaction.guild_id))
        await interaction.followup.send(
            embeds=rendered.embeds, view=votes, ephemeral=private, allowed_mentions=NO_MENTIONS
        )

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """A message that mentions the bot is a question; the answer replies to it."""
        me = self.bot.user
        if me is None or message.author.bot or me not in message.mentions:
            return
        try:
            await self._answer_mention(message, me)
        except Exception as exc:
            # Mentions and commands share one error path: the member always hears back.
            await report(message, exc)

    async def _answer_mention(self, message: discord.Message, me: discord.ClientUser) -> None:
        question = re.sub(rf"<@!?{me.id}>", " ", message.content).strip()
        if not question:
            await message.reply(HINT, mention_author=False, allowed_mentions=NO_MENTIONS)
            return
        wait, tell = self.bot.questions.check(message)
        if wait:
            if tell:
                await message.reply(
                    f"Please wait {wait:.0f} s before asking again.",
                    mention_author=False,
                    allowed_mentions=NO_MENTIONS,
                    delete_after=min(wait, 30),
                )
            return
        scope = message.guild.id if message.guild else None
        answer = await self.bot.engine.ask(
            question[:QUESTION_CHARS], scope, self.bot.settings.results
        )
        rendered = answer_message(answer)
        votes = voting(await record(self.bot, [answer], scope))
        await message.reply(
            embeds=rendered.embeds, view=votes, mention_author=False, allowed_mentions=NO_MENTIONS
        )


async def setup(bot: NewsBot) -> None:
    """Load the Ask cog (an extension)."""
    await bot.add_cog(Ask(bot))
