"""The quotations in a message someone posted, and who the message says said each one:
"Mayorkas said the US was 'on pace …'", "apparently Harris said “…”", "“…,” said Hale",
"Ruiz: “…”". Pure: no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.intent import SPEAK
from retrieval.names import PRONOUNS
from retrieval.query import QUESTION_WORDS, STOPWORDS
from retrieval.quotes import extract

# A quotation worth checking has at least this many words ("fake news" is a phrase).
MIN_WORDS = 3
# Quotations checked in one message: enough for any real post, within one reply's room.
MAX_CLAIMS = 5

_SPANS = re.compile(
    r"[“«„\"](?P<double>[^“”«»„\"]{2,600})[”»\"]"
    r"|(?<![\w'’])[‘'](?P<single>[^‘’'\n]{2,600}?)[’'](?![\w'’])"
)
# "… harris said", "the minister told reporters", "Kaye has claimed that", "Ruiz:"
_BEFORE = re.compile(
    r"(?P<who>(?:[\w'’.&-]+\s+){0,3}?[\w'’.&-]+)\s+(?:(?:had|has|have|really|actually|once|"
    r"just|also|supposedly|apparently)\s+)*(?:" + SPEAK + r")\b(?:\s+\w+)?\s*(?:that\s*)?"
    r"[,:]?\s*$"
    r"|(?P<named>(?:[\w'’.&-]+\s+){0,2}[\w'’.&-]+)\s*:\s*$",
    re.IGNORECASE,
)
# "“…,” said Martin Hale", "“…” - martin hale", "“…”, according to the minister"
_AFTER = re.compile(
    r"^\s*[,.]?\s*(?:[-–—]+\s*|(?:" + SPEAK + r")\s+|according\s+to\s+)"
    r"(?P<who>(?:[\w'’.&-]+\s*){1,4})",
    re.IGNORECASE,
)
_CHATTER = (
    STOPWORDS
    | QUESTION_WORDS
    | frozenset(
        "so but and i heard read saw see did you lol omg wtf ok okay yeah yes no hey look "
        "apparently supposedly someone somebody anyone everyone nobody people person guy dude "
        "this that".split()
    )
)


@dataclass(frozen=True)
class Claimed:
    """A quotation a message gives, and who it says said it (None: it does not say)."""

    words: str
    speaker: str | None


def _who(phrase: str) -> str | None:
    """A name or a description from the words before or after a verb of speaking, with the
    chatter around it left out ("apparently harris" is "harris")."""
    words = phrase.split()
    while words and words[0].casefold().strip(",.") in _CHATTER - {"the"}:
        words = words[1:]
    while words and words[-1].casefold().strip(",.") in _CHATTER:
        words = words[:-1]
    who = " ".join(words).strip(" ,.:;-–—")
    if not who or who.casefold() in PRONOUNS or who.casefold() in _CHATTER:
        return None
    return who


def claims(text: str) -> list[Claimed]:
    """The quotations of `text` (three words or more), each with its speaker as the text
    names them."""
    spans = [
        (m.start(), m.end(), (m.group("double") or m.group("single")).strip())
        for m in _SPANS.finditer(text)
    ]
    spans = [s for s in spans if len(s[2].split()) >= MIN_WORDS]
    if not spans:
        return []
    # The marks made alike, so that the article extractor reads chat's straight singles too.
    marked = list(text)
    for start, end, _ in spans:
        marked[start], marked[end - 1] = "“", "”"
    attributed = {
        (start, end): q.speaker
        for q in extract(["".join(marked)])
        for _, start, end in q.segments
        if q.speaker
    }
    found: list[Claimed] = []
    for start, end, words in spans:
        # Chat names the speaker right before the words ("Hale said “…”"); failing that,
        # the text is read as an article's would be ("“…,” Ruiz said"), then after them.
        speaker = None
        before = re.split(r"[.!?;]\s|[”\"’']", text[:start])[-1]
        if match := _BEFORE.search(before):
            speaker = _who(match.group("who") or match.group("named") or "")
        if speaker is None:
            speaker = next(
                (who for (a, b), who in attributed.items() if a < end and start < b), None
            )
        if speaker is None and (match := _AFTER.match(text[end:])):
            speaker = _who(match.group("who"))
        found.append(Claimed(words.strip(" ,"), speaker))
    return found
