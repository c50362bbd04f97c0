"""`newsbot preview`: the bot's answers as an HTML page that looks like Discord, for docs and
for admins who want to see a reply before inviting the bot."""

from __future__ import annotations

import argparse
import html
import re
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.discordbot.render import answer_message
from retrieval.engine import Engine

STYLE = """
body { background: #313338; color: #dbdee1; font: 15px/1.4 'Noto Sans', 'DejaVu Sans', sans-serif;
       margin: 0; padding: 24px; }
.msg { display: flex; gap: 14px; margin-bottom: 28px; max-width: 760px; }
.avatar { width: 40px; height: 40px; border-radius: 50%; background: #2b6cb0; flex: none;
          color: white; font-weight: bold; display: flex; align-items: center;
          justify-content: center; }
.name { color: #f2f3f5; font-weight: 600; }
.tag { background: #5865f2; color: white; font-size: 10px; border-radius: 3px; padding: 1px 4px;
       margin-left: 4px; }
.ask { color: #b5bac1; margin: 2px 0 6px; }
.embed { background: #2b2d31; border-left: 4px solid; border-radius: 4px; padding: 10px 16px 14px; }
.title { color: #f2f3f5; font-weight: 600; margin: 4px 0 8px; }
.field { margin-top: 10px; } .fname { color: #f2f3f5; font-weight: 600; }
.footer { color: #949ba4; font-size: 12px; margin-top: 10px; }
blockquote { border-left: 4px solid #4e5058; margin: 4px 0; padding-left: 10px; }
a { color: #00a8fc; text-decoration: none; } u { text-decoration: underline; }
"""


def markdown(text: str) -> str:
    """The subset of Discord markdown the renderer emits, as HTML."""
    escaped: list[str] = []

    def keep(match: re.Match[str]) -> str:
        escaped.append(match.group(1))
        return f"\x00{len(escaped) - 1}\x00"

    text = re.sub(r"\\(.)", keep, text)
    text = html.escape(text)
    text = re.sub(r"\[([^\]]+)\]\((https?://[^)\s]+)\)", r'<a href="\2">\1</a>', text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    text = re.sub(r"__(.+?)__", r"<u>\1</u>", text)
    text = re.sub(r"~~(.+?)~~", r"<s>\1</s>", text)
    text = re.sub(r"(?<![*\w])\*(.+?)\*(?!\*)", r"<i>\1</i>", text)
    text = re.sub(r"(?m)^&gt; (.*)$", r"<blockquote>\1</blockquote>", text)
    text = text.replace("\n", "<br>")
    return re.sub(r"\x00(\d+)\x00", lambda m: html.escape(escaped[int(m.group(1))]), text)


def embed_html(embed: dict[str, Any]) -> str:
    """One embed."""
    colour = f"#{embed.get('color', 0x2B6CB0):06x}"
    parts = [f'<div class="embed" style="border-color:{colour}">']
    if "title" in embed:
        parts.append(f'<div class="title">{html.escape(embed["title"])}</div>')
    if "description" in embed:
        parts.append(f"<div>{markdown(embed['description'])}</div>")
    for field in embed.get("fields", []):
        parts.append(
            f'<div class="field"><div class="fname">{markdown(field["name"])}</div>'
            f"<div>{markdown(field['value'])}</div></div>"
        )
    if "footer" in embed:
        parts.append(f'<div class="footer">{html.escape(embed["footer"]["text"])}</div>')
    parts.append("</div>")
    return "".join(parts)


def page(exchanges: list[tuple[str, list[dict[str, Any]]]]) -> str:
    """A Discord-like page of questions and the bot's replies."""
    body = []
    for question, embeds in exchanges:
        body.append(
            '<div class="msg"><div class="avatar">nb</div><div style="flex:1">'
            '<span class="name">newsbot</span><span class="tag">APP</span>'
            f'<div class="ask">replying to /ask {html.escape(question)}</div>'
            + "".join(embed_html(e) for e in embeds)
            + "</div></div>"
        )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><style>{STYLE}</style></head>"
        f"<body>{''.join(body)}</body></html>"
    )


async def cmd_preview(engine: Engine, args: argparse.Namespace, settings: Settings) -> int:
    """Answer the questions and write the Discord-like page."""
    exchanges: list[tuple[str, list[dict[str, Any]]]] = []
    for question in args.questions:
        answer = await engine.ask(question, args.guild, settings.results)
        embeds: list[dict[str, Any]] = [dict(e.to_dict()) for e in answer_message(answer).embeds]
        exchanges.append((question, embeds))
    Path(args.out).write_text(page(exchanges), encoding="utf-8")
    return 0
