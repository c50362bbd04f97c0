"""People's names in news text: finding them, splitting off roles, and resolving mentions.

Pure functions: no I/O, no model. Within one article "Mr Giammattei", "Giammattei" and the
misspelt "Giammettei" all resolve to the first full name used ("Alejandro Giammattei"), while
two people who share a first name stay apart (names are matched on the surname).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from retrieval.text import fold

HONORIFICS = frozenset(
    """
    mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame lord lady rev rev. fr fr. sen
    sen. rep rep. gov gov. lt lt. gen gen. col col. capt capt. sgt sgt. adm adm. maj maj.
    cmdr cmdr. pres pres. st st. hon hon. jr jr. sr sr.
    """.split()
)
ROLE_WORDS = frozenset(
    """
    president vice secretary minister prime senator sen congressman congresswoman
    representative rep governor gov mayor chief director spokesman spokeswoman spokesperson
    chairman chairwoman chair leader speaker commissioner ambassador attorney general judge
    justice officer official adviser advisor aide manager ceo founder executive head deputy
    professor analyst economist candidate nominee chancellor king queen prince princess pope
    coach captain sheriff inspector superintendent commander lieutenant colonel sergeant
    admiral major counsel lawyer strategist pollster spokesperson treasurer whip member
    majority minority house senate state homeland security foreign defense defence interior
    health justice department federal national white republican democratic democrat gop u.s.
    us uk un eu former acting assistant associate senior junior campaign press first lady
    councillor councilor councilman councilwoman alderman engineer bishop archbishop cardinal
    priest pastor vicar rabbi imam
    """.split()
)
# Capitalised words that start sentences or name things, never people.
NOT_NAMES = frozenset(
    """
    the a an in on at of for and but or if when while after before since as this that these
    those it its he she they we i you his her their our my your there here then so yet still
    monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december today yesterday tomorrow
    according however meanwhile also both some many most all one two three but because
    though although despite during what who why how where which mr mrs ms dr
    said says added asked told wrote
        stated explained noted continued argued replied responded hours days weeks later
        more wait note
    """.split()
)
PRONOUNS = frozenset(["he", "she", "they", "i", "we", "it", "who"])

_TOKEN = re.compile(r"[A-Z][\w'’.-]*|[a-z][\w'’.-]*|\S")


@dataclass(frozen=True)
class Mention:
    """A speaker as written: the name part and the role part."""

    name: str | None
    role: str | None


@lru_cache(maxsize=50_000)
def is_name_token(token: str) -> bool:
    """A capitalised word that can be part of a person's name."""
    bare = token.rstrip(".,")
    if not bare or not bare[0].isupper():
        return False
    low = fold(bare)
    return low not in NOT_NAMES and low not in ROLE_WORDS and low not in HONORIFICS


@lru_cache(maxsize=50_000)
def split_role(phrase: str) -> Mention:
    """Name and role of a phrase: 'Homeland Security Secretary Alejandro Mayorkas' gives the
    name 'Alejandro Mayorkas' and the role 'Homeland Security Secretary'."""
    phrase = re.sub(r"['’]s\b", "'s", phrase.strip(" ,;:"))
    tokens = phrase.split()
    if not tokens:
        return Mention(None, None)
    # The name is the run of name-like capitalised words at the end.
    end = len(tokens)
    start = end
    while start > 0 and (
        is_name_token(tokens[start - 1])
        or (
            start < end
            and fold(tokens[start - 1])
            in {"de", "da", "van", "von", "al", "bin", "le", "del", "di"}
        )
    ):
        start -= 1
    name_tokens = [re.sub(r"['’]s$", "", t.rstrip(".,")) for t in tokens[start:end]]
    role_tokens = [t for t in tokens[:start] if fold(t.rstrip(".")) not in HONORIFICS]
    # Strip a leading determiner from the role ("the Guatemalan president").
    while role_tokens and fold(role_tokens[0]) in {"the", "a", "an"}:
        role_tokens = role_tokens[1:]
    name = " ".join(name_tokens) or None
    role = " ".join(role_tokens).strip(" ,") or None
    return Mention(name, role)


@lru_cache(maxsize=50_000)
def surname(name: str) -> str:
    """The last word of a name, folded (suffixes like Jr. dropped)."""
    parts = [p for p in name.replace(",", " ").split() if fold(p.rstrip(".")) not in HONORIFICS]
    return fold(parts[-1]) if parts else fold(name)


@dataclass
class People:
    """The people of one article, in order of first full mention, for resolving later mentions."""

    full_names: list[str] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)
    last_mentioned: str | None = None

    def note(self, name: str, role: str | None = None) -> str:
        """Record a mention and return its canonical name."""
        canonical = self.resolve(name) or name
        if canonical == name and len(name.split()) >= 2 and name not in self.full_names:
            self.full_names.append(name)
        if role and canonical not in self.roles:
            self.roles[canonical] = role
        self.last_mentioned = canonical
        return canonical

    def resolve(self, name: str) -> str | None:
        """The full name a mention refers to, or None if the article has not named them."""
        if not name:
            return None
        parts = name.split()
        last = surname(name)
        exact = [full for full in self.full_names if surname(full) == last]
        if len(parts) >= 2:
            # A full name resolves to itself unless it is a longer or shorter form of one known.
            first = fold(parts[0])
            same = [f for f in exact if fold(f.split()[0]) == first or len(f.split()) != len(parts)]
            return same[-1] if same else None
        if exact:
            return exact[-1]
        if len(last) >= 5:
            close = [
                full
                for full in self.full_names
                if surname(full)[:1] == last[:1] and fuzz.ratio(surname(full), last) >= 80
            ]
            if close:
                return close[-1]
        return None

    def by_role(self, description: str) -> str | None:
        """A named person whose role shares a role word with a description ('the president')."""
        wanted = {w for w in fold(description).split() if w in ROLE_WORDS}
        wanted -= {"former", "acting", "the", "house", "state", "national", "federal", "us", "u.s."}
        if not wanted:
            return None
        for name in reversed(self.full_names):
            role = self.roles.get(name)
            if role and wanted & set(fold(role).split()):
                return name
        return None


# Words that make a capitalised run an organisation, a law or a place rather than a person.
ORGANISATION_WORDS = frozenset(
    """
    act department court committee party council agency office commission association union
    university house senate congress administration campaign news times post journal network
    company inc corp bank fund institute center centre foundation board report bureau service
    ministry government organization organisation group club church school police street avenue
    county city state states republic kingdom nations army navy force airport hospital
    """.split()
)

_NAME_RUN = re.compile(
    r"(?:(?:[A-Z][\w'’.-]*|of|the|de|da|van|von|al|bin|del|di)\s+){0,6}[A-Z][\w'’-]*[\w]"
)


_POSSESSIVE = re.compile(r"(?<=\w)['’]s\s(?=\S)")


def name_runs(text: str) -> list[tuple[int, int, Mention]]:
    """Capitalised runs in `text` that hold a person's name, with offsets and any role. A
    possessive ends a name ("Knight's Birmingham home" names Knight, not "Knight Birmingham";
    "Obama's Chief of Staff Denis McDonough" names Denis McDonough)."""
    out: list[tuple[int, int, Mention]] = []
    for match in _NAME_RUN.finditer(text):
        start = match.start()
        pieces = _POSSESSIVE.split(match.group(0))
        for piece in pieces:
            end = start + len(piece)
            mention = split_role(piece)
            if (
                mention.name
                and len(mention.name.split()) >= 2
                and not is_organisation(mention.name)
            ):
                if mention.role is None:
                    role = _role_before(text, start) or _role_after(text, end)
                    mention = Mention(mention.name, role)
                out.append((start, end, mention))
            start = end + 3
    return out


def is_organisation(name: str) -> bool:
    """Whether a name is an organisation, a law or a place ("Voter Registration Act")."""
    return any(fold(word) in ORGANISATION_WORDS for word in name.split())


def _role_before(text: str, at: int) -> str | None:
    """Role words right before `at`, where a name starts ("city engineer" in "city engineer
    Tomas Lindqvist")."""
    # Four words are read back, from a window rather than the whole text before the name: a
    # long paragraph with many names would otherwise be split again for every one of them.
    start = max(0, at - 160)
    words = text[start:at].split()
    if start and words and not text[start - 1].isspace():
        words = words[1:]
    taken: list[str] = []
    for token in reversed(words[-4:]):
        if fold(token) in ROLE_WORDS or (token[:1].isupper() and fold(token) not in NOT_NAMES):
            taken.insert(0, token)
        else:
            break
    if not any(fold(t) in ROLE_WORDS for t in taken):
        return None
    return " ".join(taken) or None


# Role words that end a role ("campaign strategist"), not those that qualify one ("former").
ROLE_HEADS = frozenset(
    w
    for w in ROLE_WORDS
    if w.isalpha()
    and w
    not in """former acting assistant associate senior junior vice prime majority minority
    house senate state homeland security foreign defense defence interior health department
    federal national white republican democratic democrat gop us uk un eu first press campaign
    deputy member""".split()
)
# ", the transport minister," / ", Obama's former campaign strategist," after a name.
_ROLE_AFTER = re.compile(
    r",\s+(?P<role>(?:(?:the|a|an|[A-Z][\w]*['’]s)\s+)?(?:[a-z][\w'’-]*\s+){0,4}"
    rf"(?:{'|'.join(sorted(ROLE_HEADS, key=len, reverse=True))}))"
    r"(?=[\s,.;:])"
)


def _role_after(text: str, end: int) -> str | None:
    """A role in apposition right after a name ends at `end` ("Ruth Kaye, the transport
    minister, said"), without its determiner."""
    match = _ROLE_AFTER.match(text, end)
    if match is None:
        return None
    return re.sub(r"^(?:the|a|an)\s+", "", match.group("role"))
