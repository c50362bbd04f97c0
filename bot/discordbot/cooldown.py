"""A per-member cooldown on questions, with one notice per cooldown rather than one per message."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Cooldown:
    """Remembers when each member last asked, and whether they were told to wait."""

    seconds: float
    clock: Callable[[], float] = time.monotonic
    _last: dict[int, float] = field(default_factory=dict)
    _told: set[int] = field(default_factory=set)

    def try_ask(self, member: int) -> tuple[bool, float, bool]:
        """(allowed, seconds left, whether to tell them) for a member asking now."""
        now = self.clock()
        last = self._last.get(member)
        if last is None or now - last >= self.seconds:
            self._last[member] = now
            self._told.discard(member)
            if len(self._last) > 10_000:
                # Forget members whose cooldown has long passed.
                self._last = {m: t for m, t in self._last.items() if now - t < self.seconds}
            return True, 0.0, False
        tell = member not in self._told
        self._told.add(member)
        return False, self.seconds - (now - last), tell
