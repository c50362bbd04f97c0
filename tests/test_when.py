"""Questions about a time: "this week", "yesterday", "in 2016", "latest", answered as of a day."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from retrieval.engine import Engine, EngineSettings
from retrieval.models import Draft
from retrieval.rank import Weights
from retrieval.store import Store
from retrieval.when import When, timeliness, when

FRIDAY = date(2022, 7, 8)


@pytest.mark.parametrize(
    ("question", "first", "last"),
    [
        ("Which head of state announced his resignation this week?", "2022-07-01", "2022-07-08"),
        ("What did the council decide today?", "2022-07-07", "2022-07-08"),
        ("Who won the vote yesterday?", "2022-07-06", "2022-07-08"),
        ("What happened over the weekend in Leeds?", "2022-07-01", "2022-07-08"),
        ("Which team was relegated last week?", "2022-06-24", "2022-07-08"),
        ("What did the mayor promise last month?", "2022-05-07", "2022-06-13"),
        ("How many storms hit the coast this year?", "2022-01-01", "2022-07-08"),
        ("Who led the league last year?", "2021-01-01", "2021-12-31"),
        ("Which show won the most Emmys in 2016?", "2016-01-01", "2016-12-31"),
        ("In 2019, who chaired the committee.", "2019-01-01", "2019-12-31"),
    ],
)
def test_time_expressions_become_spans_before_the_asking_day(
    question: str, first: str, last: str
) -> None:
    asked = when(question)
    assert asked is not None
    assert asked.span(FRIDAY) == (date.fromisoformat(first), date.fromisoformat(last))


@pytest.mark.parametrize(
    "question",
    [
        "What is the latest on the bridge repairs?",
        "What has the mayor said recently about housing?",
        "How much aid has been approved so far?",
    ],
)
def test_recency_words_ask_for_new_articles_without_a_span(question: str) -> None:
    asked = when(question)
    assert asked is not None and asked.span(FRIDAY) is None


@pytest.mark.parametrize(
    "question",
    [
        "Which countries make up the Northern Triangle?",
        "How many people died of COVID-19 in care homes?",
        "What did the report say about 2.9 million vehicles?",
        "Is the weekly market moving to Tuesdays?",
        "Did turnout reach 2,016 voters or 2016.5 hours?",
    ],
)
def test_questions_that_say_nothing_of_time(question: str) -> None:
    assert when(question) is None


def test_timeliness_prefers_the_span_and_fades_outside_it() -> None:
    week = When(days=(7, 0))
    assert timeliness(week, date(2022, 7, 5), FRIDAY) == 1.0
    near = timeliness(week, date(2022, 6, 28), FRIDAY)
    assert 0.0 < near < 1.0
    assert timeliness(week, date(2021, 7, 5), FRIDAY) == 0.0
    # Published after the day asked about, or undated: no preference either way.
    assert timeliness(week, date(2022, 7, 9), FRIDAY) == 0.0
    assert timeliness(week, None, FRIDAY) == 0.0
    # No time said: newer is better, and a year-old article is nearly level with older ones.
    fresh, month = (timeliness(None, date(2022, 7, d), FRIDAY) for d in (8, 1))
    assert fresh == 1.0 and fresh > month
    assert timeliness(None, date(2021, 7, 8), FRIDAY) < 0.1


def _resignation(day: str, who: str, n: int) -> Draft:
    return Draft(
        title=f"{who} resigns as party leader",
        paragraphs=(
            f"{who} announced his resignation as party leader on the steps of the town hall, "
            "after a week in which several ministers quit the cabinet.",
            f"The resignation of {who} opens a contest for the leadership of the party.",
        ),
        url=f"https://example.org/news/resignation-{n}",
        source="Example Times",
        published=day,
    )


@pytest.fixture
async def resignations(engine: Engine) -> Engine:
    for n, (day, who) in enumerate(
        [("2019-05-24", "Teodor Marsh"), ("2022-07-07", "Boris Hale"), ("2020-02-10", "Ian Fry")]
    ):
        result = await engine.add_draft(_resignation(day, who, n))
        assert result.article is not None
    return engine


async def test_this_week_finds_the_article_of_the_week_asked_about(resignations: Engine) -> None:
    question = "Which party leader announced his resignation this week?"
    for day, who in [(FRIDAY, "Boris Hale"), (date(2019, 5, 25), "Teodor Marsh")]:
        answer = await resignations.ask(question, today=day)
        assert answer.passages[0].title == f"{who} resigns as party leader"


async def test_a_named_year_finds_that_years_article(resignations: Engine) -> None:
    answer = await resignations.ask("Which party leader resigned in 2020?", today=FRIDAY)
    assert answer.passages[0].title == "Ian Fry resigns as party leader"


async def test_without_a_time_the_newest_of_equals_comes_first(resignations: Engine) -> None:
    answer = await resignations.ask("Which party leader announced his resignation?", today=FRIDAY)
    assert answer.passages[0].title == "Boris Hale resigns as party leader"


async def test_an_archive_can_turn_the_preference_for_new_stories_off(
    resignations: Engine, store: Store
) -> None:
    archive = Engine(
        store,
        EngineSettings(weights=dataclasses.replace(Weights(), freshness=0.0)),
    )
    question = "Which party leader announced his resignation?"
    newest = await resignations.ask(question, today=FRIDAY)
    level = await archive.ask(question, today=FRIDAY)
    assert newest.passages[0].title == "Boris Hale resigns as party leader"
    assert level.passages[0].title != newest.passages[0].title


def test_cli_answers_as_of_a_day(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    lines = [
        json.dumps(
            {
                "title": d.title,
                "text": "\n\n".join(d.paragraphs),
                "url": d.url,
                "published": d.published,
            }
        )
        for d in (
            _resignation("2019-05-24", "Teodor Marsh", 1),
            _resignation("2022-07-07", "Boris Hale", 2),
        )
    ]
    source = tmp_path / "articles.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    newsbot = [sys.executable, "-m", "bot.main", "--db", str(db)]
    subprocess.run([*newsbot, "import", "--quiet", str(source)], check=True, capture_output=True)
    question = "Who announced his resignation this week?"
    for day, who in [("2019-05-27", "Teodor Marsh"), ("2022-07-08", "Boris Hale")]:
        out = subprocess.run(
            [*newsbot, "ask", "--json", "--as-of", day, question],
            check=True,
            capture_output=True,
            text=True,
        )
        assert json.loads(out.stdout)["passages"][0]["title"].startswith(who)
    bad = subprocess.run(
        [*newsbot, "ask", "--as-of", "last tuesday", question], capture_output=True, text=True
    )
    assert bad.returncode != 0 and "not a date" in bad.stderr


async def test_what_someone_said_this_week_puts_that_weeks_quotation_first(
    engine: Engine,
) -> None:
    for n, (day, words) in enumerate(
        [
            ("2022-03-02", "The bridge will be finished before the winter, I promise you that."),
            ("2022-07-06", "Nobody should have to wait another year for a safe crossing."),
        ]
    ):
        draft = Draft(
            title=f"Mayor speaks on the bridge, part {n + 1}",
            paragraphs=(f'"{words}" said Mayor Ana Ruiz on the steps of the town hall.',),
            url=f"https://example.org/news/bridge-{n}",
            published=day,
        )
        assert (await engine.add_draft(draft)).article is not None
    asked = "What did Ruiz say this week?"
    latest = await engine.ask(asked, today=FRIDAY)
    earlier = await engine.ask(asked, today=date(2022, 3, 4))
    assert latest.kind == earlier.kind == "what_said"
    assert latest.answer is not None and latest.answer.quote is not None
    assert latest.answer.quote.startswith("Nobody should have to wait")
    assert earlier.answer is not None and earlier.answer.quote is not None
    assert earlier.answer.quote.startswith("The bridge will be finished")
