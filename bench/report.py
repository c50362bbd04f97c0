"""docs/benchmarks.md and its plots, from the JSON that `python -m bench scale` writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ENGINES = (
    ("newsbot", "newsbot (engine API, with answer composition)"),
    ("newsbot_process", "newsbot `ask -` (whole process)"),
    ("fts5", "raw FTS5 `bm25()` top-10"),
    ("rank_bm25", "rank-bm25 `get_scores` + top-10"),
    ("bm25s", "bm25s"),
    ("tantivy", "tantivy"),
)


def _ms(entry: dict[str, Any], key: str = "p50") -> str:
    value = entry.get(key)
    return "–" if value is None else f"{value:,.2f}"


def _latency(entry: dict[str, Any] | None, which: str) -> dict[str, Any]:
    if not entry or "error" in entry:
        return {}
    if which in entry and isinstance(entry[which], dict):
        return dict(entry[which])
    return entry if which == "questions" and "p50" in entry else {}


def _plot(result: dict[str, Any], which: str, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    sizes = [s["size"] for s in result["sizes"]]
    for key, label in ENGINES:
        points = [
            (size, _latency(s.get(key), which).get("p50"))
            for size, s in zip(sizes, result["sizes"], strict=True)
        ]
        points = [(x, y) for x, y in points if y]
        if points:
            ax.plot(
                *zip(*points, strict=True), marker="o", label=label.split(" (")[0].replace("`", "")
            )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("paragraphs in the library")
    ax.set_ylabel("median latency per question (ms)")
    ax.set_title(f"Top-10 latency, {which.replace('_', ' ')} (log-log)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write(result: dict[str, Any], docs: Path) -> None:
    """Write the report and its PNG plots next to it."""
    docs.mkdir(parents=True, exist_ok=True)
    for which in ("questions", "snippets"):
        _plot(result, which, docs / f"benchmarks-{which}.png")
    m = result["machine"]
    lines = [
        "# Benchmarks: newsbot beside the BM25 baselines",
        "",
        "Written by `python -m bench scale --data ../shared/data` "
        f"({m['date']}; {m['cores']} cores, {m['cpu']}; Python {m['python']}, "
        f"SQLite {m['sqlite']}). All figures come from one run; the raw numbers are in "
        "`bench-results/scale.json`.",
        "",
        "Corpus: real news paragraphs from `../shared/data` (PolNeAR, RealTime QA, BBC News, "
        "Wikinews); beyond the real ones (about 108k), real articles with their sentences "
        "shuffled and regrouped (fixed seed). Questions: "
        f"{result['questions']['questions']} RealTime QA quiz questions (`questions`) and "
        f"{result['questions']['snippets']} four-word snippets of real paragraphs "
        "(`snippets`), the same at every size. Each engine runs in its own process; "
        "the slow baselines stop after 60 s of questions (`n` says how many they answered). "
        "newsbot's figures are whole answers (planned search, re-ranking, quotations and "
        "citations); the baselines' are a top-10 of paragraph ids.",
        "",
        "![latency, quiz questions](benchmarks-questions.png)",
        "![latency, snippets](benchmarks-snippets.png)",
        "",
    ]
    lines += _targets(result)
    for s in result["sizes"]:
        lines += _size_section(s)
    lines += _ratios(result)
    (docs / "benchmarks.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _size_section(s: dict[str, Any]) -> list[str]:
    imp = s["import"]
    lines = [
        f"## {s['size']:,} paragraphs",
        "",
        f"Import through `newsbot import` (quotation extraction on): {imp['articles']:,} "
        f"articles, {imp['paragraphs']:,} paragraphs, {imp['quotes']:,} quotations in "
        f"{imp['seconds']} s: **{imp['paragraphs_per_second']:,} paragraphs/s**; database "
        f"{imp['database_mb']} MB.",
        "",
        "| engine | questions p50 / p95 / p99 ms | n | snippets p50 / p95 / p99 ms | n | "
        "peak RSS MB | add one 20-paragraph article |",
        "|---|---|---|---|---|---|---|",
    ]
    for key, label in ENGINES:
        entry = s.get(key)
        if not entry:
            continue
        if "error" in entry:
            lines.append(f"| {label} | failed: {entry['error']} | | | | | |")
            continue
        q = _latency(entry, "questions")
        n = _latency(entry, "snippets")
        add = entry.get("add_article", {})
        add_text = f"{add['ms']:,.1f} ms ({add.get('how', 'incremental')})" if add else "–"
        if key == "newsbot" and add:
            seen = (
                "visible to the next question"
                if add["visible_to_next_question"]
                else ("NOT visible to the next question")
            )
            add_text = f"{add['ms']:,.1f} ms, {seen} (it answered in {add['first_question_ms']} ms)"
        lines.append(
            f"| {label} | {_ms(q)} / {_ms(q, 'p95')} / {_ms(q, 'p99')} | {q.get('n', '–')} | "
            f"{_ms(n)} / {_ms(n, 'p95')} / {_ms(n, 'p99')} | {n.get('n', '–')} | "
            f"{entry.get('peak_rss_mb', '–')} | {add_text} |"
        )
    nb = s.get("newsbot", {})
    if "questions" in nb:
        lines += [
            "",
            "Exact top-10 proven by the bound (see `retrieval/topk.py`): "
            f"{nb['questions']['proven_exact']} of {nb['questions']['n']} quiz questions, "
            f"{nb['snippets']['proven_exact']} of {nb['snippets']['n']} snippets; the rest "
            "are answered from the best candidates of the informative terms.",
        ]
    proc = s.get("newsbot_process", {})
    if "start_to_first_answer_ms" in proc:
        lines.append(
            f"`newsbot ask -` starts and answers its first question in "
            f"{proc['start_to_first_answer_ms']:,} ms."
        )
    return [*lines, ""]


def _ratios(result: dict[str, Any]) -> list[str]:
    lines = [
        "## Ratios (median latency, quiz questions)",
        "",
        "| paragraphs | rank-bm25 / newsbot | raw FTS5 / newsbot | newsbot / tantivy |",
        "|---|---|---|---|",
    ]
    for s in result["sizes"]:
        ours = _latency(s.get("newsbot"), "questions").get("p50")
        if not ours:
            continue

        lines.append(
            f"| {s['size']:,} | {_ratio(s, 'rank_bm25', ours)} | {_ratio(s, 'fts5', ours)} | "
            f"{_ratio(s, 'tantivy', ours, inverse=True)} |"
        )
    return [*lines, ""]


def _ratio(s: dict[str, Any], key: str, ours: float, inverse: bool = False) -> str:
    theirs = _latency(s.get(key), "questions").get("p50")
    if not theirs:
        return "–"
    return f"{(ours / theirs if inverse else theirs / ours):,.1f}×"


def _targets(result: dict[str, Any]) -> list[str]:
    """The issue's targets beside what this run measured (quiz questions, engine API)."""
    by_size = {s["size"]: s for s in result["sizes"]}
    rows: list[tuple[str, str, bool]] = []

    def latency(size: int, key: str) -> float | None:
        value = _latency(by_size.get(size, {}).get("newsbot"), "questions").get(key)
        return float(value) if value is not None else None

    big = max(by_size)
    mid = 100_000 if 100_000 in by_size else None
    p50, p95 = latency(big, "p50"), latency(big, "p95")
    if p50 is not None and p95 is not None:
        rows.append((f"question p50 ≤ 10 ms at {big:,}", f"{p50:.1f} ms", p50 <= 10))
        rows.append((f"question p95 ≤ 40 ms at {big:,}", f"{p95:.1f} ms", p95 <= 40))
    if mid is not None and (m95 := latency(mid, "p95")) is not None:
        rows.append(("question p95 ≤ 10 ms at 100,000", f"{m95:.1f} ms", m95 <= 10))
        ours = latency(mid, "p50")
        theirs = _latency(by_size[mid].get("rank_bm25"), "questions").get("p50")
        if ours and theirs:
            rows.append(
                (
                    "≥ 25× faster than rank-bm25 at 100,000 (p50)",
                    f"{theirs / ours:.1f}×",
                    theirs / ours >= 25,
                )
            )
    add = by_size[big].get("newsbot", {}).get("add_article")
    if add:
        ok = add["ms"] <= 50 and add["visible_to_next_question"]
        seen = "visible" if add["visible_to_next_question"] else "not visible"
        rows.append(
            (
                f"add a 20-paragraph article at {big:,} ≤ 50 ms, visible",
                f"{add['ms']:.1f} ms, {seen}",
                ok,
            )
        )
    rate = by_size[big]["import"]["paragraphs_per_second"]
    rows.append(("import ≥ 5,000 paragraphs/s with quotations", f"{rate:,}", rate >= 5000))
    rss = max(
        by_size[big].get("newsbot", {}).get("peak_rss_mb", 0),
        by_size[big].get("newsbot_process", {}).get("peak_rss_mb", 0),
    )
    rows.append((f"peak RSS answering at {big:,} ≤ 150 MB", f"{rss:.0f} MB", rss <= 150))
    lines = ["## Targets", "", "| target | measured | |", "|---|---|---|"]
    lines += [f"| {what} | {value} | {'met' if ok else '**missed**'} |" for what, value, ok in rows]
    return [*lines, ""]
