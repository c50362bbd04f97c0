"""Bad input gets a clear one-line error and nothing is stored; good input is stored once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval.engine import Engine
from retrieval.errors import FetchError, InputError

ARTICLE = """Council approves new cycle lanes

The city council approved twelve kilometres of protected cycle lanes on Tuesday.

"Streets are for people," said councillor Mara Quist, who proposed the plan.
"""


async def _count(engine: Engine) -> int:
    return (await engine.stats(None)).articles


async def _add_file(engine: Engine, path: Path) -> None:
    for draft in await engine.drafts_from(str(path)):
        await engine.add_draft(draft)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b"  \n\n \n", "is empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary file"),
        ("latin1.txt", "Caf\xe9 news\n\nThe caf\xe9 opened.".encode("latin-1"), "not UTF-8"),
        (
            "nothing.html",
            b"<html><head><title>x</title></head><body><nav>Home</nav></body></html>",
            "no article text",
        ),
        ("photo.png", b"\x89PNG", "unsupported file type .png"),
    ],
)
async def test_bad_files_are_refused_with_a_reason(
    engine: Engine, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as caught:
        await _add_file(engine, path)
    assert "\n" not in str(caught.value)
    assert await _count(engine) == 0


async def test_a_50_mb_file_is_refused_naming_the_limit(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.write(b"Huge title\n\n")
        handle.write(b"word " * (10 * 1024 * 1024))
    with pytest.raises(InputError, match="larger than the 10 MB limit"):
        await _add_file(engine, path)
    assert await _count(engine) == 0


async def test_missing_file_is_reported(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        await _add_file(engine, tmp_path / "absent.txt")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.0.0.1/story",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://localhost:8080/",
        "http://224.0.0.1/",
        "ftp://example.org/file.txt",
    ],
)
async def test_internal_urls_are_refused_before_any_connection(engine: Engine, url: str) -> None:
    with pytest.raises(FetchError, match=r"refused|not an http"):
        await engine.drafts_from(url)
    assert await _count(engine) == 0


async def test_text_file_title_is_the_first_line(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "lanes.txt"
    path.write_text(ARTICLE)
    await _add_file(engine, path)
    [article] = await engine.articles(None)
    assert article.title == "Council approves new cycle lanes"
    assert article.paragraphs == 2


async def test_title_option_keeps_the_first_line_as_text(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "lanes.txt"
    path.write_text("The council approved the lanes on Tuesday.\n\nWork starts in May.\n")
    [draft] = await engine.drafts_from(str(path), title="Cycle lanes")
    assert draft.title == "Cycle lanes"
    assert draft.paragraphs == ("The council approved the lanes on Tuesday.", "Work starts in May.")


async def test_markdown_loses_its_markup(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "# Harbour *reopens*\n\nThe **harbour** reopened after [repairs](https://example.org)"
        " finished on time.\n"
    )
    [draft] = await engine.drafts_from(str(path))
    assert draft.title == "Harbour reopens"
    assert draft.paragraphs == ("The harbour reopened after repairs finished on time.",)


async def test_html_file_gives_title_date_author_and_text(engine: Engine, tmp_path: Path) -> None:
    html = (FIXTURE_HTML).read_text()
    path = tmp_path / "page.html"
    path.write_text(html)
    [draft] = await engine.drafts_from(str(path))
    assert draft.title == "Ferry service to resume after winter storms"
    assert draft.published == "2025-02-11"
    assert draft.author == "Ines Moreau"
    assert any("resume on Monday" in p for p in draft.paragraphs)
    assert not any("Subscribe" in p or "Cookie" in p for p in draft.paragraphs)


async def test_same_content_or_url_is_reported_not_stored_twice(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "lanes.txt"
    path.write_text(ARTICLE)
    [draft] = await engine.drafts_from(str(path), url="https://example.org/lanes")
    first = await engine.add_draft(draft)
    again = await engine.add_draft(draft)
    assert first.article is not None
    assert again.article is None and again.duplicate_of == first.article.id
    [other] = await engine.drafts_from(str(path), url="https://example.org/lanes", title="Other")
    same_url = await engine.add_draft(other)
    assert same_url.duplicate_of == first.article.id
    assert await _count(engine) == 1


async def test_servers_do_not_see_each_others_articles(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "lanes.txt"
    path.write_text(ARTICLE)
    [draft] = await engine.drafts_from(str(path))
    await engine.add_draft(draft, scope=111)
    assert (await engine.ask("cycle lanes council", scope=111)).passages
    assert not (await engine.ask("cycle lanes council", scope=222)).passages
    assert not (await engine.ask("cycle lanes council", scope=None)).passages
    assert await engine.articles(222) == []


async def test_import_reports_bad_lines_and_keeps_the_rest(engine: Engine) -> None:
    good = {
        "id": "a1",
        "title": "Dam repairs finish early",
        "text": "Repairs to the dam finished a week early, engineers said.",
    }
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps({"id": "a2", "title": "No text"}),
        "",
        json.dumps(
            {"id": "a3", "title": "Orchard harvest", "text": "The apple harvest doubled this year."}
        ),
    ]
    summary = await engine.import_jsonl(lines, "batch.jsonl")
    assert summary.added == 2
    assert [n for n, _ in summary.rejected] == [2, 3]
    # The number stands beside each reason, not repeated inside it.
    assert summary.rejected[0][1].startswith("not valid JSON")
    assert not any(reason.startswith("line") for _, reason in summary.rejected)
    again = await engine.import_jsonl(lines, "batch.jsonl")
    assert again.added == 0 and again.skipped == 2
    assert await _count(engine) == 2


async def test_a_resumed_import_reaches_the_articles_after_a_long_run_of_stored_ones(
    engine: Engine,
) -> None:
    def line(n: int) -> str:
        text = f"Report {n}: the council voted {n} times on the budget for ward {n}."
        return json.dumps({"id": f"r{n}", "title": f"Council report {n}", "text": text})

    first = await engine.import_jsonl([line(n) for n in range(700)], "part.jsonl")
    assert first.added == 700
    # The first 700 are skipped, many batches' worth; the 10 after them must still come in.
    resumed = await engine.import_jsonl([line(n) for n in range(710)], "whole.jsonl")
    assert (resumed.added, resumed.skipped) == (10, 700)
    assert await _count(engine) == 710


FIXTURE_HTML = Path(__file__).parent / "fixtures" / "ferry.html"


async def test_indexes_stay_sound_through_adds_and_removes(engine: Engine, tmp_path: Path) -> None:
    for n in range(3):
        await engine.add_text(
            f'Story {n} about the dam.\n\n"It held," said engineer Mira Holt {n}.', title=f"Dam {n}"
        )
    [newest, *_] = await engine.articles(None)
    assert newest.title == "Dam 2"
    await engine.remove_article(newest.id, None)
    assert await engine.check_integrity() == []
    assert (await engine.stats(None)).articles == 2
    answer = await engine.ask("Story about the dam")
    texts = [p.text for p in answer.passages + answer.closest]
    assert texts and not any("Story 2" in t for t in texts)
