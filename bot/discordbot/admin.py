"""Administration: `/admin add url|file|text`, `/admin edit`, `/admin remove`, `/admin import`.

Members need Manage Server or the configured admin role, checked here at run time;
`default_permissions` only hides the commands from others in Discord's menu.
"""

from __future__ import annotations

import asyncio
import time

import discord
from discord import app_commands
from discord.ext import commands

from bot.discordbot.client import NewsBot
from bot.discordbot.errors import UserError, report
from bot.discordbot.feeds import FeedCommands
from bot.discordbot.permissions import check_admin
from bot.discordbot.render import COLOUR, NO_MENTIONS, article_line
from bot.discordbot.transformers import OwnArticle
from bot.discordbot.views import Confirm
from bot.present import clip
from retrieval import ingest, metadata
from retrieval.errors import InputError
from retrieval.models import AddResult, Draft

PROGRESS_EVERY = 2.0  # seconds between progress edits, well inside Discord's rate limits


def added_message(results: list[AddResult]) -> str:
    """What was stored and what was not."""
    lines = []
    for result in results:
        if result.article is not None:
            lines.append(f"Added {article_line(result.article)}")
        else:
            lines.append(f"Not added: already in the library as article `{result.duplicate_of}`.")
    return clip("\n".join(lines), 1900)


class ArticleModal(discord.ui.Modal, title="Add an article"):
    """Pasted text: title, URL, source and body."""

    article_title: discord.ui.TextInput[ArticleModal] = discord.ui.TextInput(
        label="Title", max_length=metadata.TITLE_CHARS
    )
    url: discord.ui.TextInput[ArticleModal] = discord.ui.TextInput(
        label="URL (optional)", required=False, max_length=500
    )
    source: discord.ui.TextInput[ArticleModal] = discord.ui.TextInput(
        label="Source (optional)", required=False, max_length=metadata.SOURCE_CHARS
    )
    body: discord.ui.TextInput[ArticleModal] = discord.ui.TextInput(
        label="Text (paragraphs separated by blank lines)",
        style=discord.TextStyle.paragraph,
        max_length=4000,
    )

    def __init__(self, bot: NewsBot) -> None:
        super().__init__()
        self.bot = bot

    async def on_submit(self, interaction: discord.Interaction) -> None:
        """Store the pasted article."""
        await interaction.response.defer(thinking=True, ephemeral=True)
        result = await self.bot.engine.add_text(
            self.body.value,
            title=self.article_title.value,
            scope=interaction.guild_id,
            added_by=str(interaction.user.id),
            url=self.url.value or None,
            source=self.source.value or None,
        )
        await interaction.followup.send(
            added_message([result]), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    async def on_error(  # type: ignore[override]
        self, interaction: discord.Interaction, error: Exception, /
    ) -> None:
        """Bad input becomes a private one-line reply, through the bot's one handler."""
        await report(interaction, error)


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class Admin(commands.GroupCog, group_name="admin"):
    """Add, import and remove this server's articles."""

    add = app_commands.Group(name="add", description="Add an article to this server's library")
    feed = FeedCommands()

    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot
        super().__init__()

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Refuse members without Manage Server or the admin role, whatever the menu showed."""
        return check_admin(interaction)

    async def _add_drafts(self, interaction: discord.Interaction, drafts: list[Draft]) -> None:
        results = [
            await self.bot.engine.add_draft(d, interaction.guild_id, str(interaction.user.id))
            for d in drafts
        ]
        await interaction.followup.send(
            added_message(results), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @add.command(name="url")
    @app_commands.describe(url="The article's address (http or https)")
    async def add_url(
        self, interaction: discord.Interaction, url: app_commands.Range[str, 8, 500]
    ) -> None:
        """Fetch an article from the web and add it."""
        await interaction.response.defer(thinking=True, ephemeral=True)
        await self._add_drafts(interaction, await self.bot.engine.drafts_from(url))

    @add.command(name="file")
    @app_commands.describe(file="A .txt, .md, .html, .json or .jsonl file")
    async def add_file(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        """Add the article(s) in an attached file."""
        await interaction.response.defer(thinking=True, ephemeral=True)
        limit = self.bot.engine.settings.max_bytes
        if file.size > limit:
            # Refused before it is downloaded.
            raise UserError(f"{file.filename} is larger than the {ingest.human_size(limit)} limit")
        drafts = await self.bot.engine.drafts_from_upload(await file.read(), file.filename)
        await self._add_drafts(interaction, drafts)

    @add.command(name="text")
    async def add_text(self, interaction: discord.Interaction) -> None:
        """Paste an article's title and text."""
        await interaction.response.send_modal(ArticleModal(self.bot))

    @app_commands.command(name="edit")
    @app_commands.describe(
        article="The article to change (start typing its title)",
        title="A new title",
        source="A new source name (a single - clears it)",
        url="A new http(s) address (a single - clears it)",
        published="A new publication day, e.g. 2025-03-03 (a single - clears it)",
    )
    async def edit(
        self,
        interaction: discord.Interaction,
        article: OwnArticle,
        title: app_commands.Range[str, 1, metadata.TITLE_CHARS] | None = None,
        source: app_commands.Range[str, 1, metadata.SOURCE_CHARS] | None = None,
        url: app_commands.Range[str, 1, 500] | None = None,
        published: app_commands.Range[str, 1, 40] | None = None,
    ) -> None:
        """Change the title, source, address or day of one of this server's articles."""
        given = {"title": title, "source": source, "url": url, "published": published}
        # Discord cannot send an empty option: a lone dash clears one.
        changes = {n: ("" if v.strip() == "-" else v) for n, v in given.items() if v is not None}
        # The write may wait for another process's: deferred, so Discord's window never closes.
        await interaction.response.defer(thinking=True, ephemeral=True)
        edited = await self.bot.engine.edit_article(article.id, interaction.guild_id, changes)
        changed = [n for n in changes if getattr(article, n) != getattr(edited, n)]
        what = ", ".join(changed) if changed else "nothing changed"
        await interaction.followup.send(
            f"Edited {article_line(edited)} ({what}).",
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    @app_commands.command(name="remove")
    @app_commands.describe(article="The article to remove (start typing its title)")
    async def remove(self, interaction: discord.Interaction, article: OwnArticle) -> None:
        """Remove one of this server's articles, after you confirm."""
        view = Confirm(interaction.user.id)
        embed = discord.Embed(
            title="Remove this article?", description=article_line(article), colour=COLOUR
        )
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)
        view.message = await interaction.original_response()
        await view.wait()
        if view.answered is None:
            await interaction.edit_original_response(
                content="Nothing removed (no answer).", embed=None, view=None
            )
            return
        # Acknowledged first: the removal may wait for another process's write.
        await view.answered.response.defer()
        if view.choice:
            removed = await self.bot.engine.remove_article(article.id, interaction.guild_id)
            text = f"Removed `{removed.id}` {clip(removed.title, 200)}."
        else:
            text = "Nothing removed."
        await view.answered.edit_original_response(content=text, embed=None, view=None)

    @app_commands.command(name="import")
    @app_commands.describe(file='A JSONL file: one {"title", "text", "url"?, "id"?} a line')
    async def import_(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        """Import many articles from a JSONL file, with progress."""
        if not file.filename.lower().endswith((".jsonl", ".ndjson")):
            raise UserError("Attach a .jsonl file (one JSON article a line).")
        await interaction.response.defer(thinking=True, ephemeral=True)
        data = await file.read()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(f"{file.filename} is not UTF-8 text") from None
        lines = text.splitlines()
        total = len(lines)
        last_edit = time.monotonic()
        progress_message = await interaction.followup.send(
            f"Importing 0 of {total} lines…", ephemeral=True, wait=True
        )
        edits: list[asyncio.Task[object]] = []

        def progress(line: int) -> None:
            nonlocal last_edit
            # At most one edit every few seconds, and never two in flight.
            if time.monotonic() - last_edit >= PROGRESS_EVERY and all(t.done() for t in edits):
                last_edit = time.monotonic()
                edits.append(
                    asyncio.create_task(
                        progress_message.edit(content=f"Importing {line} of {total} lines…")
                    )
                )

        summary = await self.bot.engine.import_jsonl(
            lines,
            file.filename,
            scope=interaction.guild_id,
            added_by=str(interaction.user.id),
            progress=progress,
        )
        await asyncio.gather(*edits, return_exceptions=True)
        rejected = "".join(
            f"\n• line {number}: {clip(reason, 150)}" for number, reason in summary.rejected[:10]
        )
        more = f"\n… and {len(summary.rejected) - 10} more" if len(summary.rejected) > 10 else ""
        await progress_message.edit(
            content=clip(
                f"Import done: added {summary.added}, skipped {summary.skipped} (already stored), "
                f"rejected {len(summary.rejected)}.{rejected}{more}",
                1900,
            )
        )


async def setup(bot: NewsBot) -> None:
    """Load the Admin cog (an extension)."""
    await bot.add_cog(Admin(bot))
