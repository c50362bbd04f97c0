"""Checking the quotations of a message someone posted: who it says said them, and what the
library says (on the sample articles, which newsbot's authors wrote)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.console import load_samples
from retrieval.engine import Engine
from retrieval.message import claims
from tests.test_cli import newsbot

SAMPLES = Path(__file__).resolve().parent.parent / "retrieval" / "samples" / "articles.jsonl"


SIDE = "we are not on the same side"
TRAINS = "nobody wins when the trains stop"
MESSAGES = [
    ("Mayorkas said the US was 'on pace to exceed' it", "on pace to exceed", "Mayorkas"),
    (f"apparently Harris said “{SIDE}” lol", SIDE, "Harris"),
    (f"“{TRAINS.capitalize()},” said Martin Hale", TRAINS.capitalize(), "Martin Hale"),
    ('the minister told reporters "the storm will pass"', "the storm will pass", "the minister"),
    ('Ruiz: "nobody should have to drive"', "nobody should have to drive", "Ruiz"),
    ('see "the bridge will outlive us" - martin hale', "the bridge will outlive us", "martin hale"),
    (f'someone posted "{TRAINS}" lol', TRAINS, None),
    (f'so he said "{SIDE}"', SIDE, None),
    (f'Hale said "{TRAINS}", Ruiz said "{SIDE}"', TRAINS, "Hale"),
]


@pytest.mark.parametrize(("message", "words", "speaker"), MESSAGES)
def test_a_message_s_quotations_and_who_it_says_said_them(
    message: str, words: str, speaker: str | None
) -> None:
    claim = claims(message)[0]
    assert (claim.words, claim.speaker) == (words, speaker)


def test_phrases_apostrophes_and_plain_text_are_not_quotations() -> None:
    assert claims("it's the council's call, isn't it") == []
    assert claims('they called it "fake news" again') == []
    assert claims("no quotation marks in this one at all") == []


@pytest.fixture
async def samples(engine: Engine) -> Engine:
    await load_samples(engine, None)
    return engine


async def test_each_quotation_gets_its_verdict(samples: Engine) -> None:
    report = await samples.check(
        'Hale said "nobody wins when the trains stop", Ruiz said "nobody wins when the '
        'trains stop" and Hale said "nobody wins if the trains stop" and Hale said "the '
        'trains will run on the moon by spring"'
    )
    verdicts = [
        (c.speaker, c.answer.answer.verdict if c.answer.answer else None) for c in report.checked
    ]
    assert verdicts == [
        ("Hale", "exact"),
        ("Ruiz", "other"),
        ("Hale", "close"),
        ("Hale", "not_found"),
    ]
    other = report.checked[1].answer
    assert other.answer is not None and other.answer.speaker == "Martin Hale"
    assert other.note == "Those words were said by Martin Hale, not Ana Ruiz."
    assert other.passages and other.passages[0].link  # the citation of who really said it
    close = report.checked[2].answer.answer
    assert close is not None and ("missing", "if") in close.diff
    assert report.search is None


async def test_words_quoted_without_a_speaker_say_who_said_them(samples: Engine) -> None:
    [checked] = (await samples.check('someone posted "nobody wins when the trains stop"')).checked
    assert checked.answer.answer is not None
    assert (checked.answer.answer.verdict, checked.answer.answer.speaker) == (
        "exact",
        "Martin Hale",
    )
    assert checked.answer.note is None


async def test_a_message_that_quotes_nothing_is_searched(samples: Engine) -> None:
    report = await samples.check("the new harbour bridge opened to traffic")
    assert report.checked == ()
    assert report.search is not None and report.search.passages
    assert "Harbour Bridge" in report.search.passages[0].title


def test_newsbot_check_json(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    assert newsbot(db, "import", str(SAMPLES), "--quiet").returncode == 0
    out = newsbot(db, "check", "--json", 'Ruiz said "nobody wins when the trains stop"')
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    [quotation] = report["quotations"]
    assert (quotation["quote"], quotation["speaker"]) == (
        "nobody wins when the trains stop",
        "Ruiz",
    )
    assert quotation["answer"]["answer"]["verdict"] == "other"
    assert quotation["answer"]["answer"]["speaker"] == "Martin Hale"
    assert report["search"] is None and report["unchecked"] == 0
    text = newsbot(db, "check", "-", stdin='Hale said "nobody wins when the trains stop"\n')
    assert "Yes — those are the exact words." in text.stdout
    empty = newsbot(db, "check", "  ")
    assert empty.returncode == 1 and "nothing to check" in empty.stderr
