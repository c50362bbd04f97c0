"""Semantic re-ranking (`[search] semantic = true`): questions worded unlike their answer.

The tests with the model need the `semantic` extra, which `./test` installs.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from retrieval import semantic
from retrieval.engine import Engine, EngineSettings
from retrieval.models import Article, Draft, PassageRow, Scored
from retrieval.rank import SEMANTIC_WEIGHT, Weights, blend, confidence
from retrieval.store import Store
from tests.test_questions import HOSTILE

BRIDGE = Draft(
    title="Riverside bridge opens after two years of work",
    paragraphs=(
        "The mayor opened the new bridge on Saturday and thanked the engineers who built it "
        "over two years.",
        "A toll on lorries and a loan from the regional bank will cover the cost of the new "
        "bridge, the mayor said.",
        "Cyclists were the first to cross, followed by a brass band.",
    ),
    url="https://example.org/news/riverside-bridge",
    source="Riverside Courier",
    published="2026-09-12",
)
WIRELESS = Draft(
    title="Harbour town marks a century of wireless",
    paragraphs=(
        "In 1901 an engineer in the harbour town tapped out three dots in Morse code, and a "
        "receiver on the far side of the ocean heard them: the first wireless signal carried "
        "from Europe to North America.",
        "The town's first radio club still meets on Tuesdays. Its members sent greetings "
        "across the county and waves of postcards to the Atlantic coast museum for the "
        "anniversary.",
    ),
    url="https://example.org/news/harbour-wireless",
    source="Harbour Gazette",
    published="2026-08-30",
)
FERRY = Draft(
    title="Council approves new ferry timetable",
    paragraphs=(
        "The council approved a winter ferry timetable on Monday, with two crossings a day to "
        "the islands.",
        "Ferry operators said the timetable would be reviewed in the spring.",
    ),
    url="https://example.org/news/ferry-timetable",
    source="Riverside Courier",
    published="2026-10-02",
)
PAY = "How did the mayor pay for the new bridge?"
RADIO = "Who first sent radio waves across the Atlantic?"

needs_model = pytest.mark.skipif(
    semantic.missing() is not None, reason="the semantic extra is not installed"
)


def scored(article_id: int, score: float, coverage: float = 0.5) -> Scored:
    article = Article(
        article_id, None, None, f"a{article_id}", None, None, None, None, "2026-11-01", None, 3
    )
    row = PassageRow(article_id * 10, 0, f"text {article_id}", score, article)
    return Scored(row, score, coverage, ())


def test_blend_lets_meaning_reorder_close_passages_only() -> None:
    close = [scored(1, 10.0), scored(2, 9.5)]
    order = blend(close, [0.2, 0.6], SEMANTIC_WEIGHT, 2, 2)
    assert [s.row.article.id for s in order] == [2, 1]
    assert order[0].similarity == 0.6
    # A passage far ahead on the words keeps its place against a closer meaning.
    far = [scored(1, 10.0), scored(2, 2.0)]
    assert [s.row.article.id for s in blend(far, [0.2, 0.6], SEMANTIC_WEIGHT, 2, 2)] == [1, 2]


def test_blend_keeps_diversity() -> None:
    same = [scored(1, 10.0), scored(1, 9.0), scored(2, 5.0)]
    order = blend(same, [0.5, 0.5, 0.1], SEMANTIC_WEIGHT, 2, per_article=1)
    assert [s.row.article.id for s in order] == [1, 2]


def test_confidence_counts_a_close_meaning_when_the_words_differ() -> None:
    weak_words = replace(scored(1, 1.0, coverage=0.1), similarity=0.6)
    assert confidence(weak_words, 5) >= 0.3
    unrelated = replace(scored(1, 1.0, coverage=0.1), similarity=0.1)
    assert confidence(unrelated, 5) == 0.1


def test_semantic_setting_without_the_extra_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    path = tmp_path / "config.toml"
    path.write_text("[search]\nsemantic = true\n")
    with pytest.raises(ConfigError, match=r"pip install 'newsbot\[semantic\]'"):
        load_settings(path, environ={})
    path.write_text("[search]\nsemantic = 'yes'\n")
    with pytest.raises(ConfigError, match=r"search\.semantic must be bool"):
        load_settings(path, environ={})


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with Store.open(tmp_path / "news.db") as opened:
        plain = Engine(opened)
        for draft in (BRIDGE, WIRELESS, FERRY):
            await plain.add_draft(draft)
        yield opened


@pytest.fixture(scope="module")
def model() -> semantic.Similarity:
    similarity = semantic.Similarity()
    similarity.load()
    return similarity


def with_model(store: Store, model: semantic.Similarity) -> Engine:
    engine = Engine(store, EngineSettings(weights=Weights(semantic=SEMANTIC_WEIGHT)))
    engine.ranking.similarity = model  # loaded once for the module
    return engine


@needs_model
async def test_meaning_finds_the_paragraph_the_words_miss(
    store: Store, model: semantic.Similarity
) -> None:
    words = await Engine(store).ask(PAY)
    assert words.passages[0].text.startswith("The mayor opened")
    meaning = await with_model(store, model).ask(PAY)
    assert meaning.passages[0].text.startswith("A toll on lorries")
    assert meaning.passages[0].link is not None


@needs_model
async def test_a_paraphrased_question_is_answered_not_refused(
    store: Store, model: semantic.Similarity
) -> None:
    answer = await with_model(store, model).ask(RADIO)
    # Only "first" is shared with the answer, which the words alone rank below the radio club.
    assert answer.note is None
    assert answer.passages[0].text.startswith("In 1901 an engineer")
    assert answer.confidence >= 0.3


@needs_model
async def test_an_unrelated_question_still_gets_an_honest_miss(
    store: Store, model: semantic.Similarity
) -> None:
    answer = await with_model(store, model).ask("Which striker scored the winning penalty?")
    assert answer.passages == ()
    assert answer.note is not None


@needs_model
def test_the_cli_reranks_by_meaning_when_the_config_says_so(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    config = tmp_path / "config.toml"
    config.write_text("[search]\nsemantic = true\n")
    articles = tmp_path / "articles.jsonl"
    articles.write_text(
        "".join(
            json.dumps({"title": d.title, "text": "\n\n".join(d.paragraphs), "url": d.url}) + "\n"
            for d in (BRIDGE, FERRY)
        )
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "NEWSBOT_DB")}

    def newsbot(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "bot.main", "--db", str(db), "--config", str(config)]
        return subprocess.run(
            [*command, *args], capture_output=True, text=True, env=env, timeout=240
        )

    imported = newsbot("import", str(articles), "--quiet")
    assert imported.returncode == 0, imported.stderr
    asked = newsbot("ask", "--json", PAY)
    assert asked.returncode == 0, asked.stderr
    # Loading the model draws nothing on the terminal.
    assert asked.stderr == ""
    assert json.loads(asked.stdout)["passages"][0]["text"].startswith("A toll on lorries")


@needs_model
async def test_hostile_questions_reach_the_model_as_plain_text(
    store: Store, model: semantic.Similarity
) -> None:
    engine = with_model(store, model)
    for question in HOSTILE:
        answer = await engine.ask(question)
        assert answer.kind in ("search", "who_said", "what_said", "check_quote")
    # A question about the bridge buried in 10,000 characters still finds the bridge.
    answer = await engine.ask("bridge " + "x " * 5000)
    assert answer.passages and answer.passages[0].title == BRIDGE.title


@needs_model
def test_passage_vectors_are_kept_least_recently_used_first(model: semantic.Similarity) -> None:
    small = semantic.Similarity(cache_size=2)
    small._model = model._model  # the loaded model, not a second copy
    first = small("bridge toll", ["a", "b", "c"])
    # More passages than the cache holds are still all scored, the same on a second asking.
    assert len(first) == 3
    assert small("bridge toll", ["a", "b", "c"]) == pytest.approx(first, abs=1e-5)
    assert list(small._cache) == ["b", "c"]


@needs_model
async def test_a_question_that_names_a_time_is_ranked_by_its_words_and_date(
    store: Store, model: semantic.Similarity
) -> None:
    # The model is blind to dates: for "this week" the words and the publication day decide.
    asked = date(2026, 9, 14)
    question = "How did the mayor pay for the new bridge this week?"
    words = await Engine(store).ask(question, today=asked)
    meaning = await with_model(store, model).ask(question, today=asked)
    assert [p.text for p in meaning.passages] == [p.text for p in words.passages]
    assert meaning.passages[0].title == BRIDGE.title
