"""The measured part of docs/scaling.md and its plot, from `python -m bench servers`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

START, END = "<!-- measured: start -->", "<!-- measured: end -->"
PLOT = "scaling-processes.png"


def _plot(result: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = result["answering"]
    counts = [r["processes"] for r in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.8))
    left.plot(counts, [r["questions_per_second"] for r in rows], marker="o")
    left.set_xlabel("newsbot processes on one library")
    left.set_ylabel("questions per second, all processes")
    left.set_xticks(counts)
    left.set_ylim(bottom=0)
    for key, label in (("p50", "p50"), ("p95", "p95")):
        right.plot(counts, [r[key] for r in rows], marker="o", label=label)
    right.set_xlabel("newsbot processes on one library")
    right.set_ylabel("latency per question (ms)")
    right.set_xticks(counts)
    right.set_ylim(bottom=0)
    right.legend()
    for ax in (left, right):
        ax.grid(True, alpha=0.3)
    fig.suptitle(f"{result['file']['paragraphs']:,} paragraphs, {result['machine']['cores']} cores")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def measured(result: dict[str, Any]) -> str:
    """The measured section, as Markdown."""
    machine = result["machine"]
    lines = [
        START,
        f"Measured by `python -m bench servers` on {machine['date']}: {machine['cpu']}, "
        f"{machine['cores']} cores, Python {machine['python']}, SQLite {machine['sqlite']}; "
        f"a library of {result['file']['paragraphs']:,} paragraphs (real news recombined to "
        f"size, quotations extracted); each process answers for {result['seconds']:g} s "
        "through `Engine.ask`, without pause, all starting together "
        "(`bench-results/servers.json`).",
        "",
        f"![questions per second and latency against processes]({PLOT})",
        "",
        "| processes | questions / s | p50 ms | p95 ms | p99 ms | peak memory of one (MB) |",
        "|---|---|---|---|---|---|",
    ]
    for r in result["answering"]:
        lines.append(
            f"| {r['processes']} | {r['questions_per_second']:,.1f} | {r['p50']:,.1f} | "
            f"{r['p95']:,.1f} | {r['p99']:,.1f} | {r['peak_rss_mb']:,.0f} |"
        )
    alone, loaded = result["import_alone"], result["import_loaded"]
    during = result["answering_during_import"]
    lines += [
        "",
        "| import into the same file | paragraphs | seconds | paragraphs / s |",
        "|---|---|---|---|",
        f"| alone | {alone['paragraphs']:,} | {alone['seconds']:g} | "
        f"{alone['paragraphs_per_second']:,} |",
        f"| while 2 processes answer | {loaded['paragraphs']:,} | {loaded['seconds']:g} | "
        f"{loaded['paragraphs_per_second']:,} |",
        "",
        f"Questions the two processes asked while that import ran: "
        f"{during['questions_per_second']:,.1f} questions / s, p50 {during['p50']:,.1f} ms, "
        f"p95 {during['p95']:,.1f} ms.",
        "",
        f"The library file: {result['file']['mb']:,.0f} MB, "
        f"{result['file']['mb_per_million_paragraphs']:,.0f} MB per million paragraphs; one "
        f"answering process holds {result['file']['process_mb']:,.0f} MB at its peak.",
        END,
    ]
    return "\n".join(lines)


def write(result: dict[str, Any], docs: Path) -> None:
    """Put the measured section into docs/scaling.md (keeping the rest) and draw the plot."""
    docs.mkdir(parents=True, exist_ok=True)
    page = docs / "scaling.md"
    text = page.read_text(encoding="utf-8") if page.is_file() else f"# Scaling\n\n{START}\n{END}\n"
    section = measured(result)
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
    text = pattern.sub(lambda _: section, text) if pattern.search(text) else text + "\n" + section
    page.write_text(text, encoding="utf-8")
    _plot(result, docs / PLOT)
