"""Rendering hostile articles into Discord messages: always within limits, never pinging."""

from __future__ import annotations

import discord
import pytest

from bot.discordbot.render import (
    EMBED_TOTAL,
    answer_message,
    article_pages,
    embed_problems,
    quotes_embed,
    safe,
)
from bot.present import excerpt
from retrieval.models import Answer, Article, DirectAnswer, Passage, Quote

HOSTILE = {
    "long": "word " * 2000 + "needle " + "tail " * 2000,
    "markdown": (
        "**bold** __under__ ~~strike~~ `code` ||spoiler|| > quote [link](https://evil.example) # h"
    ),
    "ping": "@everyone @here <@123> <@&456> <#789> look at this",
    "zalgo": "Z̷̢̧̛̛̖͓̗̯̩̞̞̜̰̫̺̖̫̈́̓̇͊͂̍̈̇̄͑̍̎̌͘͝a̶̧̢̛̛̗̙̙̲̯̪̩̣͕̱͖̯̓̓̀̎̑̀̎͆̄̕̕͝l̵̨̛̛̗̬̯̮̙̜̪̗̙̍̾̾̈́̈͋̀͛͑̚͝͠g̷o",
    "emoji": "🇬🇹🪙🤔👩‍👩‍👧‍👦" * 300,
    "controls": "\x00\x1b[31mred\x7f\u202eevil\u202c",
}
LONG_URL = "https://example.org/" + "a" * 3000


def passage(text: str, url: str | None = "https://example.org/story", n: int = 1) -> Passage:
    return Passage(
        article_id=n,
        article_ref=None,
        title="T" * 400,
        source="S" * 300,
        url=url,
        published="2025-01-01",
        paragraph=3,
        paragraphs_total=9,
        text=text,
        score=1.0,
        speaker="Mx " + "Q" * 300,
        link=(url + "#:~:text=x") if url else None,
        matched=("needle",),
    )


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_answers_with_hostile_passages_stay_within_limits(kind: str) -> None:
    text = HOSTILE[kind]
    passages = tuple(
        passage(text, url, n)
        for n, url in enumerate(
            [
                "https://example.org/a",
                LONG_URL,
                None,
                "javascript:alert(1)",
                "https://example.org/b",
            ]
        )
    )
    answer = Answer(
        question=text[:5000],
        kind="who_said",
        answer=DirectAnswer(
            speaker=text[:500],
            quote=text,
            role=text[:300],
            verdict="close",
            diff=(("same", text[:200]), ("added", "not"), ("missing", text[:300])),
        ),
        passages=passages,
        confidence=0.5,
        note=text[:3000],
    )
    rendered = answer_message(answer)
    assert embed_problems(rendered.embeds, rendered.content) == []
    dumped = str([e.to_dict() for e in rendered.embeds])
    assert "javascript:" not in dumped
    assert "\x00" not in dumped and "\u202e" not in dumped


def test_markdown_in_articles_is_escaped() -> None:
    escaped = safe(HOSTILE["markdown"])
    assert "\\*\\*bold\\*\\*" in escaped
    assert "\\|\\|spoiler\\|\\|" in escaped


def test_long_passages_are_trimmed_around_the_matched_words() -> None:
    text = excerpt(HOSTILE["long"], ("needle",), 600)
    assert "needle" in text
    assert text.startswith("…") and text.endswith("…")
    assert len(text) <= 602


def test_zalgo_is_tamed() -> None:
    assert len(safe(HOSTILE["zalgo"])) < len(HOSTILE["zalgo"]) / 2


def test_article_with_huge_paragraphs_spreads_over_embeds_within_the_total() -> None:
    article = Article(1, None, None, "Title", "Source", LONG_URL, None, "2025-01-01", "", None, 60)
    embeds = article_pages(article, [HOSTILE["long"]] * 60, "global library")
    assert embed_problems(embeds) == []
    assert sum(len(e) for e in embeds) <= EMBED_TOTAL


def test_quotes_embed_with_hostile_text() -> None:
    quotes = [
        Quote(
            1,
            2,
            HOSTILE["ping"],
            "role " * 100,
            HOSTILE["long"],
            "said",
            0.9,
            article_title="x" * 500,
        )
    ] * 12
    embed = quotes_embed(quotes, HOSTILE["ping"])
    assert embed_problems([embed]) == []


def test_nothing_found_shows_closest_matches_marked_as_such() -> None:
    answer = Answer(
        "Who won the cup?",
        "search",
        None,
        (),
        0.1,
        closest=(passage("The cup final was delayed."),),
        note="Nothing in the library answers that.",
    )
    embed = answer_message(answer).embeds[0]
    assert embed.fields[0].name == "Closest match 1 (not an answer)"
    assert "Nothing in the library answers that." in (embed.description or "")
    assert embed.colour == discord.Colour(0x718096)
