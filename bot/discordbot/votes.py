"""👍 / 👎 under every answer, and the button that posts a private answer for everyone.

The vote buttons carry the ids of the answers they judge in their custom ids, so they keep
working after the bot restarts (discord.py's `DynamicItem`). A member has one vote per answer:
pressing the other button changes it."""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Sequence
from typing import Any, cast

import discord

from bot.discordbot.client import NewsBot
from bot.discordbot.errors import report
from bot.discordbot.render import NO_MENTIONS
from retrieval.models import Answer

log = logging.getLogger(__name__)

THANKS = {True: "Thanks: noted as a good answer.", False: "Thanks: noted as a wrong answer."}


class VoteButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"vote:(?P<way>up|down):(?P<ids>\d+(?:,\d+)*)",
):
    """A vote on the answers of one reply."""

    def __init__(self, up: bool, answers: Sequence[int]) -> None:
        self.up = up
        self.answers = tuple(answers)
        super().__init__(
            discord.ui.Button(
                emoji="👍" if up else "👎",
                style=discord.ButtonStyle.secondary,
                custom_id=f"vote:{'up' if up else 'down'}:{','.join(map(str, self.answers))}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction,
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> VoteButton:
        """The button of a message sent before, maybe before the bot restarted."""
        return cls(match["way"] == "up", [int(i) for i in match["ids"].split(",")])

    async def callback(self, interaction: discord.Interaction) -> None:
        """Store the member's vote on each answer of the reply."""
        bot = cast(NewsBot, interaction.client)
        try:
            before = await bot.engine.vote(
                self.answers, interaction.guild_id, str(interaction.user.id), self.up
            )
        except Exception as exc:
            await report(interaction, exc)
            return
        text = THANKS[self.up]
        if before is not None and (before > 0) != self.up:
            text += " Your earlier vote was changed."
        await interaction.response.send_message(text, ephemeral=True)


async def record(bot: NewsBot, answers: Sequence[Answer], scope: int | None) -> list[int]:
    """Keep the answers of a reply for its vote buttons; best effort: a library too busy to
    take the write (a long import elsewhere) costs the reply its buttons, never the answer."""
    try:
        return [await bot.engine.record_answer(a, scope) for a in answers]
    except Exception:
        log.warning("answers not recorded for votes", exc_info=True)
        return []


def vote_buttons(answers: Sequence[int]) -> list[VoteButton]:
    """👍 and 👎 for the answers of one reply (none when nothing was recorded)."""
    if not answers:
        return []
    return [VoteButton(True, answers), VoteButton(False, answers)]


def voting(answers: Sequence[int]) -> discord.ui.View:
    """A view of the vote buttons that never times out."""
    view = discord.ui.View(timeout=None)
    for item in vote_buttons(answers):
        view.add_item(item)
    return view


class PostPublicly(discord.ui.View):
    """On a private reply: a button that posts the same reply for everyone in the channel."""

    def __init__(
        self,
        origin: discord.Interaction,
        embeds: Sequence[discord.Embed],
        answers: Sequence[int],
        timeout: float = 600.0,
    ) -> None:
        super().__init__(timeout=timeout)
        self.origin = origin
        self.embeds = list(embeds)
        self.answers = tuple(answers)
        for item in vote_buttons(answers):
            self.add_item(item)

    @discord.ui.button(label="Post publicly", style=discord.ButtonStyle.primary)
    async def post(
        self, interaction: discord.Interaction, _: discord.ui.Button[PostPublicly]
    ) -> None:
        """Post the reply in the channel, with its vote buttons; the private copy loses this
        button."""
        await interaction.response.send_message(
            embeds=self.embeds, view=voting(self.answers), allowed_mentions=NO_MENTIONS
        )
        self.remove_item(self.post)
        self.stop()
        with contextlib.suppress(discord.HTTPException):
            await self.origin.edit_original_response(view=self)

    async def on_timeout(self) -> None:
        """The private copy keeps its votes; the post button goes."""
        self.remove_item(self.post)
        with contextlib.suppress(discord.HTTPException):
            await self.origin.edit_original_response(view=self)

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any], /
    ) -> None:
        """Button errors go through the bot's one handler."""
        await report(interaction, error)


async def setup(bot: NewsBot) -> None:
    """Make the vote buttons of earlier messages work (an extension)."""
    bot.add_dynamic_items(VoteButton)
