"""Who a question asks about, resolved against the library's speakers.

People name people the way they talk: by surname ("mayorkas"), first name ("doris"), full name
in any case, misspelt ("mayorcas", "sarandan"), by initials ("rbg", "mbs"), or by role
("the cnn president", "that barclays capital guy"). Names are looked up in the quotation
index's speaker column; a role is left to the articles, which say who holds it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from retrieval.index.tokens import stem, words
from retrieval.names import (
    HONORIFICS,
    ROLE_HEADS,
    ROLE_QUALIFIERS,
    ROLE_WORDS,
    Mention,
    People,
    name_runs,
)
from retrieval.naming import SLIP_LENGTH, one_slip, refers_to

# Words of a reference that describe rather than name ("that barclays capital guy").
DESCRIBING = ROLE_WORDS | frozenset(
    """
    guy guys man woman person people bloke dude lady boss owner fan fans host anchor reporter
    actor actress singer star player striker keeper goalkeeper footballer researcher scientist
    expert doctor officials legislator lawmaker mp mps bishop lord billionaire businessman
    businesswoman new old fired ex then current that this those his her their its my our of
    at from in for with who whose s
    """.split()
)
_SKIP = {h.rstrip(".") for h in HONORIFICS} | {"the", "a", "an", "that", "this"}
# Describing words that can stand for a person ("the villa manager", "that guy"); not those
# that only qualify one ("former", "new", "of").
PERSON_WORDS = (
    DESCRIBING
    - ROLE_QUALIFIERS
    - frozenset(
        """new old fired ex then current that this those his her their its my our of at from
        in for with who whose s""".split()
    )
)


class SpeakerIndex(Protocol):
    """What resolving needs of the store."""

    async def speakers_named(
        self, word: str, scope: int | None, limit: int = 200, prefix: bool = False
    ) -> list[str]: ...


def name_words(asked: str) -> list[str]:
    """The words of a reference that may be a name (roles and descriptions left out)."""
    return [w for w in words(asked) if w not in _SKIP and w not in DESCRIBING and not w.isdigit()]


def description_words(asked: str) -> set[str]:
    """The describing words of a reference ("cnn", "president" in "the cnn president")."""
    return {w for w in words(asked) if w not in _SKIP and w not in {"guy", "man", "woman"}}


def describes(asked: str) -> bool:
    """A reference by role ("londons new mayor"), not by name alone: it holds a word for a
    person ("the word prime generally" does not)."""
    return any(w in PERSON_WORDS and w not in _SKIP for w in words(asked))


# "Khan, a Muslim, was elected as mayor of London", "Okoro is the president of the league".
_PREDICATE_ROLE = re.compile(
    r"(?<![\w'’])(?P<who>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3})(?:,[^,.]{1,60},)?\s+"
    r"(?:was|is|has\s+been|had\s+been|became|becomes)\s+"
    r"(?:(?:elected|named|appointed|sworn\s+in|chosen|made|installed)\s+(?:as\s+)?)?"
    r"(?:the\s+|a\s+|an\s+)?(?P<role>(?:[a-z][\w'’-]*\s+){0,3}?"
    rf"(?:{'|'.join(sorted(ROLE_HEADS, key=len, reverse=True))})"
    r"(?:\s+of\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})?)\b"
)


def holder(paragraphs: Sequence[str], described: set[str]) -> str | None:
    """The person an article names with the role described ("Transport Minister Ruth Kaye"
    for "the transport minister"): the one whose role holds most of the description ("Crown
    Prince Mohammed" before "Prince Alwaleed" for "the saudi crown prince"), then the most
    often so named."""
    wanted = {stem(w) for w in described if w not in DESCRIBING or w in ROLE_WORDS}
    roles = {stem(w) for w in described if w in ROLE_WORDS}
    if not roles:
        return None
    scores: dict[str, tuple[int, int]] = {}
    people = People()
    for paragraph in paragraphs:
        mentions = [mention for _, _, mention in name_runs(paragraph)]
        for mention in mentions:
            if mention.name:
                people.note(mention.name, mention.role)
        for match in _PREDICATE_ROLE.finditer(paragraph):
            # "Khan, a Muslim, was elected mayor of London": a role said of someone named.
            named = people.resolve(match.group("who"))
            if named:
                mentions.append(Mention(named, match.group("role")))
        for mention in mentions:
            if mention.name is None or mention.role is None:
                continue
            role = {stem(w) for w in words(mention.role)}
            shared = len(wanted & role)
            if roles & role and shared >= min(2, len(wanted)):
                name = people.note(mention.name, mention.role)
                best, seen = scores.get(name, (0, 0))
                scores[name] = (max(best, shared), seen + 1)
    return max(scores, key=lambda n: scores[n]) if scores else None


def speaker_matches(asked: str, speaker: str | None, role: str | None = None) -> bool:
    """Whether a reference as typed names this speaker: the speaker's name by the one rule
    of `naming.refers_to` (a possessive typed without its apostrophe included: "kellis
    quote"), or, as people type in a chat, their first name alone or their initials ("rbg"),
    or every word of it in the speaker's role."""
    if not speaker:
        return False
    asked_words = name_words(asked)
    speaker_words = [w for w in words(speaker) if w not in _SKIP]
    if not speaker_words:
        return False
    if asked_words:
        last = asked_words[-1]
        for typed in dict.fromkeys([last, last[:-1] if last.endswith("s") else last]):
            if refers_to([*asked_words[:-1], typed], speaker_words):
                return True
        if len(asked_words) == 1 and len(speaker_words) >= 2 and not describes(asked):
            if one_slip(last, speaker_words[0]) and len(last) >= SLIP_LENGTH:
                return True
            initials = "".join(w[0] for w in speaker_words)
            if 2 <= len(last) <= 4 and last == initials:
                return True
    role_words = set(words(role or ""))
    described = description_words(asked)
    return bool(role_words) and bool(described) and described <= role_words


async def resolve_speakers(index: SpeakerIndex, asked: str, scope: int | None) -> list[str]:
    """Speakers of the library a reference names, most quoted first (empty for a role the
    library's speaker names cannot tell: the articles tell it)."""
    candidates = name_words(asked)
    if not candidates:
        return []
    found: list[str] = []
    # The surname is usually the last word; a first name alone is the only word.
    for word in reversed(candidates):
        for variant in dict.fromkeys([word, word[:-1] if word.endswith("s") else word]):
            if len(variant) < 2:
                continue
            for name in await index.speakers_named(variant, scope):
                if name not in found and speaker_matches(asked, name):
                    found.append(name)
        if found:
            # Names spelt as asked go before names one slip away ("kelli" before "Kelly"),
            # a possessive typed without its apostrophe included ("kellis quote").
            spelt = set(candidates) | {w[:-1] for w in candidates if w.endswith("s")}
            return sorted(found, key=lambda n: not set(words(n)) & spelt)
    last = candidates[-1]
    if len(last) >= 4:
        # A misspelt surname usually keeps its first letters.
        for name in await index.speakers_named(last[:3], scope, 500, prefix=True):
            if name not in found and speaker_matches(asked, name):
                found.append(name)
    if not found and len(candidates) == 1 and 2 <= len(last) <= 4 and not describes(asked):
        # Initials: "rbg" is Ruth Bader Ginsburg.
        for name in await index.speakers_named(last[-1], scope, 2000, prefix=True):
            if name not in found and speaker_matches(asked, name):
                found.append(name)
    return found
