"""Checking a quotation against the seed: exact, close (showing the difference), someone else's."""

from __future__ import annotations

from retrieval.engine import Engine


async def test_a_near_miss_is_close_and_shows_the_missing_word(seeded: Engine) -> None:
    answer = await seeded.ask("Did Giammattei say we are on the same side of the coin?")
    assert answer.kind == "check_quote"
    assert answer.answer is not None and answer.answer.verdict == "close"
    assert ("added", "not") in answer.answer.diff
    assert answer.answer.speaker == "Alejandro Giammattei"


async def test_words_said_by_someone_else_are_reported_as_such(seeded: Engine) -> None:
    answer = await seeded.ask("Did Mayorkas say we are not on the same side of the coin?")
    assert answer.answer is not None and answer.answer.verdict == "not_found"
    assert answer.answer.speaker == "Alejandro Giammattei"
    assert answer.note == "Those words were said by Alejandro Giammattei, not Mayorkas."


async def test_the_exact_words_are_exact(seeded: Engine) -> None:
    answer = await seeded.ask("Did Giammattei say 'we are not on the same side of the coin'?")
    assert answer.answer is not None and answer.answer.verdict == "exact"
    assert answer.passages[0].paragraph == 3
