"""Browsing: `/articles`, `/article`, `/quotes`, `/stats`, `/help`."""

from __future__ import annotations

import math

import discord
from discord import app_commands
from discord.ext import commands

from bot.discordbot.client import NewsBot
from bot.discordbot.render import (
    NO_MENTIONS,
    article_pages,
    articles_page,
    help_embed,
    quotes_embed,
    stats_embed,
)
from bot.discordbot.transformers import AnArticle, Speaker
from bot.discordbot.views import Paginator

PAGE_SIZE = 10
PAGE_TIMEOUT = 180.0  # seconds before the page buttons are taken away


class Library(commands.Cog):
    """What the library holds."""

    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot
        self.page_timeout = PAGE_TIMEOUT

    @app_commands.command(name="articles")
    @app_commands.describe(search="Only titles or sources holding these words")
    async def articles(
        self,
        interaction: discord.Interaction,
        search: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        """List the articles this server can ask about, newest first."""
        engine, scope = self.bot.engine, interaction.guild_id
        total = await engine.count_articles(scope, search)
        pages = max(1, math.ceil(total / PAGE_SIZE))

        async def page(n: int) -> discord.Embed:
            found = await engine.articles(scope, search, limit=PAGE_SIZE, offset=n * PAGE_SIZE)
            return articles_page(found, n, pages, search)

        if pages == 1:
            await interaction.response.send_message(
                embed=await page(0), allowed_mentions=NO_MENTIONS
            )
            return
        view = Paginator(interaction.user.id, pages, page, timeout=self.page_timeout)
        await interaction.response.send_message(
            embed=await page(0), view=view, allowed_mentions=NO_MENTIONS
        )
        view.message = await interaction.original_response()

    @app_commands.command(name="article")
    @app_commands.describe(article="The article (start typing its title)")
    async def article(self, interaction: discord.Interaction, article: AnArticle) -> None:
        """Show one article: link, source, date and its paragraphs."""
        paragraphs = await self.bot.engine.paragraphs(article)
        note = "global library" if article.scope is None else "this server"
        embeds = article_pages(article, paragraphs, note)
        await interaction.response.send_message(embeds=embeds, allowed_mentions=NO_MENTIONS)

    @app_commands.command(name="quotes")
    @app_commands.describe(speaker="Who said it (start typing a name)", article="Only this article")
    async def quotes(
        self,
        interaction: discord.Interaction,
        speaker: Speaker | None = None,
        article: AnArticle | None = None,
    ) -> None:
        """List quotations and who said them."""
        article_id = article.id if article else None
        found = await self.bot.engine.quotes(interaction.guild_id, speaker, article_id, limit=10)
        await interaction.response.send_message(
            embed=quotes_embed(found, speaker), allowed_mentions=NO_MENTIONS
        )

    @app_commands.command(name="stats")
    async def stats(self, interaction: discord.Interaction) -> None:
        """How many articles, paragraphs and quotations this server can ask about."""
        stats = await self.bot.engine.stats(interaction.guild_id)
        name = interaction.guild.name if interaction.guild else None
        await interaction.response.send_message(
            embed=stats_embed(stats, name), allowed_mentions=NO_MENTIONS
        )

    @app_commands.command(name="help")
    async def help(self, interaction: discord.Interaction) -> None:
        """How to ask newsbot questions and what the commands do."""
        await interaction.response.send_message(embed=help_embed(), ephemeral=True)


async def setup(bot: NewsBot) -> None:
    """Load the Library cog (an extension)."""
    await bot.add_cog(Library(bot))
