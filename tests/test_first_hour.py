"""What a newcomer meets in the first hour of the command line: paths, first answers, lists,
dates, bad files and bad options, each as a user would see it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from retrieval.engine import Engine

CHECKOUT = Path(__file__).resolve().parent.parent


def _env(home: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISCORD_TOKEN", "NEWSBOT_DB")}
    if home is not None:
        env["HOME"] = str(home)
    return env


def newsbot(
    *args: str, cwd: Path | None = None, home: Path | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.main", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**_env(home), "PYTHONPATH": str(CHECKOUT)},
        cwd=cwd,
        timeout=120,
    )


def _story(folder: Path, name: str = "story.txt", title: str = "Harbour toll scrapped") -> Path:
    path = folder / name
    path.write_text(
        f"{title}\n\nThe harbour toll was scrapped on Monday after a long campaign by drivers"
        f" ({title}).\n",
        encoding="utf-8",
    )
    return path


def _add(db: Path, text: str, *flags: str) -> subprocess.CompletedProcess[str]:
    """`newsbot add` of a text file beside the library."""
    story = db.parent / "story-to-add.txt"
    story.write_text(text, encoding="utf-8")
    return newsbot("--db", str(db), "add", str(story), *flags)


def _jsonl(folder: Path, records: list[dict[str, str]]) -> Path:
    path = folder / "articles.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _bridges(folder: Path, count: int) -> Path:
    """A library of `count` articles, each with one quotation."""
    db = folder / "n.db"
    records = [
        {
            "id": f"a{i}",
            "title": f"Story {i}",
            "text": f"Mayor Ana Ruiz said: “Bridge {i} opens on time and on budget.”",
        }
        for i in range(count)
    ]
    assert newsbot("--db", str(db), "import", str(_jsonl(folder, records))).returncode == 0
    return db


def test_run_reads_and_writes_paths_from_the_caller_s_folder(tmp_path: Path) -> None:
    _story(tmp_path)
    db = tmp_path / "n.db"
    run = [str(CHECKOUT / "run"), "--db", str(db)]
    added = subprocess.run(
        [*run, "add", "story.txt"], cwd=tmp_path, capture_output=True, text=True, timeout=600
    )
    assert added.returncode == 0, added.stderr
    assert "added article 1: Harbour toll scrapped (1 paragraph)" in added.stdout
    backup = subprocess.run(
        [*run, "backup", "copy.db"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert backup.returncode == 0, backup.stderr
    assert (tmp_path / "copy.db").is_file()
    assert not (CHECKOUT / "copy.db").exists()


def test_the_readme_s_first_question_is_answered_on_a_new_install(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    first = newsbot("ask", "who said nobody wins when the trains stop?", "--json", home=home)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["answer"]["speaker"] == "Martin Hale"
    assert "loaded" in first.stderr and "sample articles" in first.stderr
    # The samples come once, with the new library: the next command finds them there.
    again = newsbot("stats", "--json", home=home)
    assert "sample" not in again.stderr
    assert (
        json.loads(again.stdout)["articles"]
        == json.loads(newsbot("stats", "--json", home=home).stdout)["articles"]
    )


def test_an_empty_library_says_how_to_fill_it(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    _story(tmp_path)
    assert newsbot("--db", str(db), "add", str(tmp_path / "story.txt")).returncode == 0
    assert newsbot("--db", str(db), "remove", "1").returncode == 0
    empty = newsbot("--db", str(db), "ask", "who scrapped the toll?")
    assert empty.returncode == 1
    assert empty.stdout == ""
    assert empty.stderr.strip() == (
        "newsbot: the library is empty: add articles with `newsbot add`, or open "
        "`newsbot console` to load the samples"
    )


def test_lists_say_when_they_are_cut_and_json_gives_everything(tmp_path: Path) -> None:
    db = _bridges(tmp_path, 60)
    listed = json.loads(newsbot("--db", str(db), "list", "--json").stdout)
    assert len(listed) == 60
    assert len(json.loads(newsbot("--db", str(db), "list", "--json", "--limit", "7").stdout)) == 7
    text = newsbot("--db", str(db), "list").stdout
    assert "showing 50 of 60 articles: --limit N shows more" in text
    assert "showing" not in newsbot("--db", str(db), "list", "--limit", "60").stdout
    quotes = json.loads(newsbot("--db", str(db), "quotes", "--json").stdout)
    assert len(quotes) == 60
    assert "showing 50 of 60 quotations" in newsbot("--db", str(db), "quotes").stdout


def test_publication_dates_are_read_as_people_write_them(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    for n, written in enumerate(
        ["2025-03-03", "March 3, 2025", "3 Mar 2025", "Mon, 03 Mar 2025 10:00:00 GMT"]
    ):
        story = _story(tmp_path, f"s{n}.txt", f"Toll story {n}")
        added = newsbot("--db", str(db), "add", str(story), "--published", written, "--json")
        assert added.returncode == 0, added.stderr
        assert json.loads(added.stdout)["published"] == "2025-03-03"
    for bad in ("notadate", "2025-13-45", "3"):
        story = _story(tmp_path, "bad.txt", f"Bad date {bad}")
        refused = newsbot("--db", str(db), "add", str(story), "--published", bad)
        assert refused.returncode == 1
        assert refused.stderr.count("\n") == 1 and f"not a date: {bad!r}" in refused.stderr
    assert len(json.loads(newsbot("--db", str(db), "list", "--json").stdout)) == 4


def test_answers_as_of_a_day_never_cite_what_came_later(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    records = [
        {
            "id": "old",
            "title": "Toll vote",
            "date": "2024-11-20",
            "text": "The council voted to keep the harbour toll for another year.",
        },
        {
            "id": "new",
            "title": "Toll scrapped",
            "date": "2025-02-01",
            "text": "The council voted to scrap the harbour toll after a long campaign.",
        },
    ]
    assert newsbot("--db", str(db), "import", str(_jsonl(tmp_path, records))).returncode == 0
    today = json.loads(newsbot("--db", str(db), "ask", "harbour toll vote", "--json").stdout)
    assert {p["published"] for p in today["passages"]} == {"2024-11-20", "2025-02-01"}
    then = newsbot("--db", str(db), "ask", "harbour toll vote", "--json", "--as-of", "2024-11-25")
    assert {p["published"] for p in json.loads(then.stdout)["passages"]} == {"2024-11-20"}


def test_a_file_with_no_article_in_it_fails_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    csv = tmp_path / "table.csv"
    csv.write_text("title,text\n" + "".join(f"a{i},b{i}\n" for i in range(30)), encoding="utf-8")
    failed = newsbot("--db", str(db), "import", str(csv), "--quiet")
    assert failed.returncode == 1
    assert failed.stdout == ""
    assert failed.stderr.count("\n") == 1
    assert "no article could be read from" in failed.stderr and "31 lines rejected" in failed.stderr


def test_an_import_with_rejected_lines_exits_non_zero_and_keeps_the_rest(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    good = {"id": "a", "title": "Toll", "text": "The harbour toll was scrapped on Monday."}
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps(good) + "\nnot json at all\n", encoding="utf-8")
    out = newsbot("--db", str(db), "import", str(path), "--json", "--quiet")
    assert out.returncode == 1
    summary = json.loads(out.stdout)
    assert summary["added"] == 1
    assert summary["rejected"] == [{"line": 2, "reason": "not valid JSON (Expecting value)"}]
    text = newsbot("--db", str(db), "import", str(path), "--quiet")
    assert "rejected line 2: not valid JSON" in text.stdout
    assert "line 2: line 2" not in text.stdout


def test_a_mistyped_library_path_is_named_and_never_created(tmp_path: Path) -> None:
    typo = tmp_path / "nwesbot.db"
    for command in (["list"], ["ask", "who scrapped the toll?"], ["stats"]):
        out = newsbot("--db", str(typo), *command)
        assert out.returncode == 1
        assert out.stderr.strip().startswith(f"newsbot: no library at {typo}")
    assert not typo.exists()
    nowhere = tmp_path / "missing" / "x.db"
    _story(tmp_path)
    out = newsbot("--db", str(nowhere), "add", str(tmp_path / "story.txt"))
    assert out.returncode == 1
    assert out.stderr.strip() == (
        f"newsbot: cannot create a library at {nowhere}: no folder {nowhere.parent}"
    )


def test_every_error_is_one_line_on_stderr_with_a_non_zero_exit(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    _story(tmp_path)
    newsbot("--db", str(db), "add", str(tmp_path / "story.txt"))
    for args in (["frobnicate"], ["ask"], ["list", "--limit", "0"], ["ask", ""], ["ask", "the of"]):
        out = newsbot("--db", str(db), *args)
        assert out.returncode != 0, args
        assert out.stdout == "", args
        assert out.stderr.count("\n") == 1 and out.stderr.startswith("newsbot"), args


def _pty_console(tmp_path: Path, keys: list[bytes]) -> tuple[str, int]:
    """The console in a pseudo-terminal, typed into as a person types; its screen output and
    exit status."""
    import pty
    import select
    import time

    pid, fd = pty.fork()
    if pid == 0:  # the child: the console, its history beside the library
        os.chdir(tmp_path)
        env = {**_env(), "PYTHONPATH": str(CHECKOUT), "TERM": "xterm", "COLUMNS": "100"}
        os.execve(
            sys.executable,
            [sys.executable, "-m", "bot.main", "--db", str(tmp_path / "n.db"), "console"],
            env,
        )
    screen = b""

    def read_until(wanted: bytes, seconds: float = 60) -> None:
        nonlocal screen
        deadline = time.monotonic() + seconds
        while wanted not in screen and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    screen += os.read(fd, 65536)
                except OSError:
                    return

    read_until(b"ask \xe2\x80\xba")
    for key in keys:
        prompts = screen.count(b"ask \xe2\x80\xba")
        os.write(fd, key)
        if key.endswith(b"\r"):
            # The answer is shown when the next prompt is.
            deadline = time.monotonic() + 60
            while screen.count(b"ask \xe2\x80\xba") <= prompts and time.monotonic() < deadline:
                read_until(b"\x00", 0.2)
        else:
            time.sleep(0.3)
    deadline = time.monotonic() + 30
    status = None
    while status is None and time.monotonic() < deadline:
        done, code = os.waitpid(pid, os.WNOHANG)
        if done:
            status = os.waitstatus_to_exitcode(code)
        else:
            read_until(b"\x00", 0.2)
    if status is None:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        status = -9
    os.close(fd)
    return screen.decode("utf-8", "replace"), status


def test_the_console_has_history_line_editing_and_a_prompt_ctrl_c(tmp_path: Path) -> None:
    question = b"who said nobody wins when the trains stop?"
    screen, status = _pty_console(
        tmp_path,
        # Ask, then bring the question back with Up and ask it again, then Ctrl-C at once.
        [question + b"\r", b"\x1b[A", b"\r", b"\x03"],
    )
    assert status == 0, screen
    assert screen.count("Martin Hale") >= 2, screen
    assert "^[[A" not in screen
    history = (tmp_path / "console-history").read_text(encoding="utf-8")
    assert question.decode() in history


def test_console_help_shows_its_arguments(tmp_path: Path) -> None:
    out = newsbot("--db", str(tmp_path / "n.db"), "console", stdin=":help\n:quit\n")
    assert ":list [words]" in out.stdout and ":quotes [name]" in out.stdout


def test_console_lists_say_when_they_are_cut(tmp_path: Path) -> None:
    db = _bridges(tmp_path, 30)
    out = newsbot("--db", str(db), "console", stdin=":quotes\n:list\n:quit\n").stdout
    assert "showing 25 of 30 quotations: :quotes NAME narrows it" in out
    assert "showing 25 of 30 articles: :list WORDS narrows it" in out


def test_quote_differences_read_without_colour(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    added = _add(
        db,
        "Bridge opens\n\nMayor Ana Ruiz opened the bridge on Friday.\n\n"
        "“This bridge reconnects the east side of our town,” Ms Ruiz said.\n",
    )
    assert added.returncode == 0
    out = newsbot(
        "--db", str(db), "ask", 'did Ruiz say "this bridge reconnects the west side of our town"?'
    ).stdout
    assert "[+east+]" in out and "[-west-]" in out
    assert "[+…+] said, not in your words · [-…-] in your words, not said" in out


def test_a_related_stories_list_inside_a_paragraph_is_dropped(tmp_path: Path) -> None:
    added = json.loads(
        _add(
            tmp_path / "n.db",
            "Harbour toll scrapped\n\nThe harbour toll was scrapped on Monday after a campaign."
            "\nDrivers cheered at the gate.\n\nRead More\n- Bus fares rise again\n"
            "- Ferry strike ends\n",
            "--json",
        ).stdout
    )
    assert [p["text"] for p in added["paragraphs"]] == [
        "The harbour toll was scrapped on Monday after a campaign. Drivers cheered at the gate."
    ]


async def test_extraction_and_ranking_run_beside_the_event_loop(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A long pasted article or a burst of questions must not hold the loop that answers every
    # other server: the Python work runs in a worker thread.
    import threading

    from retrieval.quotes import extract_quotes as real_extract
    from retrieval.rank import rerank as real_rerank

    loop_thread = threading.get_ident()
    seen: dict[str, int] = {}

    def extract(*args: Any) -> Any:
        seen["extract"] = threading.get_ident()
        return real_extract(*args)

    def rerank(*args: Any) -> Any:
        seen["rerank"] = threading.get_ident()
        return real_rerank(*args)

    monkeypatch.setattr("retrieval.engine.extract_quotes", extract)
    monkeypatch.setattr("retrieval.ranking.rerank", rerank)
    await engine.add_text(
        "Bridge opens\n\n“The bridge opens on Friday,” said Mayor Ana Ruiz at the harbour."
    )
    answer = await engine.ask("who said the bridge opens on friday")
    assert answer.answer is not None and answer.answer.speaker == "Ana Ruiz"
    assert seen["extract"] != loop_thread and seen["rerank"] != loop_thread


def test_the_console_s_example_questions_are_answered_on_the_samples(tmp_path: Path) -> None:
    from bot.console import HELP

    examples = [line.strip() for line in HELP.splitlines()[1:4]]
    db = tmp_path / "n.db"
    newsbot("--db", str(db), "console", stdin=":quit\n")  # loads the samples
    for question in examples:
        answer = json.loads(newsbot("--db", str(db), "ask", question, "--json").stdout)
        assert answer["passages"], question
        assert answer["answer"] and answer["answer"]["speaker"], question
