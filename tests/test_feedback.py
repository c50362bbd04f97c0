"""Votes on answers, and `newsbot feedback`: what people found wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.console import load_samples
from retrieval.engine import Engine
from retrieval.errors import NotFound
from tests.test_cli import newsbot


async def _voted_library(engine: Engine) -> tuple[int, int, int]:
    await load_samples(engine, None)
    right = await engine.record_answer(
        await engine.ask("who said nobody wins when the trains stop?", 42), 42
    )
    wrong = await engine.record_answer(await engine.ask("when does the bridge open?", 42), 42)
    elsewhere = await engine.record_answer(await engine.ask("what did Ruiz say?", 7), 7)
    return right, wrong, elsewhere


async def test_one_vote_per_member_and_the_wrong_ones_listed(engine: Engine) -> None:
    right, wrong, elsewhere = await _voted_library(engine)
    assert await engine.vote([right], 42, "ana", up=True) is None
    assert await engine.vote([wrong], 42, "ana", up=False) is None
    assert await engine.vote([wrong], 42, "ben", up=False) is None
    # A member who changes their mind replaces their vote; they never count twice.
    assert await engine.vote([wrong], 42, "cy", up=True) is None
    assert await engine.vote([wrong], 42, "cy", up=False) == 1
    assert await engine.vote([elsewhere], 7, "dee", up=False) is None
    [found] = await engine.found_wrong(42)
    assert (found.id, found.down, found.up) == (wrong, 3, 0)
    assert found.question == "when does the bridge open?"
    assert found.cited and "Bridge" in found.cited[0].title
    assert {r.id for r in await engine.found_wrong(None)} == {wrong, elsewhere}
    with pytest.raises(NotFound):
        await engine.vote([wrong], 7, "eve", up=False)  # not an answer shown on server 7


async def test_newsbot_feedback_lists_answers_voted_wrong(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    async with Engine.open(db) as engine:
        _, wrong, _ = await _voted_library(engine)
        await engine.vote([wrong], 42, "ana", up=False)
    listed = json.loads(newsbot(db, "feedback", "--json").stdout)
    assert [(r["id"], r["down"], r["guild"]) for r in listed] == [(wrong, 1, 42)]
    assert listed[0]["passages"][0]["paragraph"] >= 1
    text = newsbot(db, "feedback", "--guild", "42").stdout
    assert "when does the bridge open?" in text and "👎 1 👍 0" in text
    assert (
        newsbot(db, "feedback", "--guild", "7").stdout.strip() == "no answer has been voted wrong"
    )


async def test_a_reply_s_answers_are_voted_on_all_or_none(engine: Engine) -> None:
    right, wrong, elsewhere = await _voted_library(engine)
    with pytest.raises(NotFound, match="no longer kept"):
        await engine.vote([right, elsewhere], 42, "ana", up=False)
    assert await engine.found_wrong(None) == []  # not even the first was stored
    await engine.vote([right, wrong], 42, "ana", up=False)
    assert {r.id for r in await engine.found_wrong(42)} == {right, wrong}


async def test_old_answers_nobody_voted_on_are_cleared(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from retrieval.store import feedback

    monkeypatch.setattr(feedback, "KEEP_ANSWERS", 3)
    monkeypatch.setattr(feedback, "PRUNE_EVERY", 5)
    await load_samples(engine, None)
    answer = await engine.ask("when does the bridge open?", 42)
    voted = await engine.record_answer(answer, 42)
    await engine.vote([voted], 42, "ana", up=False)
    ids = [voted] + [await engine.record_answer(answer, 42) for _ in range(4)]
    assert ids[-1] == 5
    # Answer 5 cleared every unvoted answer up to 2; the voted one stays.
    assert [r.id for r in await engine.found_wrong(42)] == [voted]
    with pytest.raises(NotFound):
        await engine.vote([2], 42, "ben", up=True)
    await engine.vote([3], 42, "ben", up=False)
