"""Feeds on Discord: `/admin feed add|list|remove|poll`, polling on a schedule in the
background, and one short announcement per new article in a feed's channel."""

from __future__ import annotations

import logging
import os
import socket
import uuid

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.discordbot.client import NewsBot
from bot.discordbot.permissions import check_admin
from bot.discordbot.render import COLOUR, NO_MENTIONS, feed_line, safe
from bot.present import clip
from retrieval.feeds.poller import EVERY, MAX_EVERY, MIN_EVERY
from retrieval.models import FeedPoll

log = logging.getLogger(__name__)

# How often the bot looks for feeds whose time has come (each feed keeps its own interval);
# `[discord] feed_check_every` sets it.
CHECK_EVERY = 60.0
# The lease that lets one process of several poll the feeds.
LEASE = "feeds"


def announcement(poll: FeedPoll) -> list[str]:
    """One short message per new article: title, source and link; nothing that pings."""
    lines = []
    for article in poll.added:
        source = f" — {safe(article.source)}" if article.source else ""
        link = f"\n<{article.url}>" if article.url else ""
        lines.append(clip(f"📰 **{safe(clip(article.title, 250))}**{source}{link}", 1900))
    return lines


async def announce(bot: discord.Client, polls: list[FeedPoll]) -> None:
    """Post the new articles of each feed that has an announcement channel."""
    for poll in polls:
        if poll.feed.channel is None or not poll.added:
            continue
        channel = bot.get_partial_messageable(poll.feed.channel)
        for text in announcement(poll):
            try:
                await channel.send(text, allowed_mentions=NO_MENTIONS, suppress_embeds=True)
            except discord.HTTPException as exc:
                log.warning("feed %d: cannot announce in %s (%s)", poll.feed.id, channel.id, exc)
                break


class FeedCommands(app_commands.Group):
    """`/admin feed …`: the server's feeds."""

    def __init__(self) -> None:
        super().__init__(
            name="feed", description="RSS and Atom feeds that keep this library current"
        )

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Admins only, as every `/admin` command."""
        return check_admin(interaction)

    @app_commands.command(name="add")
    @app_commands.describe(
        url="The feed's address (RSS or Atom)",
        every=f"Minutes between polls ({MIN_EVERY} to {MAX_EVERY}, default {EVERY})",
        channel="Where to announce new articles (none: no announcements)",
    )
    async def add(
        self,
        interaction: discord.Interaction[NewsBot],
        url: app_commands.Range[str, 8, 500],
        every: app_commands.Range[int, MIN_EVERY, MAX_EVERY] = EVERY,
        channel: discord.TextChannel | None = None,
    ) -> None:
        """Subscribe this server to a feed; its new articles arrive by themselves."""
        await interaction.response.defer(thinking=True, ephemeral=True)
        feed = await interaction.client.engine.feeds.subscribe(
            url,
            interaction.guild_id,
            every,
            channel.id if channel else None,
            added_by=str(interaction.user.id),
        )
        where = f" New articles are announced in <#{channel.id}>." if channel else ""
        await interaction.followup.send(
            f"Subscribed to {feed_line(feed)}, polled every {feed.every} minutes.{where}",
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    @app_commands.command(name="list")
    async def list_feeds(self, interaction: discord.Interaction[NewsBot]) -> None:
        """This server's feeds and how their last poll went."""
        feeds = await interaction.client.engine.feeds.of_scope(interaction.guild_id)
        lines = [feed_line(f, status=True) for f in feeds] or [
            "No feeds yet. Subscribe with `/admin feed add`."
        ]
        embed = discord.Embed(
            title="Feeds", description=clip("\n".join(lines), 4000), colour=COLOUR
        )
        await interaction.response.send_message(
            embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @app_commands.command(name="remove")
    @app_commands.describe(feed="The feed's number, from /admin feed list")
    async def remove(self, interaction: discord.Interaction[NewsBot], feed: int) -> None:
        """Unsubscribe from a feed; the articles it brought stay."""
        removed = await interaction.client.engine.feeds.unsubscribe(feed, interaction.guild_id)
        await interaction.response.send_message(
            f"Removed {feed_line(removed)}; its articles stay.",
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    @remove.autocomplete("feed")
    async def feed_choices(
        self, interaction: discord.Interaction[NewsBot], current: str
    ) -> list[app_commands.Choice[int]]:
        """This server's feeds whose title or address holds what was typed."""
        typed = current.casefold()
        feeds = await interaction.client.engine.feeds.of_scope(interaction.guild_id)
        return [
            app_commands.Choice(name=clip(f"{f.id} · {f.title or f.url}", 100), value=f.id)
            for f in feeds
            if typed in f"{f.id} {f.title or ''} {f.url}".casefold()
        ][:25]

    @app_commands.command(name="poll")
    async def poll(self, interaction: discord.Interaction[NewsBot]) -> None:
        """Poll this server's feeds now."""
        await interaction.response.defer(thinking=True, ephemeral=True)
        polls = await interaction.client.engine.feeds.poll(interaction.guild_id)
        await announce(interaction.client, polls)
        lines = [
            f"{feed_line(p.feed)}: "
            + (
                f"failed: {safe(p.error)}"
                if p.error
                else f"added {len(p.added)}, skipped {p.skipped}"
            )
            for p in polls
        ] or ["No feeds to poll. Subscribe with `/admin feed add`."]
        await interaction.followup.send(
            clip("\n".join(lines), 1900), ephemeral=True, allowed_mentions=NO_MENTIONS
        )


class FeedPoller(commands.Cog):
    """Polls the feeds whose time has come, in the background, in exactly one process of
    those that share the library: the one holding the feeds lease, which it renews at every
    look and which another process takes over once it expires."""

    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        settings = bot.settings.discord
        self.check_every = settings.feed_check_every
        # Renewed at every look; expiring one look before the lease period is over, so that
        # another process, looking as often, takes over within that period of a holder's death.
        self.lease_seconds = settings.feed_lease - settings.feed_check_every

    async def cog_load(self) -> None:
        """Start polling."""
        self.every_minute.change_interval(seconds=self.check_every)
        self.every_minute.start()

    async def cog_unload(self) -> None:
        """Stop polling, and hand the lease on at once."""
        self.every_minute.cancel()
        try:
            await self.bot.engine.release_lease(LEASE, self.holder)
        except Exception:
            log.warning("could not release the feeds lease", exc_info=True)

    async def poll_once(self) -> list[FeedPoll]:
        """Poll the feeds that are due and announce what they brought, if this process holds
        the lease (nothing otherwise)."""
        if not await self._renew():
            return []
        # The lease is renewed before each feed too: a long round keeps it, and a round whose
        # lease was lost stops (each feed is claimed as well, so none is polled twice).
        polls = await self.bot.engine.feeds.poll_due(self._renew)
        await announce(self.bot, polls)
        return polls

    async def _renew(self) -> bool:
        return await self.bot.engine.hold_lease(LEASE, self.holder, self.lease_seconds)

    @tasks.loop(seconds=CHECK_EVERY)
    async def every_minute(self) -> None:
        """The schedule: a failing poll is logged, and the next minute tries again."""
        try:
            await self.poll_once()
        except Exception:
            log.exception("polling feeds failed")

    @every_minute.before_loop
    async def _connected(self) -> None:
        await self.bot.wait_until_ready()


async def setup(bot: NewsBot) -> None:
    """Load the feed poller (an extension)."""
    await bot.add_cog(FeedPoller(bot))
