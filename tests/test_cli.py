"""The `newsbot` command as a user runs it: real processes, real database files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def newsbot(db: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "NEWSBOT_DB")}
    return subprocess.run(
        [sys.executable, "-m", "bot.main", "--db", str(db), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_add_then_ask_json_answers_the_seed_questions(tmp_path: Path, seed_path: Path) -> None:
    db = tmp_path / "n.db"
    added = newsbot(db, "add", str(seed_path), "--json")
    assert added.returncode == 0, added.stderr
    article = json.loads(added.stdout)
    assert len(article["paragraphs"]) == 11
    answer = json.loads(
        newsbot(db, "ask", "--json", "Which countries make up the Northern Triangle?").stdout
    )
    assert answer["kind"] == "search"
    assert answer["passages"][0]["paragraph"] == 10
    assert set(answer) >= {"question", "kind", "answer", "passages", "confidence", "closest"}
    who = json.loads(
        newsbot(db, "ask", "--json", "Who said we are not on the same side of the coin?").stdout
    )
    assert who["answer"]["speaker"] == "Alejandro Giammattei"


def test_ask_dash_reads_one_question_a_line(tmp_path: Path, seed_path: Path) -> None:
    db = tmp_path / "n.db"
    newsbot(db, "add", str(seed_path))
    out = newsbot(
        db,
        "ask",
        "-",
        stdin="Which countries make up the Northern Triangle?\n\nWhat did Mayorkas say?\n",
    )
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [a["kind"] for a in lines] == ["search", "what_said"]
    assert lines[1]["answer"]["speaker"] == "Alejandro Mayorkas"


def test_list_show_remove(tmp_path: Path, seed_path: Path) -> None:
    db = tmp_path / "n.db"
    newsbot(db, "add", str(seed_path), "--url", "https://example.org/story", "--source", "AP")
    [row] = json.loads(newsbot(db, "list", "--json").stdout)
    assert (
        row["paragraphs"] == 11
        and row["source"] == "AP"
        and row["url"] == "https://example.org/story"
    )
    shown = json.loads(newsbot(db, "show", str(row["id"]), "--json").stdout)
    assert shown["paragraphs"][9]["paragraph"] == 10
    removed = newsbot(db, "remove", str(row["id"]))
    assert removed.returncode == 0 and "removed article" in removed.stdout
    assert json.loads(newsbot(db, "list", "--json").stdout) == []
    gone = newsbot(db, "ask", "--json", "Northern Triangle")
    assert gone.returncode == 1 and gone.stdout == ""
    assert "the library is empty" in gone.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show", "999"), "no article 999"),
        (("remove", "999"), "no article 999"),
        (("add", "/nonexistent/file.txt"), "no such file"),
        (("add", "http://169.254.169.254/latest"), "link-local"),
        (("import", "/nonexistent.jsonl"), "no such file"),
    ],
)
def test_errors_are_one_line_without_traceback(
    tmp_path: Path, seed_path: Path, args: tuple[str, ...], message: str
) -> None:
    assert newsbot(tmp_path / "n.db", "add", str(seed_path)).returncode == 0
    result = newsbot(tmp_path / "n.db", *args)
    assert result.returncode != 0
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_hostile_question_on_the_command_line(tmp_path: Path, seed_path: Path) -> None:
    db = tmp_path / "n.db"
    newsbot(db, "add", str(seed_path))
    for question in ['NEAR("coin', "title:*", "a" * 10_000]:
        result = newsbot(db, "ask", question)
        assert result.returncode == 0
        assert result.stderr == ""
    # Nothing searchable in it: one line says so, as for any error.
    emoji = newsbot(db, "ask", "🪙" * 100)
    assert emoji.returncode == 1 and emoji.stdout == ""
    assert emoji.stderr.startswith("newsbot: nothing to search for")


def test_import_shows_a_summary_and_resumes(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    path = tmp_path / "batch.jsonl"
    path.write_text(
        '{"id": "1", "title": "Dam repairs", "text": "Repairs to the dam finished early."}\n'
        "not json at all\n"
        '{"id": "2", "title": "Orchard", "text": "The apple harvest doubled this year."}\n'
    )
    first = newsbot(db, "import", str(path))
    assert "added 2, skipped 0" in first.stdout and "rejected 1" in first.stdout
    assert "line 2" in first.stdout
    second = newsbot(db, "import", str(path), "--json")
    assert json.loads(second.stdout)["skipped"] == 2


def test_add_reports_a_duplicate(tmp_path: Path, seed_path: Path) -> None:
    db = tmp_path / "n.db"
    newsbot(db, "add", str(seed_path))
    again = newsbot(db, "add", str(seed_path))
    assert again.returncode == 1
    assert "already stored as article 1" in again.stderr


def test_console_loads_the_samples_into_an_empty_library(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    result = newsbot(
        db, "console", stdin="who said nobody wins when the trains stop?\n:help\n:quit\n"
    )
    assert result.returncode == 0, result.stderr
    assert "loaded 10 sample articles" in result.stdout
    assert "Martin Hale" in result.stdout
    assert ":quotes" in result.stdout


def test_quotes_lists_speakers_and_filters(tmp_path: Path, seed_path: Path) -> None:
    db = tmp_path / "n.db"
    newsbot(db, "add", str(seed_path))
    quotes = json.loads(newsbot(db, "quotes", "--json").stdout)
    assert {q["speaker"] for q in quotes} == {"Alejandro Giammattei", "Alejandro Mayorkas"}
    mayorkas = json.loads(newsbot(db, "quotes", "--speaker", "Mayorkas", "--json").stdout)
    assert [q["paragraph"] for q in mayorkas] == [8]
    assert mayorkas[0]["role"] == "Homeland Security Secretary"
    assert json.loads(newsbot(db, "quotes", "--article", "99", "--json").stdout) == []


def test_reindex_finds_quotes_in_articles_stored_without_them(
    tmp_path: Path, seed_path: Path
) -> None:
    db = tmp_path / "n.db"
    config = tmp_path / "config.toml"
    config.write_text("[ingest]\nextract_quotes = false\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.main",
            "--db",
            str(db),
            "--config",
            str(config),
            "add",
            str(seed_path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert json.loads(newsbot(db, "quotes", "--json").stdout) == []
    result = newsbot(db, "reindex")
    assert result.returncode == 0 and "quotations extracted" in result.stdout
    assert len(json.loads(newsbot(db, "quotes", "--json").stdout)) >= 4


def test_reading_commands_never_make_a_library_of_a_mistyped_path(tmp_path: Path) -> None:
    typo = tmp_path / "typo.db"
    for args in (["check", 'Hale said "nobody wins"'], ["feedback"], ["feed", "list"]):
        result = newsbot(typo, *args)
        assert result.returncode == 1 and f"no library at {typo}" in result.stderr, args
    assert not typo.exists()
