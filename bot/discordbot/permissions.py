"""Who may manage a server's library: one check for every admin command."""

from __future__ import annotations

from typing import cast

import discord
from discord import app_commands

from bot.discordbot.client import NewsBot

REFUSED = "You need the Manage Server permission or the admin role to manage articles."


def is_admin(interaction: discord.Interaction, admin_role: str | None) -> bool:
    """Manage Server (or Administrator) in this server, or the configured admin role."""
    permissions = interaction.permissions
    if permissions.manage_guild or permissions.administrator:
        return True
    member = interaction.user
    if admin_role and isinstance(member, discord.Member):
        return any(role.name == admin_role or str(role.id) == admin_role for role in member.roles)
    return False


def check_admin(interaction: discord.Interaction) -> bool:
    """Allow admins; refuse others with a reason, whatever Discord's menu showed them."""
    bot = cast(NewsBot, interaction.client)
    if is_admin(interaction, bot.settings.discord.admin_role):
        return True
    raise app_commands.CheckFailure(REFUSED)
