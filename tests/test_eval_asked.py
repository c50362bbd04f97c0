"""`newsbot eval asked` judges what a user is shown, by the public set's own rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evaluation.asked import Gold, evaluate, judge, same_surname
from retrieval.models import Answer, DirectAnswer, Passage
from tests.conftest import SHARED_DATA, shared


def _passage(text: str, ref: str = "a1", speaker: str | None = None) -> Passage:
    return Passage(1, ref, "T", None, None, None, 1, 3, text, 1.0, speaker)


def _question(kind: str, **fields: Any) -> dict[str, Any]:
    base = {"qid": "q", "kind": kind, "question": "?", "article_id": "a1", "paragraph_index": 1}
    return base | {"also_ok_paragraphs": [], "key_phrase": None, "speaker": None} | fields


GOLD = Gold({"a1": ["First paragraph.", "The ferry will run, said Dana Okafor.", "Third."]})


def test_surnames_are_compared_as_the_set_says() -> None:
    assert same_surname("Harry M. Reid", "Reid")
    assert not same_surname("Harry Reid", "Harry Potter")
    assert not same_surname(None, "Reid")


def test_a_speaker_question_needs_the_speaker_and_the_passage() -> None:
    q = _question("who_said", speaker="Dana Okafor", key_phrase="the ferry will run")
    right = Answer(
        "?", "who_said", DirectAnswer(speaker="Okafor"), (_passage(GOLD.paragraphs["a1"][1]),), 0.9
    )
    assert judge(q, right, GOLD).right
    wrong_speaker = Answer("?", "who_said", DirectAnswer(speaker="Ruth Kaye"), right.passages, 0.9)
    assert not judge(q, wrong_speaker, GOLD).right
    # The speaker of the first passage counts when there is no direct answer.
    shown = Answer(
        "?", "who_said", None, (_passage("The ferry will run.", speaker="Dana Okafor"),), 0.9
    )
    assert judge(q, shown, GOLD).right


def test_an_unanswerable_question_is_right_only_with_no_passage() -> None:
    q = _question("none", article_id=None, paragraph_index=None)
    closest_only = Answer("?", "search", None, (), 0.1, closest=(_passage("Near."),))
    assert judge(q, closest_only, GOLD).right
    answered = Answer("?", "search", None, (_passage("Near."),), 0.4)
    assert not judge(q, answered, GOLD).right


def test_a_misattributed_quote_must_name_the_real_speaker() -> None:
    q = _question("check_quote", verdict="other", speaker="Dana Okafor")
    named = DirectAnswer(speaker="Dana Okafor", verdict="other")
    assert judge(q, Answer("?", "check_quote", named, (), 0.9), GOLD).right
    other = DirectAnswer(speaker="Ruth Kaye", verdict="other")
    assert not judge(q, Answer("?", "check_quote", other, (), 0.9), GOLD).right


async def test_the_public_set_is_scored_kind_by_kind(tmp_path: Path) -> None:
    shared("asked/questions.jsonl")
    failures = tmp_path / "failures.jsonl"
    rows = await evaluate(SHARED_DATA, failures=failures)
    by_kind = {row["kind"]: row for row in rows}
    assert {k: by_kind[k]["n"] for k in by_kind} == {
        "who_said": 40,
        "what_said": 25,
        "check_quote": 15,
        "fact": 20,
        "none": 20,
        "total": 120,
    }
    wrong = failures.read_text().strip().splitlines()
    assert len(wrong) == round(120 * (1 - by_kind["total"]["all right"]))
