"""Options turned into what commands work on, each with its autocomplete: an article the
server sees (or may change), and a speaker's name. A command gets a checked `Article`; an id
the server cannot see never reaches it (the error handler tells the member why)."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discordbot.client import NewsBot
from bot.present import clip
from retrieval.models import Article

# Discord shows at most 25 choices, each named in at most 100 characters.
MAX_CHOICES = 25
CHOICE_NAME = 100


class ArticleTransformer(app_commands.Transformer[NewsBot]):
    """An article this server sees: its own and the global library's."""

    own_only = False

    @property
    def type(self) -> discord.AppCommandOptionType:
        """Articles are chosen by id."""
        return discord.AppCommandOptionType.integer

    async def transform(self, interaction: discord.Interaction[NewsBot], value: int, /) -> Article:
        """The article, or the engine's NotFound saying why not."""
        engine = interaction.client.engine
        if self.own_only:
            return await engine.own_article(int(value), interaction.guild_id)
        return await engine.article(int(value), interaction.guild_id)

    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction[NewsBot], value: int | float | str, /
    ) -> list[app_commands.Choice[int]]:
        """Articles whose title or source holds what was typed, newest first."""
        typed = str(value).strip() or None
        articles = await interaction.client.engine.articles(
            interaction.guild_id, typed, limit=MAX_CHOICES, own=self.own_only
        )
        return [
            app_commands.Choice(name=clip(f"{a.id} · {a.title}", CHOICE_NAME), value=a.id)
            for a in articles
        ]


class OwnArticleTransformer(ArticleTransformer):
    """An article this server may change: its own, not the global library's."""

    own_only = True


class SpeakerTransformer(app_commands.Transformer[NewsBot]):
    """A speaker's name (or part of one), offered from the library's speakers."""

    @property
    def max_value(self) -> int:
        """Names are short."""
        return CHOICE_NAME

    @property
    def min_value(self) -> int:
        """An empty name filters nothing."""
        return 1

    async def transform(self, interaction: discord.Interaction[NewsBot], value: str, /) -> str:
        """The name as typed."""
        return value.strip()

    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction[NewsBot], value: int | float | str, /
    ) -> list[app_commands.Choice[str]]:
        """Speakers whose name holds what was typed, most quoted first."""
        names = await interaction.client.engine.speakers(
            interaction.guild_id, str(value).strip(), limit=MAX_CHOICES
        )
        return [
            app_commands.Choice(name=clip(n, CHOICE_NAME), value=n[:CHOICE_NAME]) for n in names
        ]


AnArticle = app_commands.Transform[Article, ArticleTransformer]
OwnArticle = app_commands.Transform[Article, OwnArticleTransformer]
Speaker = app_commands.Transform[str, SpeakerTransformer]
