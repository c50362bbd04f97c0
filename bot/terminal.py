"""Rendering answers, articles and quotations for a terminal (rich)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from retrieval.models import Answer, Article, Passage, Quote

VERDICTS = {
    "exact": "[green]Yes — those are the exact words.[/]",
    "close": "[yellow]Nearly — the words differ slightly.[/]",
    "other": "[magenta]Someone else said those words.[/]",
    "not_found": "[red]No — no such quotation found.[/]",
}


# The marks say what colour says, for a terminal without colour or output piped to a file.
DIFF_MARKS = {"added": ("[+", "+]", "bold green"), "missing": ("[-", "-]", "strike red")}
DIFF_LEGEND = "[+…+] said, not in your words · [-…-] in your words, not said"


def difference(diff: Sequence[tuple[str, str]]) -> Text:
    """A claim's words against the real quotation, in colour and in plain-text marks."""
    out = Text("difference: ", style="dim")
    for n, (op, words) in enumerate(diff):
        if n:
            out.append(" ")
        if op in DIFF_MARKS:
            opening, closing, style = DIFF_MARKS[op]
            out.append(f"{opening}{words}{closing}", style=style)
        else:
            out.append(words)
    return out


def citation(p: Passage) -> str:
    """`Title · source · date · ¶n of N` with the link when there is one."""
    parts = [f"[bold]{escape(p.title)}[/]"]
    parts += [escape(x) for x in (p.source, p.published) if x]
    parts.append(f"¶{p.paragraph} of {p.paragraphs_total}")
    line = " · ".join(parts)
    if p.link:
        line += f"\n[dim]{escape(p.link)}[/]"
    return line


def highlighted(text: str, matched: Sequence[str], limit: int = 700) -> Text:
    """The passage with the question's words in bold (trimmed around them when long)."""
    if len(text) > limit:
        first = min(
            (m.start() for w in matched if (m := re.search(rf"\b{re.escape(w)}", text, re.I))),
            default=0,
        )
        start = max(0, first - limit // 3)
        text = ("…" if start else "") + text[start : start + limit] + "…"
    out = Text(text)
    for word in matched:
        out.highlight_regex(rf"(?i)\b{re.escape(word)}\w*", "bold yellow")
    return out


def passage_panel(p: Passage, number: int, closest: bool = False) -> Panel:
    """One passage with its citation."""
    body: list[RenderableType] = [highlighted(p.text, p.matched)]
    if p.speaker:
        body.insert(0, Text.from_markup(f"[cyan]speaker:[/] {escape(p.speaker)}"))
    body.append(Text.from_markup(citation(p)))
    title = f"closest match {number}" if closest else f"{number}"
    return Panel(
        Group(*body), title=title, title_align="left", border_style="dim" if closest else "blue"
    )


def answer_view(answer: Answer) -> RenderableType:
    """The whole answer, the direct answer on top."""
    parts: list[RenderableType] = []
    direct = answer.answer
    if direct is not None:
        lines = []
        if direct.verdict:
            lines.append(VERDICTS[direct.verdict])
        if direct.speaker:
            who = escape(direct.speaker) + (
                f" [dim]({escape(direct.role)})[/]" if direct.role else ""
            )
            lines.append(f"[bold cyan]{who}[/]")
        if direct.quote:
            lines.append(f"“{escape(direct.quote)}”")
        body: list[RenderableType] = [Text.from_markup("\n".join(lines))]
        if direct.diff:
            body += [difference(direct.diff), Text(DIFF_LEGEND, style="dim")]
        parts.append(Panel(Group(*body), title="answer", title_align="left", border_style="cyan"))
    if answer.note:
        parts.append(Text(answer.note, style="italic"))
    for n, p in enumerate(answer.passages, start=1):
        parts.append(passage_panel(p, n))
    for n, p in enumerate(answer.closest, start=1):
        parts.append(passage_panel(p, n, closest=True))
    if not answer.passages and not answer.closest and not answer.note:
        parts.append(Text("Nothing found.", style="italic"))
    if answer.passages:
        parts.append(Text(f"confidence {answer.confidence:.2f}", style="dim"))
    return Group(*parts)


def cut_notice(shown: int, total: int, what: str, how: str) -> str | None:
    """The line that says a list is cut, and how to see the rest (None: it is whole)."""
    return f"showing {shown:,} of {total:,} {what}: {how}" if shown < total else None


def articles_table(articles: Sequence[Article]) -> Table:
    """`newsbot list`."""
    table = Table("id", "title", "source", "published", "¶", box=None, header_style="bold")
    for a in articles:
        table.add_row(
            str(a.id), escape(a.title), escape(a.source or ""), a.published or "", str(a.paragraphs)
        )
    return table


def article_view(article: Article, paragraphs: Sequence[str]) -> RenderableType:
    """`newsbot show`."""
    meta = " · ".join(escape(x) for x in (article.source, article.author, article.published) if x)
    head = f"[bold]{escape(article.title)}[/]\n{meta}"
    if article.url:
        head += f"\n[dim]{escape(article.url)}[/]"
    body = [Text.from_markup(head)]
    body += [Text(f"¶{n}  {text}") for n, text in enumerate(paragraphs, start=1)]
    return Group(*body)


def quotes_table(quotes: Sequence[Quote]) -> Table:
    """`newsbot quotes`."""
    table = Table("speaker", "quote", "article", "¶", box=None, header_style="bold")
    for q in quotes:
        who = escape(q.speaker or "unknown") + (f"\n[dim]{escape(q.role)}[/]" if q.role else "")
        table.add_row(
            who, escape(q.text), f"{q.article_id} {escape(q.article_title)}", str(q.paragraph)
        )
    return table
