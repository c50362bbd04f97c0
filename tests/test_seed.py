"""The public seed article: stored as its real paragraphs, and its questions answered."""

from __future__ import annotations

from pathlib import Path

from retrieval.engine import Engine


async def test_seed_is_stored_as_its_eleven_real_paragraphs(seeded: Engine) -> None:
    [article] = await seeded.articles(None)
    paragraphs = await seeded.paragraphs(article)
    assert len(paragraphs) == 11
    joined = "\n".join(paragraphs)
    for debris in (
        "US Harris",
        "<p>",
        "Copyright",
        "All rights reserved",
        "Read More",
        "drone",
        "Time ticking away",
    ):
        assert debris not in joined
    assert paragraphs[0].startswith("Guatemala’s president said on Sunday")
    assert paragraphs[-1].startswith("The three countries remain embroiled")
    assert article.title.startswith("‘We are not on the same side of the coin’")


async def test_northern_triangle_question_finds_the_paragraph_naming_the_countries(
    seeded: Engine,
) -> None:
    answer = await seeded.ask("Which countries make up the Northern Triangle?")
    first = answer.passages[0]
    assert "El Salvador and Honduras" in first.text
    assert first.paragraph == 10


async def test_giammattei_coin_question_finds_his_quotation(seeded: Engine) -> None:
    answer = await seeded.ask("What did Giammattei say about the coin?")
    assert "We are not on the same side of the coin" in answer.passages[0].text
    assert answer.passages[0].speaker == "Alejandro Giammattei"
    assert answer.answer is not None and answer.answer.speaker == "Alejandro Giammattei"


async def test_southwest_border_question_names_mayorkas(seeded: Engine) -> None:
    answer = await seeded.ask(
        "Who said the US was on pace to encounter more individuals on the southwest border?"
    )
    assert answer.kind == "who_said"
    assert answer.answer is not None
    assert answer.answer.speaker == "Alejandro Mayorkas"
    assert answer.answer.role == "Homeland Security Secretary"
    assert "southwest border" in answer.passages[0].text


async def test_passages_link_to_the_passage_itself(engine: Engine, seed_path: Path) -> None:
    [draft] = await engine.drafts_from(str(seed_path), url="https://example.org/story")
    await engine.add_draft(draft)
    answer = await engine.ask("Which countries make up the Northern Triangle?")
    link = answer.passages[0].link
    assert link is not None
    assert link.startswith("https://example.org/story#:~:text=Guatemala%20is%20one%20of,")
    assert link.endswith("in%20the%20US")
