"""Questions during a bulk import, in the same process and from a second one, all answered
(the short mode of `python -m bench concurrency`; docs/reliability.md has the full run)."""

from __future__ import annotations

from bench import concurrency
from tests.conftest import SHARED_DATA, shared


def test_questions_during_an_import_never_fail() -> None:
    shared("realtimeqa/questions.jsonl")
    lines: list[str] = []
    result = concurrency.run(SHARED_DATA, articles=600, questions=10, say=lines.append)
    imported = result["articles_imported"] + result["duplicates_skipped"]
    assert imported == 600 - concurrency.SEEDED and result["articles_imported"] > 350
    assert result["failures"] == [] and result["database_locked"] == 0
    assert result["integrity_problems"] == []
    assert result["questions_during_import"]["n"] >= 3
    assert result["reader_during_import"]["n"] >= 1
    assert result["questions_at_rest"]["n"] == 10
