"""`newsbot run` and `newsbot sync`: the Discord bot from the command line."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import aiohttp
import discord

from bot.config import Settings, check_discord
from bot.discordbot.client import NewsBot, point_at
from retrieval.engine import Engine
from retrieval.errors import NewsbotError

log = logging.getLogger(__name__)

NO_TOKEN = (
    "DISCORD_TOKEN is not set: create a bot application in Discord's developer portal and "
    "export its token as DISCORD_TOKEN"
)
BAD_TOKEN = "Discord rejected the token in DISCORD_TOKEN (check it in the developer portal)"


def _token(settings: Settings) -> str:
    if not settings.token:
        raise NewsbotError(NO_TOKEN)
    # newsbot has no voice features: spare admins the warnings about voice libraries.
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False
    return settings.token


@contextmanager
def discord_errors(settings: Settings) -> Iterator[None]:
    """Discord's refusals and an unreachable API become one-line errors."""
    try:
        yield
    except discord.LoginFailure:
        raise NewsbotError(BAD_TOKEN) from None
    except discord.PrivilegedIntentsRequired:
        raise NewsbotError("Discord refused the gateway intents newsbot asked for") from None
    except (aiohttp.ClientError, OSError) as exc:
        api = settings.discord.api_base
        raise NewsbotError(f"cannot reach Discord at {api} ({type(exc).__name__})") from None


def sharded(settings: Settings, args: argparse.Namespace) -> Settings:
    """The settings with `--shard-count` and `--shards` from the command line, checked."""
    discord_settings = settings.discord
    if args.shard_count is not None:
        discord_settings = replace(discord_settings, shard_count=args.shard_count)
    if args.shards is not None:
        discord_settings = replace(discord_settings, shards=args.shards)
    check_discord(discord_settings)
    return replace(settings, discord=discord_settings)


async def cmd_run(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """Connect to Discord and answer until stopped."""
    settings = sharded(settings, args)
    token = _token(settings)
    logging.getLogger("bot").setLevel(logging.INFO)
    logging.getLogger("discord").setLevel(logging.INFO)
    point_at(settings.discord)
    bot = NewsBot(engine, settings)
    with discord_errors(settings):
        async with bot:
            await bot.start(token)
    return 0


async def cmd_sync(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """Publish the slash commands: to one server with --guild, otherwise to every server."""
    token = _token(settings)
    point_at(settings.discord)
    bot = NewsBot(engine, settings)
    with discord_errors(settings):
        async with bot:
            await bot.login(token)
            if args.guild:
                guild = discord.Object(id=args.guild)
                bot.tree.copy_global_to(guild=guild)
                synced = await bot.tree.sync(guild=guild)
                where = f"server {args.guild}"
            else:
                synced = await bot.tree.sync()
                where = "every server (global commands can take up to an hour to appear)"
    print(f"synced {len(synced)} commands to {where}")  # noqa: T201 (the CLI's own output)
    return 0
