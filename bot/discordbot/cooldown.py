"""One question per member per cooldown, with one notice per wait rather than one per message:
two discord.py `CooldownMapping`s, one for questions and one for notices."""

from __future__ import annotations

import discord
from discord.ext import commands


def _member(asked: discord.Interaction | discord.Message) -> int:
    """Who asked: cooldowns are per member, across channels and servers."""
    return asked.user.id if isinstance(asked, discord.Interaction) else asked.author.id


class QuestionCooldown:
    """How long a member waits between questions (0: no wait)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._questions = commands.CooldownMapping.from_cooldown(1, seconds, _member)
        self._notices = commands.CooldownMapping.from_cooldown(1, seconds, _member)

    def check(self, asked: discord.Interaction | discord.Message) -> tuple[float, bool]:
        """(seconds left before they may ask, 0 if they may ask now; whether to tell them)."""
        if self.seconds <= 0:
            return 0.0, False
        wait = self._questions.update_rate_limit(asked)
        if wait is None:
            # A new wait will get its own notice.
            bucket = self._notices.get_bucket(asked)
            if bucket is not None:
                bucket.reset()
            return 0.0, False
        return wait, self._notices.update_rate_limit(asked) is None
