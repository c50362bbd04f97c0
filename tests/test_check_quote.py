"""Checking a quotation against the seed: exact, close (showing the difference), someone else's."""

from __future__ import annotations

import random

from retrieval.engine import Engine
from retrieval.models import Draft

FIRST = "Ana Ben Cora Dev Eli Fay Gus Hana Ivo Jun Kit Lea Max Nia Oto Pia Raf Sol Tia Uma".split()
LAST = (
    "Abara Brandt Csaki Dunmore Ekwueme Falk Gorski Haldane Iqbal Jovanovic Kowal Lindqvist "
    "Moreau Nakata Okoro Petrov Quigley Rasmussen Sato Tremblay"
).split()
WORDS = (
    "harbour budget ferry council rates school bridge river strike fares toll grant clinic "
    "housing market tunnel station library park flood road tram wage pension union vote"
).split()


def _library(count: int, seed: int = 7) -> list[Draft]:
    """`count` short stories, each with one quotation of ten words from a small vocabulary,
    so that thousands of quotations share most of their words."""
    rng = random.Random(seed)
    drafts = []
    for n in range(count):
        speaker = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        said = " ".join(rng.choice(WORDS) for _ in range(10))
        paragraphs = (
            f"The council met on day {n} to discuss the {rng.choice(WORDS)}.",
            f"“The {said},” said {speaker}.",
        )
        drafts.append(Draft(title=f"Council story {n}", paragraphs=paragraphs, ref=str(n)))
    return drafts


async def test_a_near_miss_is_close_and_shows_the_missing_word(seeded: Engine) -> None:
    answer = await seeded.ask("Did Giammattei say we are on the same side of the coin?")
    assert answer.kind == "check_quote"
    assert answer.answer is not None and answer.answer.verdict == "close"
    assert ("added", "not") in answer.answer.diff
    assert answer.answer.speaker == "Alejandro Giammattei"


async def test_words_said_by_someone_else_are_reported_as_such(seeded: Engine) -> None:
    answer = await seeded.ask("Did Mayorkas say we are not on the same side of the coin?")
    assert answer.answer is not None and answer.answer.verdict == "other"
    assert answer.answer.speaker == "Alejandro Giammattei"
    # The speaker asked about is named as the library knows them.
    assert answer.note == "Those words were said by Alejandro Giammattei, not Alejandro Mayorkas."


async def test_the_exact_words_are_exact(seeded: Engine) -> None:
    answer = await seeded.ask("Did Giammattei say 'we are not on the same side of the coin'?")
    assert answer.answer is not None and answer.answer.verdict == "exact"
    assert answer.passages[0].paragraph == 3


async def test_a_claim_is_checked_against_every_quotation_of_a_large_library(
    engine: Engine,
) -> None:
    drafts = _library(3000)
    for draft in drafts:
        await engine.add_draft(draft)
    assert (await engine.stats(None)).quotes == 3000
    # Early, middle and late stories: none may be cut off before the claim meets it.
    for n in (5, 1500, 2990):
        story = drafts[n]
        said = story.paragraphs[1].split("“The ")[1].split(",”")[0]
        speaker = story.paragraphs[1].rsplit("said ", 1)[1].rstrip(".")
        answer = await engine.ask(f"Did {speaker} say “{said}”?")
        assert answer.answer is not None
        assert answer.answer.verdict == "exact", (speaker, said, answer.note)
        assert answer.passages[0].article_ref == str(n)
        changed = said.split()
        changed[4] = "zebra"
        answer = await engine.ask(f"Did {speaker} say “{' '.join(changed)}”?")
        assert answer.answer is not None and answer.answer.verdict == "close"
        assert ("added", said.split()[4]) in answer.answer.diff


def test_quotations_left_unaligned_could_never_have_been_close() -> None:
    from retrieval.align import CLOSE_SIMILARITY, align, could_be_close

    rng = random.Random(3)
    vocabulary = "a b c d e f g h i j".split()
    for _ in range(5000):
        claim = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 12)))
        quote = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 20)))
        if align(claim, quote)[0] >= CLOSE_SIMILARITY:
            assert could_be_close(claim, quote), (claim, quote)
