"""Answers, articles and quotations as Discord embeds, always within Discord's limits.

Pure functions: engine models in, `discord.Embed` out. Article text is untrusted: markdown is
escaped and long text trimmed around the words that matched; messages are sent with
`allowed_mentions` none, so an "@everyone" in an article pings no one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import discord
from discord.utils import escape_markdown

from bot import present
from bot.present import clip, excerpt
from retrieval.models import Answer, Article, CheckReport, Feed, Passage, Quote, Stats

# Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
CONTENT = 2000
TITLE = 256
DESCRIPTION = 4096
FIELD_NAME = 256
FIELD_VALUE = 1024
FIELDS = 25
FOOTER = 2048
AUTHOR = 256
EMBED_TOTAL = 6000
EMBEDS = 10

COLOUR = discord.Colour(0x2B6CB0)
MISS_COLOUR = discord.Colour(0x718096)
TONE_COLOURS = {"good": 0x2F855A, "warn": 0xB7791F, "other": 0x805AD5, "bad": 0xC53030}
NO_MENTIONS = discord.AllowedMentions.none()
# Discord marks the two kinds of difference by underlining and striking through.
DIFF_MARKS = {"same": "{}", "added": "__{}__", "missing": "~~{}~~"}
_DIFF_NAMES = {"added": "underlined", "missing": "struck"}
DIFF_LEGEND = (
    "("
    + "; ".join(
        f"{DIFF_MARKS[op].format(_DIFF_NAMES[op])}: {meaning}"
        for op, meaning in present.DIFF_MEANING.items()
    )
    + ")"
)


def safe(text: str | None) -> str:
    """Untrusted text with markdown escaped and zero-width and control characters removed."""
    if not text:
        return ""
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]", "", text)
    # Stacked combining marks (zalgo) are capped at two a letter.
    text = re.sub(r"([\u0300-\u036f\u0489]{2})[\u0300-\u036f\u0489]+", r"\1", text)
    return escape_markdown(text)


def bold_matches(text: str, matched: Sequence[str]) -> str:
    """Escaped text with the question's words in bold."""
    out = safe(text)
    for word in sorted(set(matched), key=len, reverse=True):
        out = re.sub(present.matched_pattern(word), r"**\1**", out)
    return out


def link_url(url: str | None) -> str | None:
    """A URL usable in a masked link: http(s), no spaces or closing parentheses, ≤ 512 chars."""
    if not url or not url.startswith(("http://", "https://")) or len(url) > 512:
        return None
    return url.replace(" ", "%20").replace(")", "%29")


def citation(p: Passage) -> str:
    """`[title](url) · source · date · [¶n of N](link)`."""
    cited = present.citation(p)
    title = safe(clip(cited.title, 120))
    url = link_url(cited.url)
    parts = [f"[{title}]({url})" if url else f"**{title}**"]
    parts += [safe(x) for x in cited.details]
    link = link_url(cited.link)
    parts.append(f"[{cited.paragraph}]({link})" if link else cited.paragraph)
    return " · ".join(parts)


def passage_field(p: Passage, number: int) -> tuple[str, str]:
    """(name, value) of one passage's embed field."""
    name = f"{number}. " + (f"🗣️ {p.speaker}" if p.speaker else clip(p.title, 200))
    cite = citation(p)
    room = FIELD_VALUE - len(cite) - 2
    body = bold_matches(excerpt(p.text, p.matched, min(present.EXCERPT_CHARS, room)), p.matched)
    if len(body) > room:
        body = safe(excerpt(p.text, p.matched, max(room // 2, 50)))
    return clip(name, FIELD_NAME), clip(f"{body}\n{cite}", FIELD_VALUE)


def direct_text(answer: Answer) -> str:
    """The direct answer: verdict, speaker, quotation and the difference."""
    direct = answer.answer
    if direct is None:
        return ""
    lines: list[str] = []
    if said := present.verdict(direct):
        lines.append(f"{said.icon} {said.words}")
    if named := present.speaker(direct):
        who, role = named
        lines.append(f"**{safe(who)}**" + (f" — {safe(role)}" if role else ""))
    if direct.quote:
        lines.append(f"> {safe(clip(direct.quote, 1500))}")
    if direct.diff:
        shown = " ".join(DIFF_MARKS[op].format(safe(words)) for op, words in direct.diff)
        lines.append(f"Difference: {clip(shown, 800)} {DIFF_LEGEND}")
    return "\n".join(lines)


@dataclass(frozen=True)
class Rendered:
    """What to send: text content and embeds."""

    content: str | None
    embeds: list[discord.Embed]


def answer_message(answer: Answer, max_passages: int = 5) -> Rendered:
    """The reply to a question: direct answer on top, then cited passages (or closest misses)."""
    title = clip(answer.question or "Question", TITLE)
    description = direct_text(answer)
    if answer.note:
        description = f"{description}\n\n*{safe(answer.note)}*".strip()
    embed = discord.Embed(title=title, description=clip(description, DESCRIPTION) or None)
    passages = answer.passages[:max_passages]
    misses = answer.closest[: present.CLOSEST_SHOWN] if not passages else ()
    said = present.verdict(answer.answer) if answer.answer else None
    embed.colour = (
        MISS_COLOUR if not passages else discord.Colour(TONE_COLOURS[said.tone]) if said else COLOUR
    )
    for number, p in enumerate(passages, start=1):
        name, value = passage_field(p, number)
        embed.add_field(name=name, value=value, inline=False)
    for number, p in enumerate(misses, start=1):
        name, value = passage_field(p, number)
        embed.add_field(name=present.closest_label(number), value=value, inline=False)
    if passages:
        embed.set_footer(text=f"{present.confidence_label(answer)} · newsbot")
    return Rendered(None, [fit(embed)])


def check_message(report: CheckReport) -> Rendered:
    """A message's quotations checked: one embed each (the verdict, who really said it, and
    the citation), or, when it quotes nothing, the answer to what it says; all within one
    message's 6,000 characters."""
    embeds: list[discord.Embed] = []
    for checked in report.checked:
        embed = answer_message(checked.answer, max_passages=1).embeds[0]
        embed.title = clip(present.claimed_label(checked.quote, checked.speaker), TITLE)
        embed.set_footer(text=None)
        embeds.append(fit(embed))
    if report.more:
        embeds[-1].set_footer(text=present.unchecked_label(report.more))
    if report.search is not None:
        embed = answer_message(report.search, max_passages=3).embeds[0]
        embed.description = clip(
            f"*{present.NO_QUOTATION}*\n\n{embed.description or ''}".strip(), DESCRIPTION
        )
        embeds.append(fit(embed))
    # The embeds of one message share its 6,000 characters: the longest give way first.
    while sum(len(e) for e in embeds) > EMBED_TOTAL:
        longest = max(embeds, key=len)
        if longest.fields:
            longest.remove_field(len(longest.fields) - 1)
        else:
            longest.description = clip(
                longest.description or "", len(longest.description or "") // 2
            )
    return Rendered(None, embeds)


def fit(embed: discord.Embed) -> discord.Embed:
    """Drop trailing fields until the embed is within the 6,000-character total."""
    while len(embed) > EMBED_TOTAL and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
    if len(embed) > EMBED_TOTAL and embed.description:
        embed.description = clip(
            embed.description, max(0, len(embed.description) - len(embed) + EMBED_TOTAL - 10)
        )
    return embed


def article_line(a: Article) -> str:
    """One line of an article list."""
    meta = " · ".join(safe(x) for x in (a.source, a.published) if x)
    url = link_url(a.url)
    title = safe(clip(a.title, 150))
    head = f"[{title}]({url})" if url else f"**{title}**"
    return f"`{a.id}` {head}" + (f" — {meta}" if meta else "") + f" · {a.paragraphs} ¶"


def feed_line(feed: Feed, status: bool = False) -> str:
    """A feed as admins see it: number, title and address; with `status`, its last poll."""
    title = safe(clip(feed.title or feed.url, 120))
    url = link_url(feed.url)
    line = f"`{feed.id}` " + (f"[{title}]({url})" if url else f"**{title}**")
    if status:
        if feed.last_error:
            line += f" — ⚠️ {safe(clip(feed.last_error, 200))}"
        elif feed.last_polled:
            line += f" — every {feed.every} min, last read {feed.last_polled[:16]} UTC"
        else:
            line += f" — every {feed.every} min, not read yet"
    return line


def articles_page(
    articles: Sequence[Article], page: int, pages: int, search: str | None
) -> discord.Embed:
    """One page of `/articles`."""
    title = "Articles" + (f" matching “{clip(search, 100)}”" if search else "")
    lines = [article_line(a) for a in articles] or [
        "No articles yet. Admins add them with `/admin add`."
    ]
    embed = discord.Embed(
        title=clip(title, TITLE), description=clip("\n".join(lines), DESCRIPTION), colour=COLOUR
    )
    embed.set_footer(text=f"page {page + 1} of {max(pages, 1)}")
    return embed


def article_pages(
    article: Article, paragraphs: Sequence[str], scope_note: str
) -> list[discord.Embed]:
    """`/article`: metadata, link and paragraphs over as many embeds as needed (at most 10)."""
    meta = [safe(x) for x in (article.source, article.author, article.published) if x]
    head = " · ".join(meta)
    url = link_url(article.url)
    first = discord.Embed(
        title=clip(article.title, TITLE), url=url, colour=COLOUR, description=head or None
    )
    first.set_footer(
        text=clip(f"article {article.id} · {len(paragraphs)} paragraphs · {scope_note}", FOOTER)
    )
    embeds = [first]
    current = first
    for n, text in enumerate(paragraphs, start=1):
        value = clip(safe(text), FIELD_VALUE)
        if len(current.fields) == FIELDS or len(current) + len(value) + 10 > EMBED_TOTAL - 100:
            if len(embeds) == EMBEDS:
                break
            current = discord.Embed(colour=COLOUR)
            embeds.append(current)
        current.add_field(name=f"¶{n}", value=value, inline=False)
    # Several embeds in one message share the 6,000-character total.
    while sum(len(e) for e in embeds) > EMBED_TOTAL and len(embeds) > 1:
        embeds.pop()
    if sum(len(e) for e in embeds) > EMBED_TOTAL:
        fit(embeds[0])
        while len(embeds[0]) > EMBED_TOTAL - 200 and embeds[0].fields:
            embeds[0].remove_field(len(embeds[0].fields) - 1)
    return embeds


def quotes_embed(quotes: Sequence[Quote], speaker: str | None) -> discord.Embed:
    """`/quotes`: quotations with their speakers and articles."""
    title = f"Quotations of {clip(speaker, 100)}" if speaker else "Quotations"
    embed = discord.Embed(title=clip(title, TITLE), colour=COLOUR)
    if not quotes:
        embed.description = "No quotations found."
    for q in quotes[:10]:
        who = safe(q.speaker or "unknown speaker") + (f" — {safe(q.role)}" if q.role else "")
        where = f"`{q.article_id}` {safe(clip(q.article_title, 150))} · ¶{q.paragraph}"
        value = f"> {safe(clip(q.text, 700))}\n{where}"
        embed.add_field(name=clip(who, FIELD_NAME), value=clip(value, FIELD_VALUE), inline=False)
    return fit(embed)


def stats_embed(stats: Stats, server: str | None) -> discord.Embed:
    """`/stats`."""
    embed = discord.Embed(
        title="Library" + (f" of {clip(server, 200)}" if server else ""), colour=COLOUR
    )
    embed.add_field(name="Articles", value=f"{stats.articles:,}")
    embed.add_field(name="Paragraphs", value=f"{stats.paragraphs:,}")
    embed.add_field(name="Quotations", value=f"{stats.quotes:,}")
    embed.add_field(name="Speakers", value=f"{stats.speakers:,}")
    return embed


HELP = (
    "**Ask** with `/ask` or by mentioning me: *who said “we are not on the same side of the "
    "coin”?*, *what did the mayor say about the bridge?*, *which countries make up the Northern "
    "Triangle?*, *did Ruiz say “the bridge will open in May”?*\n"
    "**Check a post**: right-click a message → Apps → *Check quote* (are its quotations real, "
    "and whose?) or *Find source* (what the library says about it).\n"
    "**Browse** with `/articles`, `/article`, `/quotes`, `/stats`.\n"
    "**Admins** (Manage Server or the admin role) add articles with `/admin add url|file|text`, "
    "import JSONL with `/admin import`, subscribe to feeds with `/admin feed add`, change "
    "articles with `/admin edit` and remove them with `/admin remove`.\n"
    "Every answer cites its article, source, date and paragraph; ¶ links open the passage. "
    "👍 / 👎 under an answer tell us whether it was right."
)


def help_embed() -> discord.Embed:
    """`/help`."""
    return discord.Embed(title="newsbot", description=HELP, colour=COLOUR)


def embed_problems(embeds: Sequence[discord.Embed], content: str | None = None) -> list[str]:
    """Every way a message breaks Discord's limits (empty when it is valid)."""
    problems: list[str] = []
    if content and len(content) > CONTENT:
        problems.append(f"content {len(content)} > {CONTENT}")
    if len(embeds) > EMBEDS:
        problems.append(f"{len(embeds)} embeds > {EMBEDS}")
    total = 0
    for e in embeds:
        data = e.to_dict()
        total += len(e)
        if len(data.get("title", "")) > TITLE:
            problems.append("title too long")
        if len(data.get("description", "")) > DESCRIPTION:
            problems.append("description too long")
        fields = data.get("fields", [])
        if len(fields) > FIELDS:
            problems.append("too many fields")
        for f in fields:
            if not f["name"] or len(f["name"]) > FIELD_NAME:
                problems.append("field name empty or too long")
            if not f["value"] or len(f["value"]) > FIELD_VALUE:
                problems.append("field value empty or too long")
        if len(data.get("footer", {}).get("text", "")) > FOOTER:
            problems.append("footer too long")
    if total > EMBED_TOTAL:
        problems.append(f"embeds total {total} > {EMBED_TOTAL}")
    return problems
