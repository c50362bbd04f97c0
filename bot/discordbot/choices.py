"""Autocomplete choices: cheap indexed queries with a limit."""

from __future__ import annotations

from discord import app_commands

from bot.present import clip
from retrieval.engine import Engine

MAX_CHOICES = 25


async def article_choices(
    engine: Engine, scope: int | None, current: str, own_only: bool = False
) -> list[app_commands.Choice[int]]:
    """Visible articles whose title or source holds `current`, newest first."""
    articles = await engine.articles(
        scope, current.strip() or None, limit=MAX_CHOICES, own=own_only
    )
    return [
        app_commands.Choice(name=clip(f"{a.id} · {a.title}", 100), value=a.id) for a in articles
    ]


async def speaker_choices(
    engine: Engine, scope: int | None, current: str
) -> list[app_commands.Choice[str]]:
    """Visible speakers whose name holds `current`, most quoted first."""
    names = await engine.speakers(scope, current.strip(), limit=MAX_CHOICES)
    return [app_commands.Choice(name=clip(n, 100), value=n[:100]) for n in names]
