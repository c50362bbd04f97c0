"""Rendering answers, articles and quotations for a terminal (rich)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from bot import present
from retrieval.models import Answer, Article, CheckReport, Passage, Quote

TONES = {"good": "green", "warn": "yellow", "other": "magenta", "bad": "red"}
# The marks say what colour says, for a terminal without colour or output piped to a file.
DIFF_MARKS = {"added": ("[+", "+]", "bold green"), "missing": ("[-", "-]", "strike red")}
DIFF_LEGEND = " · ".join(
    f"{DIFF_MARKS[op][0]}…{DIFF_MARKS[op][1]} {meaning}"
    for op, meaning in present.DIFF_MEANING.items()
)


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
    """`Title · source · date · ¶n of N`, with the link to the passage when there is one."""
    cited = present.citation(p)
    parts = [f"[bold]{escape(cited.title)}[/]", *(escape(x) for x in cited.details)]
    parts.append(cited.paragraph)
    line = " · ".join(parts)
    if cited.link:
        line += f"\n[dim]{escape(cited.link)}[/]"
    return line


def highlighted(text: str, matched: Sequence[str]) -> Text:
    """The passage's excerpt with the question's words in bold."""
    out = Text(present.excerpt(text, matched))
    for word in matched:
        out.highlight_regex(present.matched_pattern(word), "bold yellow")
    return out


def passage_panel(p: Passage, number: int, closest: bool = False) -> Panel:
    """One passage with its citation."""
    body: list[RenderableType] = [highlighted(p.text, p.matched)]
    if p.speaker:
        body.insert(0, Text.from_markup(f"[cyan]speaker:[/] {escape(p.speaker)}"))
    body.append(Text.from_markup(citation(p)))
    title = present.closest_label(number) if closest else f"{number}"
    return Panel(
        Group(*body), title=title, title_align="left", border_style="dim" if closest else "blue"
    )


def answer_view(answer: Answer) -> RenderableType:
    """The whole answer, the direct answer on top."""
    parts: list[RenderableType] = []
    direct = answer.answer
    if direct is not None:
        lines = []
        if said := present.verdict(direct):
            lines.append(f"[{TONES[said.tone]}]{escape(said.words)}[/]")
        if named := present.speaker(direct):
            who, role = named
            lines.append(
                f"[bold cyan]{escape(who)}[/]" + (f" [dim]({escape(role)})[/]" if role else "")
            )
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
    for n, p in enumerate(answer.closest[: present.CLOSEST_SHOWN], start=1):
        parts.append(passage_panel(p, n, closest=True))
    if not answer.passages and not answer.closest and not answer.note:
        parts.append(Text(present.NOTHING_FOUND, style="italic"))
    if answer.passages:
        parts.append(Text(present.confidence_label(answer), style="dim"))
    return Group(*parts)


def check_view(report: CheckReport) -> RenderableType:
    """A message checked: each quotation and its verdict, or the message searched."""
    parts: list[RenderableType] = []
    for checked in report.checked:
        label = present.claimed_label(checked.quote, checked.speaker)
        parts.append(Text(label, style="bold"))
        parts.append(answer_view(checked.answer))
    if report.more:
        parts.append(Text(present.unchecked_label(report.more), style="italic"))
    if report.search is not None:
        parts.append(Text(present.NO_QUOTATION, style="italic"))
        parts.append(answer_view(report.search))
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
