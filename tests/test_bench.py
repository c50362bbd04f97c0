"""`python -m bench scale` in its short mode: every engine measured, the report written."""

from __future__ import annotations

import json
from pathlib import Path

from bench import scale
from tests.conftest import SHARED_DATA, shared


def test_short_benchmark_measures_every_engine_and_writes_the_report(tmp_path: Path) -> None:
    shared("realtimeqa/questions.jsonl")
    out = tmp_path / "scale.json"
    docs = tmp_path / "docs"
    lines: list[str] = []
    scale.run(SHARED_DATA, [1500], 5, tmp_path / "cache", out, docs, 5.0, lines.append)
    result = json.loads(out.read_text())
    size = result["sizes"][0]
    assert size["import"]["paragraphs"] >= 1400
    assert size["import"]["paragraphs_per_second"] > 0
    for engine in ("newsbot", "fts5", "rank_bm25", "bm25s", "tantivy"):
        assert size[engine]["questions"]["n"] == 5, (engine, size[engine])
        assert size[engine]["questions"]["p50"] > 0
        assert size[engine]["peak_rss_mb"] > 0
    assert size["newsbot_process"]["n"] == 4
    added = size["newsbot"]["add_article"]
    assert added["paragraphs"] == 20 and added["visible_to_next_question"]
    report = (docs / "benchmarks.md").read_text()
    assert "## 1,500 paragraphs" in report and "| rank-bm25 `get_scores` + top-10 |" in report
    assert (docs / "benchmarks-questions.png").stat().st_size > 10_000
