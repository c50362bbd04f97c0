"""Hostile input, fuzzed with hypothesis: random unicode, FTS5 syntax, control characters,
right-to-left marks, NUL bytes and very long strings, as questions and as article texts.

Questions are always answered (never an exception) and the rendered reply is within Discord's
limits; an article text is either stored or refused with a clear error, and a refused one
leaves nothing behind.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.discordbot.render import answer_message, embed_problems
from retrieval.engine import Engine, EngineSettings
from retrieval.errors import InputError
from retrieval.store import Store
from tests.discord_harness import SAMPLES

FTS_SYNTAX = ['"', "*", "NEAR(", "AND", "OR", "NOT", "^", "title:", "{text}", "(", ")", "-", ":"]
ODD = ["\x00", "\u200f", "\u202e", "\u2066", "\ufeff", "\r", "\t", "\x1b[31m", "@everyone", "🦜"]
WORDS = ["ferry", "mayor", "bridge", "said", "Ruiz", "storm", "the", "who", "what"]

pieces = st.one_of(
    st.sampled_from(FTS_SYNTAX + ODD + WORDS),
    st.text(min_size=1, max_size=20),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20),
)
T = TypeVar("T")

hostile = st.lists(pieces, max_size=30).map(" ".join) | st.lists(pieces, max_size=30).map("".join)


class Library:
    """One library on one event loop for every example (opening a store per example would
    make each one slow and prove nothing more)."""

    def __init__(self, folder: Path) -> None:
        self.loop = asyncio.new_event_loop()
        self._store = Store.open(folder / "fuzz.db")
        store = self.run(self._store.__aenter__())
        self.engine = Engine(store, EngineSettings(max_bytes=2_000_000))
        self.run(self.engine.import_jsonl(SAMPLES.read_text().splitlines(), "samples"))

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(coro)

    def close(self) -> None:
        self.run(self._store.__aexit__(None, None, None))
        self.loop.close()


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    lib = Library(tmp_path_factory.mktemp("fuzz"))
    yield lib
    lib.close()


def _check_answer(library: Library, question: str) -> None:
    answer = library.run(library.engine.ask(question))
    rendered = answer_message(answer)
    assert embed_problems(rendered.embeds, rendered.content) == []
    # What `ask --json` prints encodes as UTF-8 and reads back the same.
    printed = json.dumps(answer.to_json(), ensure_ascii=False).encode()
    assert json.loads(printed) == json.loads(json.dumps(answer.to_json()))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=hostile)
def test_hostile_questions_are_answered_within_discord_limits(
    library: Library, question: str
) -> None:
    _check_answer(library, question)


@pytest.mark.parametrize("size", [10_000, 1_000_000])
def test_huge_questions_are_answered(library: Library, size: int) -> None:
    _check_answer(library, ("ferry “NEAR(” \x00 \u202e " * size)[:size])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=hostile, body=st.lists(hostile, max_size=6).map("\n\n".join))
def test_hostile_articles_are_stored_or_refused_cleanly(
    library: Library, title: str, body: str
) -> None:
    engine = library.engine
    before = library.run(engine.stats(None))
    try:
        result = library.run(library.engine.add_text(f"{title}\n{body}"))
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)
        assert library.run(engine.stats(None)) == before
        return
    after = library.run(engine.stats(None))
    if result.article is None:
        assert after == before  # a duplicate
    else:
        assert after.articles == before.articles + 1
        assert library.run(engine.article(result.article.id, None)).paragraphs >= 1
    assert library.run(engine.check_integrity()) == []


def test_a_one_megabyte_article_is_stored_and_answered(library: Library) -> None:
    text = "Headline \u202e\n\n" + ("The ferry “NEAR(” said 🦜. " * 50_000)[:1_000_000]
    engine = library.engine
    before = library.run(engine.stats(None))
    result = library.run(library.engine.add_text(text))
    assert result.article is not None
    assert library.run(engine.stats(None)).articles == before.articles + 1
    _check_answer(library, "what did the ferry say?")


def test_a_one_megabyte_article_with_a_nul_byte_is_refused_and_nothing_stored(
    library: Library,
) -> None:
    text = "Headline\x00\n\n" + ("The ferry sailed. " * 60_000)[:1_000_000]
    engine = library.engine
    before = library.run(engine.stats(None))
    with pytest.raises(InputError, match="binary"):
        library.run(library.engine.add_text(text))
    assert library.run(engine.stats(None)) == before
