"""`python -m bench scale` in its short mode: every engine measured, the report written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import budgets, scale, servers
from bench import semantic as bench_semantic
from retrieval.semantic import missing as semantic_missing
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
    imported = size["import"]
    # The rate is what was imported over the time it took (written to a tenth of a second).
    seconds, paragraphs = imported["seconds"], imported["paragraphs"]
    fastest, slowest = paragraphs / max(seconds - 0.05, 0.01), paragraphs / (seconds + 0.05)
    assert slowest - 1 <= imported["paragraphs_per_second"] <= fastest + 1, imported
    for engine in ("newsbot", "fts5", "rank_bm25", "bm25s", "tantivy"):
        questions = size[engine]["questions"]
        assert questions["n"] == 5, (engine, size[engine])
        assert 0 < questions["p50"] <= questions["p95"] <= questions["p99"], (engine, questions)
        # Each engine ran in a process of its own: at least an interpreter's worth of memory.
        assert size[engine]["peak_rss_mb"] > 15, (engine, size[engine])
    # Every answer newsbot gave was proven to be the exhaustive BM25 ranking or counted.
    assert 0 <= size["newsbot"]["questions"]["proven_exact"] <= 5
    assert size["newsbot_process"]["n"] == 4
    added = size["newsbot"]["add_article"]
    assert added["paragraphs"] == 20 and added["visible_to_next_question"]
    report = (docs / "benchmarks.md").read_text()
    assert "## 1,500 paragraphs" in report and "| rank-bm25 `get_scores` + top-10 |" in report
    assert (docs / "benchmarks-questions.png").stat().st_size > 10_000


def test_short_budget_run_measures_quality_and_latency_of_each_setting(tmp_path: Path) -> None:
    shared("realtimeqa/articles.jsonl")
    out = tmp_path / "budgets.json"
    docs = tmp_path / "docs"
    settings = ((100, budgets.EVERY_ROW, budgets.EVERY_ROW), (30, 300, 300))
    budgets.run(SHARED_DATA, [1500], 25, tmp_path / "cache", out, docs, print, settings)
    result = json.loads(out.read_text())
    every, small = result["settings"]
    # The reference is RealTime QA as `newsbot eval retrieval` measures it; a budget this
    # small must show its cost.
    assert every["quality"]["R@5"] > 0.8
    assert small["quality"]["R@5"] < every["quality"]["R@5"]
    for row in (every, small):
        latency = row["latency"]["1500"]
        assert latency["n"] == 25 and 0 < latency["p50"] <= latency["p95"], latency
    table = (docs / "budgets.md").read_text()
    assert "| 100 / every / every |" in table and "| 30 / 300 / 300 |" in table


def test_short_semantic_run_measures_both_settings_in_their_own_processes(
    tmp_path: Path,
) -> None:
    shared("realtimeqa/questions.jsonl")
    if semantic_missing() is not None:
        pytest.skip("the semantic extra is not installed")
    out = tmp_path / "semantic.json"
    docs = tmp_path / "docs"
    bench_semantic.run(SHARED_DATA, 1500, 5, tmp_path / "cache", out, docs, print)
    result = json.loads(out.read_text())
    plain, meaning = result["settings"]["default"], result["settings"]["semantic"]
    for figures in (plain, meaning):
        assert figures["first_pass"]["n"] == figures["second_pass"]["n"] == 5
    # The model takes time to load and memory to hold; the default loads nothing.
    assert meaning["load_seconds"] > 0 and plain["load_seconds"] < meaning["load_seconds"]
    assert meaning["peak_rss_mb"] > plain["peak_rss_mb"]
    assert "| true |" in (docs / "semantic.md").read_text()


def test_short_servers_run_measures_processes_and_imports_on_one_file(tmp_path: Path) -> None:
    shared("realtimeqa/questions.jsonl")
    out = tmp_path / "servers.json"
    docs = tmp_path / "docs"
    docs.mkdir()
    hand = "# Scaling\n\nWritten by hand.\n\n"
    marked = "<!-- measured: start -->\nOUTDATED FIGURES\n<!-- measured: end -->\n"
    (docs / "scaling.md").write_text(hand + marked + "\nThe plan.\n")
    servers.run(SHARED_DATA, 3000, 10, 2.0, tmp_path / "cache", out, docs, print, (1, 2), 600, 4.0)
    result = json.loads(out.read_text())
    rows = result["answering"]
    assert [r["processes"] for r in rows] == [1, 2]
    for row in rows:
        # Every process answered in the window, and the figures are in order.
        assert row["n"] >= row["processes"] and 0 < row["p50"] <= row["p95"] <= row["p99"]
        assert row["questions_per_second"] == pytest.approx(row["n"] / 2.0, abs=0.1)
    for key in ("import_alone", "import_loaded"):
        imported = result[key]
        assert imported["articles"] > 0 and imported["paragraphs"] >= 600
    assert result["answering_during_import"]["processes"] == 2
    assert result["file"]["paragraphs"] >= 2900
    page = (docs / "scaling.md").read_text()
    # The measured part is replaced; what was written by hand stays.
    assert page.startswith("# Scaling\n\nWritten by hand.") and page.endswith("The plan.\n")
    assert "| 2 |" in page and "OUTDATED FIGURES" not in page
    assert (docs / "scaling-processes.png").stat().st_size > 10_000
