"""Buttons: a paginator and a confirmation, each answering only the member who opened it."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.discordbot.errors import report

PageMaker = Callable[[int], Awaitable[discord.Embed]]


class OwnedView(discord.ui.View):
    """A view whose buttons only its owner may press; it removes itself on timeout."""

    def __init__(self, owner_id: int, timeout: float = 180.0) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.message: discord.Message | discord.InteractionMessage | None = None

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Others get a private note instead of moving someone else's pages."""
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(
            "Only the member who ran the command can use these buttons.", ephemeral=True
        )
        return False

    async def on_timeout(self) -> None:
        """Take the buttons away so no one presses a dead button."""
        if self.message is not None:
            with contextlib.suppress(discord.HTTPException):
                await self.message.edit(view=None)

    async def on_error(
        self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any], /
    ) -> None:
        """Button errors go through the bot's one handler."""
        await report(interaction, error)


class Paginator(OwnedView):
    """Previous / next over pages made on demand."""

    def __init__(self, owner_id: int, pages: int, make_page: PageMaker, timeout: float = 180.0):
        super().__init__(owner_id, timeout)
        self.page = 0
        self.pages = pages
        self.make_page = make_page
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page >= self.pages - 1

    async def _show(self, interaction: discord.Interaction) -> None:
        self._update_buttons()
        embed = await self.make_page(self.page)
        await interaction.response.edit_message(embed=embed, view=self)

    @discord.ui.button(label="◀ Previous", style=discord.ButtonStyle.secondary)
    async def previous(
        self, interaction: discord.Interaction, _: discord.ui.Button[Paginator]
    ) -> None:
        """One page back."""
        self.page = max(0, self.page - 1)
        await self._show(interaction)

    @discord.ui.button(label="Next ▶", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, _: discord.ui.Button[Paginator]) -> None:
        """One page on."""
        self.page = min(self.pages - 1, self.page + 1)
        await self._show(interaction)


class Confirm(OwnedView):
    """Yes / cancel; `choice` is True, False, or None on timeout."""

    def __init__(self, owner_id: int, timeout: float = 60.0) -> None:
        super().__init__(owner_id, timeout)
        self.choice: bool | None = None
        self.answered: discord.Interaction | None = None

    @discord.ui.button(label="Remove", style=discord.ButtonStyle.danger)
    async def yes(self, interaction: discord.Interaction, _: discord.ui.Button[Confirm]) -> None:
        """Confirm."""
        self.choice, self.answered = True, interaction
        self.stop()

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def no(self, interaction: discord.Interaction, _: discord.ui.Button[Confirm]) -> None:
        """Cancel."""
        self.choice, self.answered = False, interaction
        self.stop()
