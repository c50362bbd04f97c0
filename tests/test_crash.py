"""Killing a bulk import leaves no half-written article, and importing again is exact (the
short mode of `python -m bench crash`; docs/reliability.md has the full run)."""

from __future__ import annotations

from bench import crash
from tests.conftest import SHARED_DATA, shared


def test_imports_killed_at_random_moments_leave_nothing_partial() -> None:
    shared("bbc_news/articles.jsonl")
    lines: list[str] = []
    result = crash.run(SHARED_DATA, articles=150, trials=3, seed=7, say=lines.append)
    assert result["expected"]["articles"] == 150
    assert result["expected"]["quotes"] > 0
    assert result["killed_mid_import"] >= 1, result["trials"]
    for trial in result["trials"]:
        assert trial["sound_after_kill"], trial
        assert trial["no_partial_article"], trial
        assert trial["exact_after_rerun"], trial
